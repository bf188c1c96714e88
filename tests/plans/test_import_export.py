"""Action tables, updates, indicators, findings and recommendations in and out of the admin."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from cai.exchange.formats import CSV
from cai.spreadsheets import csv_bytes
from plans.models import Action, ActionPartner, ActionUpdate, Finding, Indicator, Recommendation
from plans.resources import ActionResource
from tests.factory import (
    make_action,
    make_action_partner,
    make_axis,
    make_commune,
    make_diagnostic,
    make_framework,
    make_memorandum,
    make_organisation,
    make_plan,
    make_theme,
    make_update,
    make_user,
)
from tests.spreadsheets import (
    XLSX_FORMAT,
    admin_url,
    csv_file,
    csv_rows,
    export,
    import_file,
    page_text,
    preview,
    problems,
    xlsx_file,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "plan",
    "code",
    "intitulé",
    "axe",
    "communes",
    "organisation porteuse",
    "partenaires",
    "début",
    "fin",
]


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(db):
    """PPLI 2.0 with one axis, two communes and three organisations to point to."""
    plan = make_plan(code="ppli-2", framework=make_framework(code="pcs-2020"))
    make_axis(framework=plan.framework, code="pcs2020-2", short_name="Logement")
    make_commune(nis_code="92094", name="Namur")
    make_commune(nis_code="92137", name="Sambreville")
    for code in ["cai", "clps", "cpas-namur"]:
        make_organisation(code=code, name=code.upper())
    return plan


def action_row(code="A-1", title="Permanence logement", communes="92094", **cells):
    row = {
        "plan": "ppli-2",
        "code": code,
        "intitulé": title,
        "axe": "pcs2020-2",
        "communes": communes,
        "organisation porteuse": "cai",
        "partenaires": "clps (co_lead), cpas-namur",
        "début": "01/09/2025",
        "fin": "2026-06-30",
        **cells,
    }
    return [row[column] for column in HEADER]


# --- Actions in -----------------------------------------------------------------------------


def test_an_action_table_creates_actions_with_axis_communes_lead_and_partners(
    coordinator_client, plan
):
    content = csv_file([HEADER, action_row(communes="92094, 92137")], encoding="cp1252")
    assert import_file(coordinator_client, Action, content).status_code == 302
    action = Action.objects.get(plan=plan, code="A-1")
    assert action.axis.code == "pcs2020-2"
    assert sorted(action.communes.values_list("nis_code", flat=True)) == ["92094", "92137"]
    assert action.lead_organisation.code == "cai"
    assert sorted(action.partnerships.values_list("organisation__code", "role")) == [
        ("clps", ActionPartner.Role.CO_LEAD),
        ("cpas-namur", ActionPartner.Role.OPERATIONAL),
    ]
    assert (action.started_on, action.ended_on) == (
        datetime.date(2025, 9, 1),
        datetime.date(2026, 6, 30),
    )


def test_a_second_import_changes_partners_and_communes_without_duplicating_the_action(
    coordinator_client, plan
):
    import_file(coordinator_client, Action, csv_file([HEADER, action_row()]))
    row = action_row(communes="92137", partenaires="clps (Partenaire opérationnel)")
    assert import_file(coordinator_client, Action, csv_file([HEADER, row])).status_code == 302
    action = Action.objects.get()
    assert list(action.communes.values_list("nis_code", flat=True)) == ["92137"]
    assert list(action.partnerships.values_list("organisation__code", "role")) == [
        ("clps", ActionPartner.Role.OPERATIONAL)
    ]


def test_an_action_file_with_mistakes_says_each_one_in_french_and_writes_nothing(
    coordinator_client, plan
):
    make_action(plan=plan, code="A-9", title="Ancien intitulé", axis=plan.framework.axes.get())
    rows = [
        HEADER,
        action_row("A-1", communes="92094, 99999"),
        action_row("A-2", **{"organisation porteuse": "inconnue"}),
        action_row("A-3", début="31/02/2025"),
        action_row("A-9", title="Nouvel intitulé"),
        action_row("A-1"),
        action_row("A-4", plan="ppli-9"),
        action_row("A-5", début="01/09/2026", fin="01/01/2026"),
    ]
    response = preview(coordinator_client, Action, csv_file(rows))
    assert problems(response) == [
        "Ligne 2, colonne « communes » : commune inconnue : 99999",
        "Ligne 3, colonne « organisation porteuse » : organisation inconnue : inconnue",
        "Ligne 4, colonne « début » : date invalide : 31/02/2025 (attendu : jj/mm/aaaa)",
        "Ligne 6 : cette ligne répète la clé « ppli-2 », « A-1 » de la ligne 2.",
        "Ligne 7, colonne « plan » : plan inconnu : ppli-9",
        "Ligne 8 : La date de fin ne peut pas précéder la date de début.",
    ]
    assert Action.objects.count() == 1
    assert Action.objects.get().title == "Ancien intitulé"


def test_a_file_that_turns_wrong_between_preview_and_confirmation_writes_nothing(
    coordinator_client, plan
):
    content = csv_file([HEADER, action_row("A-1"), action_row("A-2")])
    response = preview(coordinator_client, Action, content)
    plan.framework.axes.update(code="renamed")  # the axis code changes meanwhile
    from tests.spreadsheets import confirm

    refused = confirm(coordinator_client, Action, response)
    assert refused.status_code == 200
    assert "Rien n'a été importé" in page_text(refused)
    assert "Ligne 2, colonne « axe » : axe de droits inconnu : pcs2020-2" in problems(refused)
    assert not Action.objects.exists()


# --- Updates move their action -------------------------------------------------------------


def test_an_update_import_moves_the_action_and_matches_on_plan_action_and_date(
    coordinator_client, coordinator, plan
):
    action = make_action(plan=plan, code="A-1", axis=plan.framework.axes.get())
    make_update(action, reported_on=datetime.date(2025, 3, 1), progress=20)
    header = ["plan", "action", "date du point", "statut", "avancement (%)", "commentaire"]
    rows = [
        header,
        ["ppli-2", "A-1", "01/03/2025", "En cours", "30", "Premier bilan corrigé"],
        ["ppli-2", "A-1", "15/06/2025", "done", "100", "Clôturée"],
    ]
    assert import_file(coordinator_client, ActionUpdate, csv_file(rows)).status_code == 302
    assert action.updates.count() == 2
    assert action.updates.get(reported_on=datetime.date(2025, 3, 1)).progress == 30
    assert action.updates.get(reported_on=datetime.date(2025, 6, 15)).author == coordinator
    action.refresh_from_db()
    assert (action.status, action.progress) == (Action.Status.DONE, 100)


def test_an_update_above_one_hundred_percent_is_refused_in_french(coordinator_client, plan):
    make_action(plan=plan, code="A-1", axis=plan.framework.axes.get())
    rows = [
        ["plan", "action", "date du point", "statut", "avancement (%)"],
        ["ppli-2", "A-1", "01/03/2025", "in_progress", "150"],
        ["ppli-2", "A-7", "01/03/2025", "in_progress", "10"],
    ]
    assert problems(preview(coordinator_client, ActionUpdate, csv_file(rows))) == [
        "Ligne 2, colonne « avancement (%) » : "
        "Assurez-vous que cette valeur est inférieure ou égale à 100.",
        "Ligne 3, colonne « action » : action inconnue dans le plan « ppli-2 » : A-7",
    ]
    assert not ActionUpdate.objects.exists()


# --- Indicators: decimals with a comma ------------------------------------------------------


def test_indicator_targets_read_decimal_commas(coordinator_client, plan):
    make_action(plan=plan, code="A-1", axis=plan.framework.axes.get())
    rows = [
        ["plan", "action", "intitulé", "unité", "cible"],
        ["ppli-2", "A-1", "Séances d'information", "séances", "12,5"],
        ["ppli-2", "A-1", "Participants", "personnes", "1 250"],
    ]
    assert import_file(coordinator_client, Indicator, csv_file(rows)).status_code == 302
    assert dict(Indicator.objects.values_list("name", "target")) == {
        "Séances d'information": Decimal("12.5"),
        "Participants": Decimal("1250"),
    }
    header, *exported = csv_rows(export(coordinator_client, Indicator, "0").content)
    assert {row[header.index("cible")] for row in exported} == {"12,5", "1250"}


# --- Findings and recommendations --------------------------------------------------------


def test_findings_import_on_their_diagnostic_code(coordinator_client, plan):
    make_diagnostic(code="diag-2016")
    make_theme(slug="logement")
    rows = [
        ["diagnostic", "code", "nature", "constat", "axe", "thématiques", "communes", "priorité"],
        [
            "diag-2016",
            "C-1",
            "obstacle",
            "Discriminations au logement",
            "pcs2020-2",
            "logement",
            "92094",
            "Haute",
        ],
    ]
    assert import_file(coordinator_client, Finding, csv_file(rows)).status_code == 302
    finding = Finding.objects.get(diagnostic__code="diag-2016", code="C-1")
    assert finding.priority == Finding.Priority.HIGH
    assert list(finding.themes.values_list("slug", flat=True)) == ["logement"]
    rows[1][0] = "diag-1999"
    assert problems(preview(coordinator_client, Finding, csv_file(rows))) == [
        "Ligne 2, colonne « diagnostic » : diagnostic inconnu : diag-1999"
    ]


def test_recommendations_import_on_their_memorandum_code(coordinator_client, plan):
    make_memorandum(code="memo-2018")
    rows = [
        ["mémorandum", "code", "recommandation", "niveau", "suivi"],
        ["memo-2018", "R-7", "Ouvrir un guichet d'accueil", "communal", "Reprise dans un PCS"],
    ]
    assert import_file(coordinator_client, Recommendation, csv_file(rows)).status_code == 302
    recommendation = Recommendation.objects.get(memorandum__code="memo-2018", code="R-7")
    assert recommendation.follow_up == Recommendation.FollowUp.IN_PCS


# --- Exports and the round trip -------------------------------------------------------------


def some_actions(plan, count):
    axis = plan.framework.axes.get()
    for n in range(count):
        action = make_action(plan=plan, code=f"A-{n}", title=f"Action {n}", axis=axis)
        action.communes.add("92094")
        make_action_partner(action=action, organisation=make_organisation())


def test_an_exported_csv_edited_in_windows_1252_updates_the_same_actions(coordinator_client, plan):
    some_actions(plan, 3)
    header, *rows = csv_rows(export(coordinator_client, Action, "0").content)
    rows[0][header.index("intitulé")] = "Accès aux soins — été à Éghezée"
    rows[2][header.index("communes")] = "92094, 92137"
    content = csv_file([header, *rows], encoding="cp1252")
    assert "2 à modifier, 1 inchangée(s)" in page_text(preview(coordinator_client, Action, content))
    assert import_file(coordinator_client, Action, content).status_code == 302
    assert Action.objects.count() == 3
    assert ActionPartner.objects.count() == 3
    assert Action.objects.get(code="A-0").title == "Accès aux soins — été à Éghezée"
    assert Action.objects.get(code="A-2").communes.count() == 2


def test_an_exported_workbook_edited_updates_the_same_actions(coordinator_client, plan):
    some_actions(plan, 3)
    header, *rows = xlsx_rows(export(coordinator_client, Action, "2").content)
    rows[1][header.index("intitulé")] = "Ateliers d'écriture"
    rows[1][header.index("fin")] = datetime.datetime(2027, 1, 31)
    content = xlsx_file([header, *rows])
    assert (
        import_file(coordinator_client, Action, content, "a.xlsx", XLSX_FORMAT).status_code == 302
    )
    assert Action.objects.count() == 3
    action = Action.objects.get(code="A-1")
    assert (action.title, action.ended_on) == ("Ateliers d'écriture", datetime.date(2027, 1, 31))


def test_the_export_columns_are_the_import_columns(coordinator_client, plan):
    some_actions(plan, 1)
    header = csv_rows(export(coordinator_client, Action, "0").content)[0]
    assert header == [field.column_name for field in ActionResource().get_import_fields()]


def test_formula_looking_titles_are_neutralised_in_csv_and_xlsx(coordinator_client, plan):
    make_action(plan=plan, code="A-1", title="=1+1", axis=plan.framework.axes.get())
    header, row = csv_rows(export(coordinator_client, Action, "0").content)
    assert row[header.index("intitulé")] == "'=1+1"
    header, row = xlsx_rows(export(coordinator_client, Action, "2").content)
    assert row[header.index("intitulé")] == "'=1+1"


def test_the_streamed_export_writes_the_filtered_list(coordinator_client, plan):
    some_actions(plan, 3)
    make_action(code="B-1")  # in another plan
    url = admin_url(Action, "streamed_export") + f"?plan__id__exact={plan.pk}"
    response = coordinator_client.get(url)
    assert isinstance(response, StreamingHttpResponse)
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeffplan;code;".encode())
    header, *rows = csv_rows(content)
    assert sorted(row[1] for row in rows) == ["A-0", "A-1", "A-2"]
    assert header == csv_rows(export(coordinator_client, Action, "0").content)[0]


def test_the_action_list_links_to_the_streamed_export_with_its_filters(coordinator_client, plan):
    text = page_text(coordinator_client.get(admin_url(Action, "changelist") + "?status=done"))
    assert admin_url(Action, "streamed_export") + "?status=done" in text


@pytest.mark.parametrize(
    "model", [Action, ActionUpdate, Indicator, Finding, Recommendation], ids=lambda m: m.__name__
)
def test_the_import_and_export_pages_answer(coordinator_client, model):
    for page in ["import", "export", "dictionary"]:
        assert coordinator_client.get(admin_url(model, page)).status_code == 200


def test_the_streamed_export_needs_the_export_permission(client, plan):
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_action"))
    client.force_login(viewer)
    assert client.get(admin_url(Action, "changelist")).status_code == 200
    assert client.get(admin_url(Action, "streamed_export")).status_code == 403
    assert client.get(admin_url(Action, "export")).status_code == 403


# --- Cost ---------------------------------------------------------------------------------


def queries_to_retitle(plan, count):
    """Queries run by a preview that retitles the first `count` actions of the plan."""
    header, *rows = csv_rows(
        csv_bytes(ActionResource().spreadsheet_columns(), Action.objects.filter(plan=plan))
    )
    for row in rows[:count]:
        row[header.index("intitulé")] += " (bis)"
    dataset = CSV().create_dataset(csv_file([header, *rows[:count]]))
    with CaptureQueriesContext(connection) as queries:
        result = ActionResource().import_data(dataset, dry_run=True)
    assert result.totals["update"] == count
    return len(queries)


def test_a_file_of_thirty_actions_costs_as_many_queries_as_a_file_of_three(plan):
    some_actions(plan, 30)
    assert queries_to_retitle(plan, 30) == queries_to_retitle(plan, 3)
