"""The admin's streamed CSV export: the bytes of the regular CSV export, read without a model
instance per row (ExchangeResource.export_cells). Run on SQLite by default and on PostgreSQL
with DATABASE_URL, where the code lists come with their row."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cai.models import Theme
from cai.spreadsheets import csv_bytes, csv_text
from plans.models import Action, ActionPartner, ActionUpdate, Finding, Indicator, Recommendation
from plans.resources import (
    ActionResource,
    ActionUpdateResource,
    FindingResource,
    IndicatorResource,
    RecommendationResource,
)
from tests.factory import (
    make_action,
    make_action_partner,
    make_axis,
    make_commune,
    make_finding,
    make_framework,
    make_indicator,
    make_intervention_axis,
    make_objective,
    make_organisation,
    make_plan,
    make_recommendation,
    make_space,
    make_target_public,
    make_theme,
    make_update,
)
from tests.spreadsheets import admin_url, csv_rows, export

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    """PPLI 2.0, with actions whose every cell is one a spreadsheet could get wrong."""
    plan = make_plan(code="ppli-2", framework=make_framework(code="pcs-2020"))
    axis = make_axis(framework=plan.framework, code="pcs2020-2")
    communes = [make_commune(nis_code=code) for code in ["92137", "92094", "93014"]]
    # Codes that a database collation would sort otherwise than Python: case, "-", "_".
    themes = [make_theme(slug=slug) for slug in ["santé", "Zèbre", "-emploi", "_logement"]]
    organisations = {code: make_organisation(code=code) for code in ["cpas-namur", "clps", "cai"]}
    first = make_action(
        plan=plan,
        axis=axis,
        code="A-1",
        title="=1+1",
        description='Dit "bonjour"; puis\r\nau revoir\net à demain',
        objective=make_objective(plan=plan, code="OBJ-1"),
        lead_organisation=organisations["cai"],
        concertation_space=make_space(code="gt-logement"),
        started_on=datetime.date(2025, 9, 1),
        ended_on=datetime.date(2026, 6, 30),
        pcs_action_reference="-12",
        internal_note="@équipe\ttabulée",
        is_published=False,
    )
    first.communes.set(communes)
    first.themes.set(themes)
    first.intervention_axes.add(make_intervention_axis(slug="accueil"))
    first.target_publics.add(make_target_public(slug="+jeunes"))
    for code, role in [
        ("cpas-namur", ActionPartner.Role.OPERATIONAL),
        ("clps", ActionPartner.Role.CO_LEAD),
        ("cai", ActionPartner.Role.FUNDER),
    ]:
        make_action_partner(action=first, organisation=organisations[code], role=role)
    second = make_action(
        plan=plan,
        axis=axis,
        code="A-2",
        title="Accès aux soins — été à Éghezée",
        lead_organisation=organisations["clps"],
        started_on=datetime.date(2024, 1, 15),
    )
    second.communes.add(communes[1])
    make_action(plan=plan, axis=axis, code="A-10", title="\rRetour chariot", description="")
    return plan


def streamed(client, query=""):
    response = client.get(admin_url(Action, "streamed_export") + query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_streamed_export_gives_the_bytes_of_the_regular_csv_export(coordinator_client, plan):
    content = streamed(coordinator_client)
    assert content == export(coordinator_client, Action, "0").content
    header, *rows = csv_rows(content)
    first = dict(zip(header, rows[0], strict=True))
    assert first["intitulé"] == "'=1+1"
    assert first["communes"] == "92094, 92137, 93014"
    assert first["thématiques"] == "'-emploi, Zèbre, _logement, santé"
    assert first["partenaires"] == "cai (funder), clps (co_lead), cpas-namur (operational)"
    assert (first["début"], first["publiée"]) == ("01/09/2025", "non")


def test_a_filtered_streamed_export_gives_the_bytes_of_the_same_regular_export(
    coordinator_client, plan
):
    make_action(code="B-1")  # in another plan, and in no commune
    query = "?communes__nis_code__exact=92094"
    content = streamed(coordinator_client, query)
    assert content == export(coordinator_client, Action, "0", query).content
    assert [row[1] for row in csv_rows(content)[1:]] == ["A-1", "A-2"]


def test_the_streamed_export_costs_as_many_queries_for_more_actions(coordinator_client, plan):
    with CaptureQueriesContext(connection) as few:
        streamed(coordinator_client)
    for n in range(6):
        make_action(plan=plan, axis=plan.framework.axes.get(), code=f"C-{n}").communes.add("92094")
    with CaptureQueriesContext(connection) as more:
        streamed(coordinator_client)
    assert len(more) == len(few)


def test_a_theme_added_while_the_export_runs_is_written_with_its_code(plan):
    write_themes = ActionResource().fields["themes"].widget.formatter()
    added = make_theme(slug="ajoutée")
    assert write_themes([added.pk, Theme.objects.get(slug="santé").pk]) == "ajoutée, santé"


@pytest.fixture
def indicators_updates_findings_recommendations(plan):
    """A row of each other exchanged table, with numbers, choices and empty cells."""
    action = Action.objects.get(code="A-1")
    make_indicator(action=action, name="Séances", target=Decimal("12.50"))
    make_indicator(action=action, name="=cible", target=None, unit="")
    make_indicator(action=action, name="Participants", target=Decimal("1200"))
    make_update(action, reported_on=datetime.date(2025, 3, 9), progress=0, note="+ rien")
    finding = make_finding(code="C-1", statement="Des files; longues")
    finding.communes.set(["93014", "92094"])
    make_finding(code="C-2", is_published=False)
    make_recommendation(code="R-7", theme=make_theme(slug="mobilité"), follow_up_note="-")


@pytest.mark.parametrize(
    ("resource_class", "model"),
    [
        (ActionResource, Action),
        (ActionUpdateResource, ActionUpdate),
        (IndicatorResource, Indicator),
        (FindingResource, Finding),
        (RecommendationResource, Recommendation),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
@pytest.mark.usefixtures("indicators_updates_findings_recommendations")
def test_every_resource_writes_the_same_text_without_model_instances(resource_class, model):
    queryset = model._default_manager.order_by("pk")
    regular = csv_bytes(
        resource_class().spreadsheet_columns(), resource_class().export_rows(queryset)
    )
    resource = resource_class()
    cells = resource.export_cells(queryset)
    assert "".join(csv_text(resource.get_export_headers(), cells)).encode() == regular


@pytest.mark.parametrize(
    "cells",
    [
        ["a", "b"],
        ["a;b", "c"],
        ['dit "oui"', ""],
        ["ligne\r\nsuivante", "x"],
        ["retour\r", "x"],
        ["", ""],
        [""],
        [],
    ],
)
def test_csv_text_writes_each_line_as_csv_writer_does(cells):
    headers = [f"c{index}" for index in range(len(cells))]
    expected = io.StringIO()
    csv.writer(expected, delimiter=";").writerows([headers, cells])
    assert "".join(csv_text(headers, [[cells]])) == "\ufeff" + expected.getvalue()
