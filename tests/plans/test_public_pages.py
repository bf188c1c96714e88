"""The public pages of the plans, as the anonymous visitor reads them.

Each page is checked on what it writes out (figures, dates, names), on its filters and
downloads, on what it must never show (unpublished records, internal notes), and on odd
query strings, which give a normal page or a 404, never a server error.
"""

import codecs
import csv
import datetime
import io
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from cai.models import (
    Audience,
    Commune,
    DatePrecision,
    InterventionAxis,
    RightsAxis,
    RightsFramework,
    TargetPublic,
    Theme,
)
from plans.models import Action, Plan, Recommendation, SteeringMembership
from tests.factory import (
    make_action,
    make_action_partner,
    make_attendance,
    make_diagnostic,
    make_finding,
    make_indicator,
    make_indicator_value,
    make_meeting,
    make_membership,
    make_memorandum,
    make_milestone,
    make_objective,
    make_organisation,
    make_plan,
    make_recommendation,
    make_space,
    make_steering_membership,
    make_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def counts_computed_afresh():
    """The commune list keeps its counts a few minutes in the cache: each test reads its own
    data, not the counts an earlier test left there."""
    cache.clear()


ACTION_CSV_HEADER = [
    "code du plan",
    "plan",
    "code de l'action",
    "action",
    "code de l'axe",
    "axe de droits",
    "statut",
    "avancement (%)",
    "code de l'organisation porteuse",
    "organisation porteuse",
    "partenaires",
    "codes INS des communes",
    "communes",
    "début",
    "fin",
]
MILESTONE_CSV_HEADER = [
    "date",
    "titre",
    "code du plan",
    "essentiel pour",
    "axes d'intervention",
    "publics ciblés",
    "thématiques",
    "récit",
]


# --- Reading a page as the visitor does ------------------------------------------------------


def html_of(response):
    """The body of a page or of a streamed download, as text."""
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def cells_of(response):
    """The page's HTML with the cells' labels for phones (data-label) left out."""
    return re.sub(r' data-label="[^"]*"', "", html_of(response))


def text_of(response):
    """What the visitor reads: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html_of(response))).split())


def axis_figures(response, axis_code):
    """The figures written out under one axis's progress bar."""
    block = html_of(response).split(f'href="/axes/{axis_code}/', 1)[1].split("</li>", 1)[0]
    block = block.split("</h3>", 1)[1]
    return " ".join(unescape(re.sub(r"<[^>]+>", "", block)).split())


def status_counts(response):
    """The per-status counts of the axis page: {"Réalisée": 1, …}."""
    pairs = re.findall(r"<li>([^<]+) : <strong>(\d+)</strong></li>", html_of(response))
    return {label: int(count) for label, count in pairs}


def action_titles(response):
    """Titles of the action cards of a list, in page order."""
    return re.findall(
        r'<li class="card">\s*<h3><a href="[^"]*">([^<]*)</a></h3>', html_of(response)
    )


def milestone_titles(response):
    return re.findall(r"</time> — <a [^>]*>([^<]*)</a></h3>", html_of(response))


def csv_rows(response):
    return list(csv.reader(io.StringIO(html_of(response)), delimiter=";"))


def counts(**by_status):
    """Every status's count as the axis page writes it, zero unless given."""
    labels = {
        "planned": "Prévue",
        "in_progress": "En cours",
        "done": "Réalisée",
        "postponed": "Reportée",
        "abandoned": "Abandonnée",
    }
    return {label: by_status.get(status, 0) for status, label in labels.items()}


# --- Reference data and the places the examples take place in --------------------------------


@pytest.fixture
def reference(db):
    """The province of Namur, the CAI taxonomy and the rights frameworks, as shipped."""
    call_command("loaddata", "reference", verbosity=0)


@pytest.fixture
def pcs_2020(reference):
    return RightsFramework.objects.get(code="pcs-2020-2025")


@pytest.fixture
def housing(reference):
    """Axis 2 of the PCS 2020–2025 grid: Logement, énergie, eau…"""
    return RightsAxis.objects.get(code="pcs2020-2")


@pytest.fixture
def work(reference):
    """Axis 1 of the PCS 2020–2025 grid: Travail/formation/apprentissage/insertion sociale."""
    return RightsAxis.objects.get(code="pcs2020-1")


@pytest.fixture
def sambreville(reference):
    return Commune.objects.get(nis_code="92137")


@pytest.fixture
def namur(reference):
    return Commune.objects.get(nis_code="92094")


@pytest.fixture
def sambreville_plan(pcs_2020, sambreville):
    plan = make_plan(
        code="plic-sambreville",
        kind=Plan.Kind.PLIC,
        title="PLIC de Sambreville",
        framework=pcs_2020,
        adopted_by=Plan.AdoptionBody.COMMUNAL_COUNCIL,
        adopted_on=datetime.date(2020, 3, 12),
    )
    plan.communes.add(sambreville)
    return plan


@pytest.fixture
def namur_plan(pcs_2020, namur):
    plan = make_plan(code="pli-namur", title="PLI de Namur", framework=pcs_2020)
    plan.communes.add(namur)
    return plan


@pytest.fixture
def cai():
    return make_organisation(code="cai", name="CAI Namur")


def tag(action, *, themes=(), intervention_axes=(), publics=(), communes=()):
    """File an action under taxonomy words given by their slugs, and place it."""
    action.themes.add(*Theme.objects.filter(slug__in=themes))
    action.intervention_axes.add(*InterventionAxis.objects.filter(slug__in=intervention_axes))
    action.target_publics.add(*TargetPublic.objects.filter(slug__in=publics))
    action.communes.add(*communes)
    return action


# --- Home ------------------------------------------------------------------------------------


def test_home_lists_the_published_plans_in_force_only(visitor, sambreville_plan, pcs_2020):
    make_plan(title="PLI de Dinant 2010", framework=pcs_2020, status=Plan.Status.ENDED)
    make_plan(title="PLI en préparation", framework=pcs_2020, is_published=False)

    page = text_of(visitor.get("/"))

    assert "PLIC de Sambreville" in page
    assert "PLI de Dinant 2010" not in page
    assert "PLI en préparation" not in page


def test_home_writes_out_the_progress_of_each_axis(visitor, sambreville_plan, housing):
    for status in (Action.Status.DONE, Action.Status.IN_PROGRESS, Action.Status.POSTPONED):
        make_update(make_action(plan=sambreville_plan, axis=housing), status=status)
    draft = make_action(plan=sambreville_plan, axis=housing, is_published=False)
    make_update(draft, status=Action.Status.DONE, progress=100)

    figures = axis_figures(visitor.get("/"), "pcs2020-2")

    assert figures.startswith("3 actions :")
    assert "réalisée 1" in figures
    assert "en cours 1" in figures
    assert "reportée 1" in figures
    assert "prévue" not in figures


def test_home_progress_figures_read_without_a_dangling_comma(visitor, sambreville_plan, housing):
    make_update(make_action(plan=sambreville_plan, axis=housing), status=Action.Status.DONE)
    make_action(plan=sambreville_plan, axis=housing)

    assert axis_figures(visitor.get("/"), "pcs2020-2") == "2 actions : prévue 1, réalisée 1"


def test_home_says_when_an_axis_has_no_published_action(visitor, sambreville_plan, housing):
    make_action(plan=sambreville_plan, axis=housing, is_published=False)

    assert axis_figures(visitor.get("/"), "pcs2020-2") == "Aucune action publiée sur cet axe."


def test_home_shows_the_latest_updates_and_the_next_meetings(visitor, sambreville_plan, housing):
    action = make_action(plan=sambreville_plan, axis=housing, title="Permanence logement")
    make_update(action, reported_on=datetime.date(2025, 5, 20), progress=40)
    soon = timezone.localdate() + datetime.timedelta(days=10)
    space = make_space(name="Plateforme logement", is_published=True)
    make_meeting(
        title="Réunion de rentrée", held_on=soon, space=space, place="Tamines", is_published=True
    )
    make_meeting(title="Réunion passée", held_on=datetime.date(2024, 1, 9), is_published=True)

    page = text_of(visitor.get("/"))

    assert "20 mai 2025 — Permanence logement : en cours, 40 %" in page
    assert "Réunion de rentrée (Plateforme logement), Tamines" in page
    assert "Réunion passée" not in page


def test_home_lists_the_communes_where_published_actions_take_place(
    visitor, sambreville_network, reference
):
    make_action(is_published=False).communes.add(Commune.objects.get(nis_code="93014"))

    section = html_of(visitor.get("/")).split('id="par-commune"', 1)[1].split("</section>", 1)[0]

    assert re.findall(r'<a href="/communes/(\d{5})/">', section) == ["92094", "92137"]


# --- Plans -----------------------------------------------------------------------------------


def test_the_plan_list_shows_each_published_plan_with_kind_period_and_territory(
    visitor, sambreville_plan, pcs_2020
):
    make_plan(
        title="PPLI 2.0", kind=Plan.Kind.PPLI_2, scope=Plan.Scope.PROVINCIAL, framework=pcs_2020
    )
    make_plan(title="PLI en préparation", is_published=False)

    page = text_of(visitor.get("/plans/"))

    assert "PLIC de Sambreville PLIC — plan local d'intégration et de cohabitation" in page
    assert "2020–2025 Sambreville En cours" in page
    assert (
        "PPLI 2.0 PPLI 2.0 — plan provincial et local d'intégration 2020–2025 Toute la province"
        in page
    )
    assert "PLI en préparation" not in page


def test_the_plan_page_explains_the_kind_of_plan_and_its_facts(visitor, sambreville_plan):
    page = text_of(visitor.get("/plans/plic-sambreville/"))

    assert "PLIC — plan local d'intégration et de cohabitation." in page
    assert "qui porte aussi sur la cohabitation" in page
    assert "Période 2020–2025" in page
    assert "Territoire Sambreville" in page
    assert "Grille des droits PCS 2020–2025" in page
    assert "Adoption Conseil communal, 12 mars 2020" in page


def test_the_plan_page_shows_its_steering_committee_with_dates(visitor, sambreville_plan):
    make_steering_membership(
        plan=sambreville_plan,
        organisation=make_organisation(name="CPAS de Sambreville"),
        role=SteeringMembership.Role.PILOT,
        started_on=datetime.date(2020, 1, 15),
        ended_on=datetime.date(2022, 12, 31),
    )
    make_steering_membership(
        plan=sambreville_plan,
        organisation=make_organisation(name="Maison médicale"),
        started_on=datetime.date(2021, 9, 1),
    )

    page = text_of(visitor.get("/plans/plic-sambreville/"))

    assert "CPAS de Sambreville Pilote 15 janvier 2020 31 décembre 2022" in page
    assert "Maison médicale Membre 1er septembre 2021 en cours" in page


def test_the_plan_page_shows_its_milestones_in_order(visitor, sambreville_plan):
    make_milestone(
        plan=sambreville_plan,
        title="Adoption du PLIC",
        occurred_on=datetime.date(2020, 3, 12),
        is_published=True,
    )
    make_milestone(
        plan=sambreville_plan,
        title="Premier diagnostic",
        occurred_on=datetime.date(2019, 1, 1),
        precision=DatePrecision.YEAR,
        is_published=True,
    )

    page = text_of(visitor.get("/plans/plic-sambreville/"))

    assert "2019 — Premier diagnostic 12 mars 2020 — Adoption du PLIC" in page


def test_the_plan_page_shows_progress_objectives_findings_and_actions(
    visitor, sambreville_plan, housing
):
    diagnostic = make_diagnostic(plan=sambreville_plan, title="Diagnostic 2019", is_published=True)
    finding = make_finding(
        diagnostic=diagnostic, code="C-3", statement="Les loyers dépassent les revenus"
    )
    objective = make_objective(
        plan=sambreville_plan, code="OBJ-1", title="Accéder au logement", axis=housing
    )
    objective.findings.add(finding)
    answering = make_action(
        plan=sambreville_plan, objective=objective, axis=housing, title="Permanence logement"
    )
    make_update(answering, status=Action.Status.DONE, progress=100)
    make_action(plan=sambreville_plan, axis=housing, title="Guide des démarches")

    response = visitor.get("/plans/plic-sambreville/")
    page = text_of(response)

    assert axis_figures(response, "pcs2020-2").startswith("2 actions :")
    assert "réalisée 1" in axis_figures(response, "pcs2020-2")
    assert "OBJ-1 — Accéder au logement" in page
    assert "C-3 (obstacle) Les loyers dépassent les revenus" in page
    assert "Actions (1) Permanence logement" in page
    assert "Autres actions (1) Guide des démarches" in page
    assert "Diagnostic 2019 (diagnostic participatif, 2019)" in page


def test_the_plan_page_links_its_spaces_and_the_recommendations_it_answers(
    visitor, sambreville_plan, housing
):
    space = make_space(name="Coordination sociale de Sambreville", is_published=True)
    space.plans.add(sambreville_plan)
    memorandum = make_memorandum(title="Mémorandum 2018", is_published=True)
    recommendation = make_recommendation(
        memorandum=memorandum, code="R-4", text="Ouvrir un guichet logement"
    )
    action = make_action(plan=sambreville_plan, axis=housing)
    action.recommendations.add(recommendation)

    page = text_of(visitor.get("/plans/plic-sambreville/"))

    assert "Coordination sociale de Sambreville (groupe de travail)" in page
    assert "R-4 Ouvrir un guichet logement (Mémorandum 2018)" in page


def test_the_plan_page_shows_the_first_actions_of_each_objective_and_links_to_all_of_them(
    visitor, sambreville_plan, housing
):
    objective = make_objective(
        plan=sambreville_plan, code="OBJ-1", title="Accéder au logement", axis=housing
    )
    for number in range(7):
        make_action(
            plan=sambreville_plan,
            objective=objective,
            axis=housing,
            code=f"A-{number}",
            title=f"Action logement {number}",
        )
    make_action(plan=sambreville_plan, objective=objective, axis=housing, is_published=False)

    response = visitor.get("/plans/plic-sambreville/")

    assert action_titles(response) == [f"Action logement {number}" for number in range(5)]
    assert "Actions (7)" in text_of(response)
    assert (
        '<a href="/axes/pcs2020-2/?plan=plic-sambreville&amp;objective=OBJ-1">'
        "Voir les 7 actions de cet objectif</a>"
    ) in html_of(response)


def test_the_plan_page_sends_to_its_lists_per_axis_for_the_actions_it_does_not_show(
    visitor, sambreville_plan, housing
):
    without_axis = make_objective(plan=sambreville_plan, code="OBJ-2", title="Se concerter")
    for _ in range(6):
        make_action(plan=sambreville_plan, objective=without_axis, axis=housing)
        make_action(plan=sambreville_plan, axis=housing)

    response = visitor.get("/plans/plic-sambreville/")

    assert len(action_titles(response)) == 10
    assert "Actions (6)" in text_of(response)
    assert "Autres actions (6)" in text_of(response)
    link = '<a href="#avancement">Voir les 6 actions dans les listes par axe</a>'
    assert html_of(response).count(link) == 2


# --- Action ----------------------------------------------------------------------------------


@pytest.fixture
def permanence(sambreville_plan, housing, sambreville, cai):
    """A published action with its whole story: updates, indicators, partners, needs."""
    diagnostic = make_diagnostic(title="Diagnostic 2019", is_published=True)
    objective = make_objective(plan=sambreville_plan, code="OBJ-1", title="Accéder au logement")
    objective.findings.add(
        make_finding(
            diagnostic=diagnostic, code="C-3", statement="Les loyers dépassent les revenus"
        )
    )
    action = make_action(
        plan=sambreville_plan,
        objective=objective,
        axis=housing,
        code="A-1.2",
        title="Permanence logement",
        lead_organisation=cai,
        started_on=datetime.date(2021, 1, 4),
    )
    action.communes.add(sambreville)
    make_action_partner(action=action, organisation=make_organisation(name="Relais social"))
    make_update(
        action, reported_on=datetime.date(2024, 1, 10), progress=30, note="Premières permanences"
    )
    make_update(
        action, reported_on=datetime.date(2025, 2, 1), progress=60, note="Deux permanences par mois"
    )
    indicator = make_indicator(action=action, name="Permanences tenues", unit="séances", target=24)
    make_indicator_value(indicator=indicator, year=2024, value=10)
    make_indicator_value(indicator=indicator, year=2025, value=18)
    memorandum = make_memorandum(title="Mémorandum 2018", is_published=True)
    action.recommendations.add(
        make_recommendation(memorandum=memorandum, code="R-4", text="Ouvrir un guichet logement")
    )
    return action


def test_the_action_page_says_where_the_action_stands(visitor, permanence):
    page = text_of(visitor.get("/plans/plic-sambreville/actions/A-1.2/"))

    assert "En cours 60 % 60 % réalisé" in page
    assert "depuis le 4 janvier 2021" in page


def test_the_action_page_tells_the_story_of_its_updates_latest_first(visitor, permanence):
    page = text_of(visitor.get("/plans/plic-sambreville/actions/A-1.2/"))

    assert (
        "1er février 2025 — En cours, 60 % Deux permanences par mois "
        "10 janvier 2024 — En cours, 30 % Premières permanences"
    ) in page


def test_the_action_page_compares_indicators_with_their_target(visitor, permanence):
    page = text_of(visitor.get("/plans/plic-sambreville/actions/A-1.2/"))

    assert "Permanences tenues (séances) Réalisation · cible : 24 séances" in page
    assert "Année Valeur Part de la cible 2024 10 séances 42 % 2025 18 séances 75 %" in page


def test_the_action_page_names_lead_partners_communes_and_the_needs_it_answers(visitor, permanence):
    page = text_of(visitor.get("/plans/plic-sambreville/actions/A-1.2/"))

    assert "Organisation porteuse CAI Namur" in page
    assert "Partenaires Relais social (partenaire opérationnel)" in page
    assert "Communes Sambreville" in page
    assert "C-3 Obstacle : Les loyers dépassent les revenus" in page
    assert "R-4 Ouvrir un guichet logement (Mémorandum 2018)" in page


def test_an_action_is_found_only_under_its_own_plan(visitor, permanence, namur_plan):
    assert visitor.get("/plans/pli-namur/actions/A-1.2/").status_code == 404


# --- Axis: filters, counts, pagination, download ---------------------------------------------


@pytest.fixture
def housing_actions(sambreville_plan, namur_plan, housing, work, sambreville, namur, cai):
    """Three published housing actions that differ on every filter, and decoys that match all."""
    clps = make_organisation(code="clps", name="CLPS")
    permanence = make_action(
        plan=sambreville_plan,
        axis=housing,
        code="A-1",
        title="Permanence logement",
        lead_organisation=cai,
        started_on=datetime.date(2021, 1, 1),
        ended_on=datetime.date(2021, 12, 31),
    )
    tag(
        permanence,
        themes=["logement"],
        intervention_axes=["travail-en-reseau"],
        publics=["personnes-etrangeres"],
        communes=[sambreville],
    )
    make_update(permanence, status=Action.Status.DONE, progress=100)
    workshops = make_action(
        plan=namur_plan,
        axis=housing,
        code="B-1",
        title="Ateliers santé et habitat",
        lead_organisation=clps,
        started_on=datetime.date(2024, 9, 1),
    )
    tag(
        workshops,
        themes=["sante"],
        intervention_axes=["accompagnement"],
        publics=["services-publics"],
        communes=[namur],
    )
    make_action_partner(action=workshops, organisation=cai)
    make_update(workshops, status=Action.Status.IN_PROGRESS, progress=40)
    make_action(plan=namur_plan, axis=housing, code="B-2", title="Guide des démarches")

    decoys = [
        make_action(plan=sambreville_plan, axis=housing, title="Brouillon", is_published=False),
        make_action(
            plan=make_plan(is_published=False, framework=sambreville_plan.framework),
            axis=housing,
            title="Action d'un plan non publié",
        ),
        make_action(plan=sambreville_plan, axis=work, title="Action sur un autre axe"),
    ]
    for decoy in decoys:
        decoy.lead_organisation = cai
        decoy.started_on = datetime.date(2021, 1, 1)
        decoy.save()
        tag(
            decoy,
            themes=["logement"],
            intervention_axes=["travail-en-reseau"],
            publics=["personnes-etrangeres"],
            communes=[sambreville],
        )
        make_update(decoy, status=Action.Status.DONE, progress=100)


PERMANENCE = "Permanence logement"
WORKSHOPS = "Ateliers santé et habitat"
GUIDE = "Guide des démarches"


@pytest.mark.parametrize(
    ("query", "shown", "by_status"),
    [
        pytest.param(
            {}, [PERMANENCE, WORKSHOPS, GUIDE], counts(planned=1, in_progress=1, done=1), id="none"
        ),
        pytest.param({"plan": "plic-sambreville"}, [PERMANENCE], counts(done=1), id="plan"),
        pytest.param({"commune": "92094"}, [WORKSHOPS], counts(in_progress=1), id="commune"),
        pytest.param({"status": "in_progress"}, [WORKSHOPS], counts(in_progress=1), id="status"),
        pytest.param(
            {"year": "2021"}, [PERMANENCE, GUIDE], counts(planned=1, done=1), id="year-2021"
        ),
        pytest.param(
            {"year": "2025"}, [WORKSHOPS, GUIDE], counts(planned=1, in_progress=1), id="year-2025"
        ),
        pytest.param(
            {"intervention_axis": "travail-en-reseau"},
            [PERMANENCE],
            counts(done=1),
            id="intervention-axis",
        ),
        pytest.param({"public": "personnes-etrangeres"}, [PERMANENCE], counts(done=1), id="public"),
        pytest.param({"theme": "sante"}, [WORKSHOPS], counts(in_progress=1), id="theme"),
        pytest.param(
            {"organisation": "cai"},
            [PERMANENCE, WORKSHOPS],
            counts(in_progress=1, done=1),
            id="organisation-lead-or-partner",
        ),
        pytest.param({"q": "habitat"}, [WORKSHOPS], counts(in_progress=1), id="free-text"),
        pytest.param({"q": "B-2"}, [GUIDE], counts(planned=1), id="free-text-code"),
        pytest.param(
            {"plan": "pli-namur", "status": "planned"}, [GUIDE], counts(planned=1), id="combined"
        ),
    ],
)
def test_the_axis_page_keeps_the_actions_a_filter_asks_for_and_counts_them(
    visitor, housing_actions, query, shown, by_status
):
    response = visitor.get("/axes/pcs2020-2/", query)

    assert response.status_code == 200
    assert sorted(action_titles(response)) == sorted(shown)
    assert status_counts(response) == by_status
    heading = "1 action publiée" if len(shown) == 1 else f"{len(shown)} actions publiées"
    assert heading in text_of(response)


def test_the_axis_page_lists_every_action_of_the_objective_a_plan_page_links_to(
    visitor, sambreville_plan, namur_plan, housing
):
    objective = make_objective(plan=sambreville_plan, code="OBJ-1", axis=housing)
    for number in range(7):
        make_action(
            plan=sambreville_plan, objective=objective, axis=housing, title=f"Logement {number}"
        )
    other = make_objective(plan=sambreville_plan, code="OBJ-2", axis=housing)
    make_action(plan=sambreville_plan, objective=other, axis=housing, title="Autre objectif")
    namesake = make_objective(plan=namur_plan, code="OBJ-1", axis=housing)
    make_action(plan=namur_plan, objective=namesake, axis=housing, title="Autre plan")
    query = {"plan": "plic-sambreville", "objective": "OBJ-1"}

    response = visitor.get("/axes/pcs2020-2/", query)
    download = csv_rows(visitor.get("/axes/pcs2020-2/actions.csv", query))

    assert sorted(action_titles(response)) == [f"Logement {number}" for number in range(7)]
    assert "7 actions publiées" in text_of(response)
    assert "Seules les actions de l'objectif OBJ-1 sont listées." in text_of(response)
    assert '<input type="hidden" name="objective" value="OBJ-1"' in html_of(response)
    assert sorted(row[3] for row in download[1:]) == [f"Logement {n}" for n in range(7)]


@pytest.fixture
def organisations_at_work(sambreville_plan, housing, cai):
    """Actions led or partnered by organisations whose names, acronyms and codes overlap."""
    allowances = make_organisation(
        code="allocations-familiales", name="Caisse d'allocations familiales", acronym="CAF"
    )
    health = make_organisation(
        code="clps-namur", name="Centre local de promotion de la santé", acronym="CLPS"
    )
    make_action(plan=sambreville_plan, axis=housing, title=PERMANENCE, lead_organisation=cai)
    make_action(
        plan=sambreville_plan, axis=housing, title="Allocations", lead_organisation=allowances
    )
    workshops = make_action(
        plan=sambreville_plan,
        axis=housing,
        title=WORKSHOPS,
        lead_organisation=make_organisation(name="Maison médicale"),
    )
    make_action_partner(action=workshops, organisation=health)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        pytest.param("cai", [PERMANENCE], id="code-of-one-organisation-not-the-caisse"),
        pytest.param("caisse", ["Allocations"], id="part-of-a-name"),
        pytest.param("caf", ["Allocations"], id="acronym"),
        pytest.param("promotion de la santé", [WORKSHOPS], id="partner-by-name"),
        pytest.param("clps", [WORKSHOPS], id="partner-by-acronym-or-code"),
        pytest.param("médical", [WORKSHOPS], id="lead-by-part-of-its-name"),
        pytest.param("inconnue", [], id="no-such-organisation"),
    ],
)
def test_the_axis_page_finds_the_organisation_typed_by_name_acronym_or_code(
    visitor, organisations_at_work, typed, shown
):
    response = visitor.get("/axes/pcs2020-2/", {"organisation": typed})
    download = csv_rows(visitor.get("/axes/pcs2020-2/actions.csv", {"organisation": typed}))

    assert sorted(action_titles(response)) == sorted(shown)
    assert sorted(row[3] for row in download[1:]) == sorted(shown)


def test_the_axis_page_asks_for_the_organisation_as_text_not_from_a_list(
    visitor, organisations_at_work
):
    html = html_of(visitor.get("/axes/pcs2020-2/", {"organisation": "caisse"}))

    assert '<input type="search" name="organisation" value="caisse"' in html
    assert "Maison médicale</option>" not in html


def test_the_axis_page_keeps_the_counts_of_the_whole_axis_a_few_minutes(
    visitor, sambreville_plan, housing
):
    make_action(plan=sambreville_plan, axis=housing)
    visitor.get("/axes/pcs2020-2/")
    make_action(plan=sambreville_plan, axis=housing)

    kept = text_of(visitor.get("/axes/pcs2020-2/"))
    filtered = text_of(visitor.get("/axes/pcs2020-2/", {"plan": "plic-sambreville"}))
    cache.clear()  # as when the figures expire
    fresh = text_of(visitor.get("/axes/pcs2020-2/"))

    assert "1 action publiée" in kept
    assert "2 actions publiées" in filtered
    assert "2 actions publiées" in fresh


def test_the_axis_page_shows_twenty_actions_per_page(visitor, sambreville_plan, housing):
    for number in range(21):
        make_action(plan=sambreville_plan, axis=housing, code=f"A-{number:02d}")

    first = visitor.get("/axes/pcs2020-2/")
    second = visitor.get("/axes/pcs2020-2/", {"page": "2"})

    assert len(action_titles(first)) == 20
    assert "21 actions publiées" in text_of(first)
    assert "Page 1 sur 2" in text_of(first)
    assert len(action_titles(second)) == 1
    assert "Page 2 sur 2" in text_of(second)


def test_the_axis_page_keeps_the_filters_in_its_page_links(visitor, sambreville_plan, housing):
    for number in range(21):
        make_action(plan=sambreville_plan, axis=housing, code=f"A-{number:02d}")

    response = visitor.get("/axes/pcs2020-2/", {"plan": "plic-sambreville"})

    assert 'href="?plan=plic-sambreville&amp;page=2"' in html_of(response)


def test_the_axis_download_is_a_semicolon_separated_utf8_file_with_a_byte_order_mark(
    visitor, housing_actions
):
    response = visitor.get("/axes/pcs2020-2/actions.csv")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="actions-pcs2020-2.csv"'
    body = b"".join(response.streaming_content)
    assert body.startswith(codecs.BOM_UTF8)
    assert body.decode("utf-8-sig").splitlines()[0] == ";".join(ACTION_CSV_HEADER)


def test_the_axis_download_keeps_stable_codes_in_their_own_columns(visitor, housing_actions):
    rows = csv_rows(visitor.get("/axes/pcs2020-2/actions.csv"))

    assert rows[0] == ACTION_CSV_HEADER
    by_code = {row[2]: dict(zip(ACTION_CSV_HEADER, row, strict=True)) for row in rows[1:]}
    assert sorted(by_code) == ["A-1", "B-1", "B-2"]
    permanence = by_code["A-1"]
    assert permanence["code du plan"] == "plic-sambreville"
    assert permanence["code de l'axe"] == "pcs2020-2"
    assert permanence["statut"] == "Réalisée"
    assert permanence["avancement (%)"] == "100"
    assert permanence["code de l'organisation porteuse"] == "cai"
    assert permanence["codes INS des communes"] == "92137"
    assert permanence["communes"] == "Sambreville"
    assert permanence["début"] == "01/01/2021"
    assert permanence["fin"] == "31/12/2021"
    assert by_code["B-1"]["partenaires"] == "CAI Namur"


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"status": "done"}, ["A-1"]),
        ({"organisation": "cai"}, ["A-1", "B-1"]),
        ({"commune": "92137"}, ["A-1"]),
        ({"year": "2025", "page": "2"}, ["B-1", "B-2"]),
    ],
    ids=["status", "organisation", "commune", "year-page-ignored"],
)
def test_the_axis_download_applies_the_filters_of_the_page(visitor, housing_actions, query, codes):
    rows = csv_rows(visitor.get("/axes/pcs2020-2/actions.csv", query))

    assert sorted(row[2] for row in rows[1:]) == codes


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_the_axis_download_neutralises_cells_that_look_like_formulas(
    visitor, sambreville_plan, housing, start
):
    make_action(
        plan=sambreville_plan,
        axis=housing,
        code="A-1",
        title=f'{start}HYPERLINK("http://exemple.invalid")',
        lead_organisation=make_organisation(name=f"{start}1+1"),
    )

    row = csv_rows(visitor.get("/axes/pcs2020-2/actions.csv"))[1]

    assert row[3] == f'\'{start}HYPERLINK("http://exemple.invalid")'
    assert row[9] == f"'{start}1+1"


def test_an_unknown_axis_answers_404(visitor, reference):
    assert visitor.get("/axes/pcs2099-1/").status_code == 404
    assert visitor.get("/axes/pcs2099-1/actions.csv").status_code == 404


# --- Communes --------------------------------------------------------------------------------


@pytest.fixture
def sambreville_network(sambreville_plan, namur_plan, pcs_2020, housing, sambreville, namur):
    make_plan(
        title="PPLI 2.0", kind=Plan.Kind.PPLI_2, scope=Plan.Scope.PROVINCIAL, framework=pcs_2020
    )
    make_plan(title="PLI en préparation", is_published=False).communes.add(sambreville)
    for title, status in [
        ("Permanence logement", Action.Status.DONE),
        ("Cours de français", Action.Status.IN_PROGRESS),
    ]:
        action = make_action(plan=sambreville_plan, axis=housing, title=title)
        action.communes.add(sambreville)
        make_update(action, status=status)
    make_action(plan=sambreville_plan, axis=housing, is_published=False).communes.add(sambreville)
    make_action(plan=namur_plan, axis=housing, title="Ateliers à Namur").communes.add(namur)
    make_space(name="Coordination sociale de Sambreville", is_published=True).communes.add(
        sambreville
    )
    make_space(name="Espace en projet", is_published=False).communes.add(sambreville)


def test_the_commune_list_counts_the_published_actions_of_each_commune(
    visitor, sambreville_network
):
    html = cells_of(visitor.get("/communes/"))

    assert '">Sambreville</a></th><td>92137</td><td>Namur</td><td>2</td>' in html
    assert '">Namur</a></th><td>92094</td><td>Namur</td><td>1</td>' in html
    assert '">Couvin</a></th><td>93014</td><td>Philippeville</td><td>0</td>' in html


def test_the_commune_list_keeps_its_counts_a_few_minutes(
    visitor, sambreville_network, sambreville_plan, housing, sambreville
):
    visitor.get("/communes/")
    make_action(plan=sambreville_plan, axis=housing).communes.add(sambreville)

    kept = cells_of(visitor.get("/communes/"))
    cache.clear()  # as when the figures expire
    fresh = cells_of(visitor.get("/communes/"))

    assert '">Sambreville</a></th><td>92137</td><td>Namur</td><td>2</td>' in kept
    assert '">Sambreville</a></th><td>92137</td><td>Namur</td><td>3</td>' in fresh


def test_the_commune_page_lists_the_plans_covering_it_provincial_plans_included(
    visitor, sambreville_network
):
    page = text_of(visitor.get("/communes/92137/"))

    assert "Code INS 92137 · arrondissement de Namur" in page
    assert (
        "PLIC de Sambreville (PLIC — plan local d'intégration et de cohabitation, 2020–2025)"
        in page
    )
    assert "PPLI 2.0 (PPLI 2.0 — plan provincial et local d'intégration, 2020–2025)" in page
    assert "PLI de Namur" not in page
    assert "PLI en préparation" not in page


def test_the_commune_page_lists_the_actions_located_there_and_its_local_spaces(
    visitor, sambreville_network
):
    response = visitor.get("/communes/92137/")
    page = text_of(response)

    assert sorted(action_titles(response)) == ["Cours de français", "Permanence logement"]
    assert "2 actions menées dans la commune" in page
    figures = axis_figures(response, "pcs2020-2")
    assert figures.startswith("2 actions :")
    assert "en cours 1" in figures
    assert "réalisée 1" in figures
    assert "Coordination sociale de Sambreville (groupe de travail)" in page
    assert "Espace en projet" not in page


def test_an_unknown_commune_answers_404(visitor, reference):
    assert visitor.get("/communes/99999/").status_code == 404


# --- Memorandums -----------------------------------------------------------------------------


@pytest.fixture
def memorandum_2024(sambreville_plan, housing):
    memorandum = make_memorandum(
        code="memo-2024",
        title="Mémorandum 2024",
        year=2024,
        election_on=datetime.date(2024, 10, 13),
        audience="Candidats aux élections communales et provinciales",
        is_published=True,
    )
    guichet = make_recommendation(
        memorandum=memorandum,
        code="R-1",
        text="Ouvrir un guichet logement",
        follow_up=Recommendation.FollowUp.IN_PCS,
        follow_up_note="Inscrit au PCS de Sambreville",
    )
    make_recommendation(memorandum=memorandum, code="R-2", text="Former les agents communaux")
    make_action(
        plan=sambreville_plan, axis=housing, title="Permanence logement"
    ).recommendations.add(guichet)
    make_action(
        plan=sambreville_plan, axis=housing, title="Guichet en brouillon", is_published=False
    ).recommendations.add(guichet)
    make_memorandum(title="Mémorandum en relecture", is_published=False)
    return memorandum


def test_the_memorandum_list_shows_published_memorandums_with_their_recommendation_count(
    visitor, memorandum_2024
):
    page = text_of(visitor.get("/memorandums/"))

    assert "Mémorandum 2024 Mémorandum · 2024 · Élections communales et provinciales" in page
    assert "2 recommandations" in page
    assert "Mémorandum en relecture" not in page


def test_the_memorandum_page_shows_recommendations_follow_up_and_answering_actions(
    visitor, memorandum_2024
):
    page = text_of(visitor.get("/memorandums/memo-2024/"))

    assert "Élections communales et provinciales (13 octobre 2024)" in page
    assert "R-1 Ouvrir un guichet logement" in page
    assert "Suivi : Reprise dans un PCS — Inscrit au PCS de Sambreville" in page
    assert "Actions qui y répondent : Permanence logement (PLIC de Sambreville)" in page
    assert "R-2 Former les agents communaux" in page
    assert "Suivi : Non reprise" in page
    assert "Guichet en brouillon" not in page


def test_the_memorandum_page_counts_the_actions_answering_a_recommendation_and_names_a_few(
    visitor, memorandum_2024, sambreville_plan, housing
):
    guichet = Recommendation.objects.get(code="R-1")
    for number in range(6):
        make_action(
            plan=sambreville_plan, axis=housing, code=f"B-{number}", title=f"Guichet {number}"
        ).recommendations.add(guichet)

    page = text_of(visitor.get("/memorandums/memo-2024/"))

    assert (
        "7 actions y répondent, dont : Permanence logement (PLIC de Sambreville), "
        "Guichet 0 (PLIC de Sambreville), Guichet 1 (PLIC de Sambreville), "
        "Guichet 2 (PLIC de Sambreville), Guichet 3 (PLIC de Sambreville)"
    ) in page
    assert "Guichet 4" not in page


def test_the_memorandum_page_names_no_action_unpublished_since_it_was_last_counted(
    visitor, memorandum_2024
):
    visitor.get("/memorandums/memo-2024/")
    Action.objects.filter(title="Permanence logement").update(is_published=False)

    assert "Permanence logement" not in text_of(visitor.get("/memorandums/memo-2024/"))


# --- Chronology ------------------------------------------------------------------------------


@pytest.fixture
def milestones(sambreville_plan):
    def milestone(title, occurred_on, precision, *, audience, theme="", axis="", **fields):
        made = make_milestone(title=title, occurred_on=occurred_on, precision=precision, **fields)
        made.audiences.add(*Audience.objects.filter(slug=audience))
        made.themes.add(*Theme.objects.filter(slug=theme))
        made.intervention_axes.add(*InterventionAxis.objects.filter(slug=axis))

    milestone(
        "Décret sur l'intégration",
        datetime.date(1996, 7, 4),
        DatePrecision.DAY,
        audience="grand-public",
        theme="integration",
        axis="interpellation",
        narrative="=Le Parlement wallon adopte le décret",
        is_published=True,
    )
    milestone(
        "Colloque logement",
        datetime.date(2007, 11, 1),
        DatePrecision.MONTH,
        audience="partenaires-et-reseau",
        theme="logement",
        axis="travail-en-reseau",
        is_published=True,
    )
    milestone(
        "Adoption du PLIC",
        datetime.date(2020, 1, 1),
        DatePrecision.YEAR,
        audience="pouvoirs-publics",
        plan=sambreville_plan,
        is_published=True,
    )
    milestone(
        "Jalon en brouillon", datetime.date(2010, 1, 1), DatePrecision.YEAR, audience="grand-public"
    )
    milestone(
        "Jalon d'un plan non publié",
        datetime.date(2011, 1, 1),
        DatePrecision.YEAR,
        audience="grand-public",
        plan=make_plan(is_published=False),
        is_published=True,
    )


def test_the_chronology_shows_published_milestones_dated_as_precisely_as_known(visitor, milestones):
    response = visitor.get("/chronologie/")
    page = text_of(response)

    assert milestone_titles(response) == [
        "Décret sur l&#x27;intégration",
        "Colloque logement",
        "Adoption du PLIC",
    ]
    assert "4 juillet 1996 — Décret sur l'intégration" in page
    assert "novembre 2007 — Colloque logement" in page
    assert "2020 — Adoption du PLIC" in page
    assert "PLIC de Sambreville · Essentiel pour : Pouvoirs publics" in page


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"audience": "grand-public"}, ["Décret sur l&#x27;intégration"]),
        ({"intervention_axis": "travail-en-reseau"}, ["Colloque logement"]),
        ({"theme": "integration"}, ["Décret sur l&#x27;intégration"]),
        ({"audience": "pouvoirs-publics", "theme": "logement"}, []),
    ],
    ids=["audience", "intervention-axis", "theme", "combined"],
)
def test_the_chronology_keeps_the_milestones_a_filter_asks_for(visitor, milestones, query, titles):
    assert milestone_titles(visitor.get("/chronologie/", query)) == titles


def test_the_chronology_download_is_a_semicolon_separated_utf8_file_with_a_byte_order_mark(
    visitor, milestones
):
    response = visitor.get("/chronologie.csv")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="chronologie.csv"'
    body = b"".join(response.streaming_content)
    assert body.startswith(codecs.BOM_UTF8)
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(MILESTONE_CSV_HEADER)
    assert lines[3] == "2020;Adoption du PLIC;plic-sambreville;Pouvoirs publics;;;;"


def test_the_chronology_download_applies_the_filters_and_neutralises_formulas(visitor, milestones):
    rows = csv_rows(visitor.get("/chronologie.csv", {"audience": "grand-public"}))

    assert rows == [
        MILESTONE_CSV_HEADER,
        [
            "4 juillet 1996",
            "Décret sur l'intégration",
            "",
            "Grand public",
            "Interpellation",
            "",
            "Intégration",
            "'=Le Parlement wallon adopte le décret",
        ],
    ]


# --- English ---------------------------------------------------------------------------------


@pytest.fixture
def one_of_everything(permanence, memorandum_2024, milestones):
    """A published plan, action, memorandum and milestones, for pages that need a record."""


PAGES_IN_BOTH_LANGUAGES = [
    "",
    "plans/",
    "plans/plic-sambreville/",
    "plans/plic-sambreville/actions/A-1.2/",
    "axes/pcs2020-2/",
    "communes/",
    "communes/92137/",
    "memorandums/",
    "memorandums/memo-2024/",
    "chronologie/",
]


@pytest.mark.parametrize("path", PAGES_IN_BOTH_LANGUAGES)
def test_the_english_version_answers_under_en_with_english_markup(visitor, one_of_everything, path):
    response = visitor.get(f"/en/{path}")

    assert response.status_code == 200
    assert '<html lang="en">' in html_of(response)
    assert 'href="/en/plans/"' in html_of(response)


@pytest.mark.parametrize("path", PAGES_IN_BOTH_LANGUAGES)
def test_the_french_version_answers_without_prefix_with_french_markup(
    visitor, one_of_everything, path
):
    response = visitor.get(f"/{path}")

    assert response.status_code == 200
    assert '<html lang="fr' in html_of(response)
    assert 'href="/plans/"' in html_of(response)


# --- Nothing unpublished, nothing internal ---------------------------------------------------


@pytest.fixture
def hidden(sambreville_plan, pcs_2020, housing, sambreville):
    """Around a published plan and action, one unpublished record of each kind, all linked
    so that they would show if a page forgot to filter them. Their names are in capitals."""
    secretive = make_organisation(
        code="discret", name="Association discrète", contact_name="CONTACT-CONFIDENTIEL"
    )
    diagnostic = make_diagnostic(plan=sambreville_plan, is_published=True)
    objective = make_objective(plan=sambreville_plan, axis=housing, title="Objectif public")
    objective.findings.add(
        make_finding(diagnostic=diagnostic, statement="Constat public"),
        make_finding(diagnostic=diagnostic, statement="CONSTAT-NON-PUBLIE", is_published=False),
        make_finding(
            diagnostic=make_diagnostic(
                plan=sambreville_plan, title="DIAGNOSTIC-NON-PUBLIE", is_published=False
            ),
            statement="CONSTAT-DU-DIAGNOSTIC-NON-PUBLIE",
        ),
    )
    memorandum = make_memorandum(code="memo-public", is_published=True)
    memorandum.co_authors.add(secretive)
    recommendation = make_recommendation(memorandum=memorandum, text="Recommandation publique")
    space = make_space(
        code="espace-public", name="Espace public", is_published=True, convener=secretive
    )
    space.plans.add(sambreville_plan)
    space.communes.add(sambreville)
    make_membership(space=space, organisation=secretive)
    meeting = make_meeting(space=space, title="Réunion publique", held_on=soon(), is_published=True)
    make_attendance(meeting=meeting, organisation=secretive)
    make_steering_membership(plan=sambreville_plan, organisation=secretive)

    public = make_action(
        plan=sambreville_plan,
        objective=objective,
        axis=housing,
        code="A-1",
        title="Action publique",
        lead_organisation=secretive,
        internal_note="NOTE-INTERNE-CONFIDENTIELLE",
    )
    public.communes.add(sambreville)
    public.recommendations.add(recommendation)
    make_action_partner(action=public, organisation=secretive)
    make_update(public, status=Action.Status.IN_PROGRESS)

    draft = make_action(
        plan=sambreville_plan,
        objective=objective,
        axis=housing,
        code="A-2",
        title="ACTION-NON-PUBLIEE",
        lead_organisation=secretive,
        is_published=False,
    )
    draft.communes.add(sambreville)
    draft.recommendations.add(recommendation)
    make_update(draft, status=Action.Status.DONE, note="POINT-NON-PUBLIE")

    hidden_plan = make_plan(
        code="plan-cache",
        title="PLAN-NON-PUBLIE",
        framework=pcs_2020,
        predecessor=sambreville_plan,
        is_published=False,
    )
    hidden_plan.communes.add(sambreville)
    sambreville_plan.predecessor = make_plan(title="PLAN-PRECEDENT-NON-PUBLIE", is_published=False)
    sambreville_plan.save()
    space.plans.add(hidden_plan)
    orphan = make_action(
        plan=hidden_plan, axis=housing, code="A-1", title="ACTION-DU-PLAN-NON-PUBLIE"
    )
    orphan.communes.add(sambreville)
    orphan.recommendations.add(recommendation)
    make_update(orphan, status=Action.Status.POSTPONED, note="POINT-DU-PLAN-NON-PUBLIE")
    make_milestone(plan=hidden_plan, title="JALON-DU-PLAN-NON-PUBLIE", is_published=True)
    make_meeting(
        space=space,
        plan=hidden_plan,
        title="REUNION-DU-PLAN-NON-PUBLIE",
        held_on=soon(),
        is_published=True,
    )

    hidden_memorandum = make_memorandum(
        code="memo-cache", title="MEMORANDUM-NON-PUBLIE", is_published=False
    )
    public.recommendations.add(
        make_recommendation(memorandum=hidden_memorandum, text="RECOMMANDATION-NON-PUBLIEE")
    )

    make_meeting(space=space, title="REUNION-NON-PUBLIEE", held_on=soon())

    hidden_space = make_space(
        code="espace-cache", name="ESPACE-NON-PUBLIE", convener=secretive, is_published=False
    )
    hidden_space.plans.add(sambreville_plan)
    hidden_space.communes.add(sambreville)
    public.concertation_space = hidden_space
    public.save()
    make_meeting(
        space=hidden_space,
        title="REUNION-D-UN-ESPACE-NON-PUBLIE",
        held_on=soon(),
        is_published=True,
    )

    make_milestone(plan=sambreville_plan, title="JALON-NON-PUBLIE")


def soon():
    return timezone.localdate() + datetime.timedelta(days=7)


PUBLIC_URLS = [
    "/",
    "/plans/",
    "/plans/plic-sambreville/",
    "/plans/plic-sambreville/actions/A-1/",
    "/axes/pcs2020-2/",
    "/axes/pcs2020-2/actions.csv",
    "/communes/",
    "/communes/92137/",
    "/concertation/",
    "/concertation/espace-public/",
    "/memorandums/",
    "/memorandums/memo-public/",
    "/chronologie/",
    "/chronologie.csv",
]


def assert_nowhere(visitor, *secrets):
    for url in PUBLIC_URLS:
        response = visitor.get(url)
        assert response.status_code == 200, url
        page = html_of(response)
        for secret in secrets:
            assert secret not in page, f"{secret} shows on {url}"


def test_an_unpublished_action_shows_nowhere_and_answers_404(visitor, hidden):
    assert_nowhere(visitor, "ACTION-NON-PUBLIEE", "POINT-NON-PUBLIE", "/actions/A-2/")
    assert visitor.get("/plans/plic-sambreville/actions/A-2/").status_code == 404


def test_an_action_of_an_unpublished_plan_shows_nowhere_and_answers_404(visitor, hidden):
    assert_nowhere(visitor, "ACTION-DU-PLAN-NON-PUBLIE", "POINT-DU-PLAN-NON-PUBLIE")
    assert visitor.get("/plans/plan-cache/actions/A-1/").status_code == 404


def test_unpublished_actions_count_in_no_figure(visitor, hidden):
    # The public action is under way; the hidden ones are done and postponed.
    for url in ["/", "/plans/plic-sambreville/", "/communes/92137/"]:
        figures = axis_figures(visitor.get(url), "pcs2020-2")
        assert figures.startswith("1 action : en cours 1"), url
        assert "réalisée" not in figures, url
        assert "reportée" not in figures, url
    assert "1 action menée dans la commune" in text_of(visitor.get("/communes/92137/"))
    axis = visitor.get("/axes/pcs2020-2/")
    assert "1 action publiée" in text_of(axis)
    assert status_counts(axis) == counts(in_progress=1)
    assert "<td>92137</td><td>Namur</td><td>1</td>" in cells_of(visitor.get("/communes/"))
    assert len(csv_rows(visitor.get("/axes/pcs2020-2/actions.csv"))) == 2


def test_an_unpublished_plan_shows_nowhere_and_answers_404(visitor, hidden):
    assert_nowhere(visitor, "PLAN-NON-PUBLIE", "PLAN-PRECEDENT-NON-PUBLIE", "plan-cache")
    assert visitor.get("/plans/plan-cache/").status_code == 404


def test_an_unpublished_finding_shows_nowhere(visitor, hidden):
    assert "Constat public" in text_of(visitor.get("/plans/plic-sambreville/"))
    assert "Constat public" in text_of(visitor.get("/plans/plic-sambreville/actions/A-1/"))
    assert_nowhere(
        visitor, "CONSTAT-NON-PUBLIE", "CONSTAT-DU-DIAGNOSTIC-NON-PUBLIE", "DIAGNOSTIC-NON-PUBLIE"
    )


def test_an_unpublished_memorandum_shows_nowhere_and_answers_404(visitor, hidden):
    assert "Recommandation publique" in text_of(visitor.get("/plans/plic-sambreville/actions/A-1/"))
    assert_nowhere(visitor, "MEMORANDUM-NON-PUBLIE", "RECOMMANDATION-NON-PUBLIEE", "memo-cache")
    assert visitor.get("/memorandums/memo-cache/").status_code == 404


def test_an_unpublished_meeting_shows_nowhere(visitor, hidden):
    assert "Réunion publique" in text_of(visitor.get("/"))
    assert_nowhere(
        visitor,
        "REUNION-NON-PUBLIEE",
        "REUNION-DU-PLAN-NON-PUBLIE",
        "REUNION-D-UN-ESPACE-NON-PUBLIE",
    )


def test_an_unpublished_space_shows_nowhere_and_answers_404(visitor, hidden):
    assert_nowhere(visitor, "ESPACE-NON-PUBLIE", "espace-cache")
    assert visitor.get("/concertation/espace-cache/").status_code == 404


def test_an_unpublished_milestone_shows_nowhere(visitor, hidden):
    assert_nowhere(visitor, "JALON-NON-PUBLIE", "JALON-DU-PLAN-NON-PUBLIE")


def test_internal_notes_and_contact_names_show_nowhere(visitor, hidden):
    assert "Association discrète" in text_of(visitor.get("/plans/plic-sambreville/actions/A-1/"))
    assert_nowhere(visitor, "NOTE-INTERNE-CONFIDENTIELLE", "CONTACT-CONFIDENTIEL")


# --- Odd and hostile query strings -----------------------------------------------------------


PAGES_WITH_QUERY_STRINGS = [
    "/",
    "/plans/plic-sambreville/",
    "/axes/pcs2020-2/",
    "/axes/pcs2020-2/actions.csv",
    "/communes/92137/",
    "/chronologie/",
    "/chronologie.csv",
    "/concertation/",
]


ODD_QUERY_STRINGS = [
    "plan=inconnu",
    "plan=plan-cache",
    "commune=99999",
    "commune=abc",
    "status=perdue",
    "year=abc",
    "year=-5",
    "year=99999999999999999999999",
    "year=NaN",
    "intervention_axis=inconnu",
    "public=inconnu",
    "theme=inconnu",
    "organisation=inconnue",
    "organisation=%00",
    "organisation=%25",
    "objective=%00",
    "objective=" + "x" * 10_000,
    "audience=inconnu",
    "page=abc",
    "page=-1",
    "page=0",
    "page=1.5",
    "page=99999",
    "q=" + "x" * 10_000,
    "q=%00",
    "plan=%00",
    "commune=%00",
    "theme=%00",
    "unknown=1&utm_source=newsletter",
    "status=done&status=perdue",
    "%ff%fe=%ff",
]


@pytest.mark.parametrize("path", PAGES_WITH_QUERY_STRINGS)
def test_odd_query_strings_give_a_normal_page(visitor, hidden, path):
    for query in ODD_QUERY_STRINGS:
        response = visitor.get(f"{path}?{query}")
        assert response.status_code == 200, query[:60]
        html_of(response)  # a download fails while it streams, not before


@pytest.mark.parametrize(
    "path",
    [
        "/plans/inconnu/",
        "/plans/plic-sambreville/actions/inconnue/",
        "/plans/plic-sambreville/actions/%00/",
        "/plans/plic-sambreville/actions/" + "x" * 10_000 + "/",
        "/axes/inconnu/",
        "/axes/inconnu/actions.csv",
        "/communes/abc/",
        "/communes/%00/",
        "/communes/" + "9" * 10_000 + "/",
        "/memorandums/inconnu/",
        "/concertation/inconnu/",
    ],
    ids=lambda path: path[:50],
)
def test_odd_addresses_answer_404(visitor, sambreville_plan, path):
    assert visitor.get(path).status_code == 404
