"""The reference and history fixtures: they load on both engines, every row validates, and
they say what DESIGN.md says (territory, taxonomy wording, who steered which plan)."""

import csv
import datetime
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils.text import slugify

from cai.models import (
    Acronym,
    Audience,
    Commune,
    InterventionAxis,
    RightsFramework,
    TargetPublic,
    Theme,
)
from concertation.models import Attendance
from plans.models import Diagnostic, Memorandum, Milestone, Plan, SteeringMembership

pytestmark = pytest.mark.django_db

COMMUNES_CSV = Path(settings.BASE_DIR).parent / "shared" / "data" / "communes_province_namur.csv"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
# The seed card's title, with its typographic apostrophes.
THE_2007_MILESTONE = (
    "Faciliter l’accès aux droits fondamentaux et le vivre-ensemble : "
    "la mise en place du plan local d’intégration"
)


@pytest.fixture
def loaded():
    call_command("loaddata", "reference", "history", verbosity=0)


def names(queryset):
    return list(queryset.order_by("position").values_list("name", flat=True))


def run_manage(database_url, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def assert_fixtures_load_on_a_fresh_database(database_url):
    migrate = run_manage(database_url, "migrate", "--noinput", "-v", "0")
    assert migrate.returncode == 0, migrate.stderr
    load = run_manage(database_url, "loaddata", "reference", "history")
    assert load.returncode == 0, load.stderr
    assert "from 2 fixture(s)" in load.stdout


# --- Loading ---------------------------------------------------------------------------------


def test_the_fixtures_load_into_an_empty_database_and_every_row_validates():
    domain_models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in {"cai", "plans", "concertation"}
        # Change history is written by the application, not loaded.
        and not hasattr(model, "history_object")
    ]
    assert not any(model.objects.exists() for model in domain_models)

    call_command("loaddata", "reference", "history", verbosity=0)

    invalid = []
    for model in domain_models:
        for row in model.objects.all():
            try:
                row.full_clean()
            except ValidationError as error:
                invalid.append(f"{model.__name__} {row.pk}: {error}")
    assert invalid == []
    assert Plan.objects.count() == Plan.objects.published().count() == 8
    assert Milestone.objects.count() == Milestone.objects.published().count()


def test_the_fixtures_load_on_sqlite_after_a_fresh_migrate(tmp_path):
    assert_fixtures_load_on_a_fresh_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")


def test_the_fixtures_load_on_postgresql_after_a_fresh_migrate():
    if connection.vendor == "postgresql":
        pytest.skip("The suite runs on PostgreSQL: the in-process loading test covers it.")
    psycopg = pytest.importorskip("psycopg")
    try:
        server = psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is unreachable in CI: {error}")
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is unreachable: {error}")

    name = f"cai_fixtures_{uuid.uuid4().hex[:12]}"
    database = psycopg.sql.Identifier(name)
    with server:
        server.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(database))
        try:
            assert_fixtures_load_on_a_fresh_database(f"{POSTGRES_SERVER}/{name}")
        finally:
            server.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {}").format(database))


# --- Territory -------------------------------------------------------------------------------


@pytest.mark.skipif(not COMMUNES_CSV.exists(), reason=f"{COMMUNES_CSV} is absent")
def test_the_communes_are_exactly_those_of_the_statbel_list(loaded):
    with COMMUNES_CSV.open(encoding="utf-8") as file:
        expected = {
            row["nis_code"]: (row["commune"], row["arrondissement_nis"], row["province_nis"])
            for row in csv.DictReader(file)
        }
    communes = Commune.objects.select_related("arrondissement")
    actual = {
        c.nis_code: (c.name, c.arrondissement_id, c.arrondissement.province_id) for c in communes
    }
    assert actual == expected
    assert len(actual) == 38


# --- The CAI taxonomy, worded as in DESIGN.md ------------------------------------------------


def test_the_intervention_axes_are_worded_as_the_cai_words_them(loaded):
    assert names(InterventionAxis.objects) == [
        "Accompagnement",
        "Communication",
        "In-Formation – sensibilisation",
        "Interpellation",
        "Recherche",
        "Travail en réseau",
        "Valorisation culturelle",
    ]


def test_the_target_publics_come_in_three_groups(loaded):
    groups = {}
    for public in TargetPublic.objects.order_by("position"):
        groups.setdefault(public.group, []).append(public.name)
    assert groups == {
        "cai": ["Administrateurs", "Équipe"],
        "operators": [
            "Associations d'immigrés",
            "Associatif société d'accueil",
            "ILDS / ILI",
            "Services publics",
        ],
        "people": [
            "Citoyens société d'accueil",
            "Communautés",
            "Personnes étrangères",
            "Personnes d'origine étrangère",
        ],
    }


def test_the_themes_are_general_or_specific(loaded):
    general = names(Theme.objects.filter(group=Theme.Group.GENERAL))
    specific = names(Theme.objects.filter(group=Theme.Group.SPECIFIC))
    assert general == [
        "Citoyenneté",
        "Enseignement / formation / emploi",
        "Genre",
        "Juridique / justice",
        "Logement",
        "Mobilité",
        "Santé",
    ]
    assert specific == [
        "Accueil",
        "Asile",
        "Immigration",
        "Intégration",
        "Interculturalité",
        "Lutte contre les discriminations",
        "Lutte contre le racisme",
        "Religions / culte",
    ]


def test_essentiel_pour_lists_five_audiences(loaded):
    assert names(Audience.objects) == [
        "Membres de l'équipe",
        "Bénéficiaires",
        "Partenaires et réseau",
        "Pouvoirs publics",
        "Grand public",
    ]


def test_every_term_has_the_slug_of_its_name_and_counts_its_position_from_one(loaded):
    for model in (InterventionAxis, TargetPublic, Theme, Audience):
        terms = list(model.objects.order_by("position"))
        assert [term.slug for term in terms] == [slugify(term.name) for term in terms]
        assert [term.position for term in terms] == list(range(1, len(terms) + 1))
    assert InterventionAxis.objects.get(slug="in-formation-sensibilisation")
    assert TargetPublic.objects.get(slug="ilds-ili")


def test_the_glossary_has_every_acronym_users_type(loaded):
    assert set(Acronym.objects.values_list("acronym", flat=True)) == {
        "CAI", "CRI", "CLPS", "PLI", "PLIC", "PPLI", "PCS", "PST",
        "ILI", "ILDS", "ILA", "DPC", "CPAS", "BAPA", "DIIS", "RGP",
        "CAW", "CAR", "PEOE",
    }  # fmt: skip
    assert "pas une ILI" in Acronym.objects.get(acronym="ILA").note
    assert "Bruxelles" in Acronym.objects.get(acronym="BAPA").note


# --- Rights frameworks -----------------------------------------------------------------------


def test_each_pcs_programming_has_its_own_grid_and_the_2026_grid_is_still_empty(loaded):
    def short_names(code):
        framework = RightsFramework.objects.get(code=code)
        return list(framework.axes.order_by("number").values_list("short_name", flat=True))

    assert short_names("pcs-2014-2019") == [
        "Revenu digne",
        "Santé",
        "Logement",
        "Travail",
        "Formation",
        "Épanouissement",
    ]
    assert short_names("pcs-2020-2025") == [
        "Travail et formation",
        "Logement et cadre de vie",
        "Santé",
        "Alimentation",
        "Épanouissement",
        "Participation et numérique",
        "Mobilité",
    ]
    assert short_names("pcs-2026-2031") == []


# --- The real history ------------------------------------------------------------------------


def test_ppli_1_was_steered_by_the_province_the_clps_and_the_cai(loaded):
    memberships = SteeringMembership.objects.filter(plan__code="ppli-1")
    assert set(memberships.values_list("organisation__code", flat=True)) == {
        "province-namur",
        "clps",
        "cai",
    }
    left = memberships.filter(organisation__code__in=["province-namur", "clps"])
    assert not left.current(datetime.date(2020, 1, 1)).exists()


def test_steering_seats_are_dated_no_more_precisely_than_the_sources(loaded):
    """The card gives the years of PPLI 1.0 (2017–2019), never a day of joining or leaving."""
    shown = {
        (m.plan.code, m.organisation.code): (m.started_display, m.ended_display)
        for m in SteeringMembership.objects.select_related("plan", "organisation")
    }
    assert shown == {
        ("ppli-1", "province-namur"): ("2017", "2019"),
        ("ppli-1", "clps"): ("2017", "2019"),
        ("ppli-1", "cai"): ("2017", "2019"),
        ("ppli-2", "cai"): ("2020", ""),
    }


def test_no_election_day_is_shown_that_no_source_gives(loaded):
    assert not Memorandum.objects.exclude(election_on=None).exists()
    texts = [m.narrative for m in Milestone.objects.all()]
    texts += [m.summary for m in Memorandum.objects.all()]
    assert not [text for text in texts if "octobre 2018" in text or "octobre 2006" in text]


def test_ppli_2_is_steered_by_the_cai_alone(loaded):
    memberships = SteeringMembership.objects.filter(plan__code="ppli-2")
    assert list(memberships.values_list("organisation__code", "role")) == [
        ("cai", SteeringMembership.Role.PILOT)
    ]
    ppli_2 = Plan.objects.get(code="ppli-2")
    assert ppli_2.predecessor.code == "ppli-1"
    assert ppli_2.framework.code == "pcs-2020-2025"


def test_the_second_namur_pli_was_adopted_by_the_communal_council_on_13_november_2014(loaded):
    plan = Plan.objects.get(code="pli-namur-2014")
    assert plan.adopted_by == Plan.AdoptionBody.COMMUNAL_COUNCIL
    assert plan.adopted_on == datetime.date(2014, 11, 13)
    assert plan.predecessor.code == "pli-namur-2008"


def test_florennes_has_a_plic_because_of_the_fedasil_centre(loaded):
    plic = Plan.objects.get(code="plic-florennes")
    assert plic.kind == Plan.Kind.PLIC
    assert list(plic.communes.values_list("name", flat=True)) == ["Florennes"]
    assert "Fedasil" in plic.summary


def test_the_2007_card_concerns_every_plan_whose_story_it_tells(loaded):
    milestone = Milestone.objects.get(title=THE_2007_MILESTONE)
    assert set(milestone.plans.values_list("code", flat=True)) == set(
        Plan.objects.values_list("code", flat=True)
    )


def test_milestones_other_than_the_card_carry_no_guessed_classification(loaded):
    """No source classifies them: the CAI fills them in (the seed card is checked against its
    own file in tests/plans/test_seed_card.py)."""
    others = Milestone.objects.exclude(title=THE_2007_MILESTONE)
    for field in ["audiences", "intervention_axes", "target_publics", "themes"]:
        assert not others.filter(**{f"{field}__isnull": False}).exists(), field


def test_the_facts_of_the_card_are_held_as_records(loaded):
    assert Acronym.objects.get(acronym="CAW").expansion == "Contrat d'Avenir pour la Wallonie"
    assert Acronym.objects.get(acronym="CAR").expansion == "Contrat d'Avenir renouvelé"
    assert Acronym.objects.get(acronym="PEOE").expansion == (
        "Personnes étrangères et d'origine étrangère"
    )
    regional = Memorandum.objects.get(code="memorandum-regionales-2009")
    assert (regional.title, regional.year, regional.election) == (
        "Mémorandum CAI régionales 2009",
        2009,
        Memorandum.Election.REGIONAL,
    )
    pst_3 = Milestone.objects.get(occurred_on=datetime.date(2005, 10, 19))
    axes = [items for paragraph, items in pst_3.narrative_blocks() if items]
    assert len(axes) == 1 and len(axes[0]) == 6
    assert "« Un logement décent pour tous »" in axes[0][0]
    pli_pcs = Milestone.objects.get(title__contains="plans de cohésion sociale", precision="year")
    assert pli_pcs.date_display == "2007"
    first_plis = Milestone.objects.get(title__startswith="Les premiers plans locaux")
    for commune in ["Viroinval", "Beauraing", "Philippeville", "Couvin"]:
        assert commune in first_plis.narrative
    diagnostic = Diagnostic.objects.get(code="diag-provincial-2015")
    assert diagnostic.method == Diagnostic.Method.META
    assert diagnostic.is_participatory


def test_dates_known_only_to_the_year_or_month_say_so(loaded):
    assert Milestone.objects.get(occurred_on=datetime.date(1996, 7, 4)).date_display == (
        "4 juillet 1996"
    )
    colloquium = Milestone.objects.get(occurred_on=datetime.date(2007, 11, 1))
    assert colloquium.date_display == "novembre 2007"
    assert Milestone.objects.get(title=THE_2007_MILESTONE).date_display == "2007"


def test_the_history_invents_no_attendance_or_participant_figures(loaded):
    assert not Attendance.objects.exists()
    assert Diagnostic.objects.get(code="diag-provincial-2015").participant_count is None
