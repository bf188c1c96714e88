"""The annual plenary report: its figures, its files, freezing it, and the command.

The fixture is a small plan built by hand; every expected figure below was counted by hand
from it (see `plenary`).
"""

import csv
import datetime
import io
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cai.models import Organisation
from plans.models import (
    Action,
    ActionPartner,
    FrozenReport,
    IndicatorValue,
    Recommendation,
)
from plans.reporting import (
    build_report,
    compare_with_live,
    freeze_report,
    render_csv,
    render_csv_dictionary,
    render_html,
    render_xlsx,
    report_data,
)
from tests.factory import (
    correct_in_database,
    make_action,
    make_action_partner,
    make_attendance,
    make_axis,
    make_commune,
    make_diagnostic,
    make_finding,
    make_framework,
    make_indicator,
    make_indicator_value,
    make_meeting,
    make_memorandum,
    make_objective,
    make_organisation,
    make_plan,
    make_recommendation,
    make_space,
    make_update,
    make_user,
)

pytestmark = pytest.mark.django_db

YEAR = 2025
day = datetime.date


@pytest.fixture
def plenary(db):
    """A plan on two axes, seven actions whose updates run from 2024 to 2026, two spaces.

    For the 2025 report, by hand:
    - Logement: A-2 réalisée (done on 15 March 2025); A-3 en cours at 60 % (its 2026 update
      says done, too late for 2025); no perspective.
    - Santé: A-4 (postponed) and A-6 (no update, unpublished) are the 2026 perspectives.
    - Left out: A-1 done in 2024, A-5 abandoned in 2025, A-7 planned but ended June 2025.
    - Meetings of 2025: M1, M2, M7 (space S1, M7 also the plan's), M4 (S2), M5 (the plan's
      plenary): 5 meetings. Not counted: M3 (2024) and M6 (a space of another plan).
      Organisations: CPAS, ILI, Alpha, Beta = 4. People: 6 + 1 + 3 + 15 + 2 = 27.
    - Recommendations: R-1 (A-2, A-3, in a PCS), R-2 (A-5, done), R-4 (A-4, not taken up);
      R-3 is answered only by another plan.
    - Findings: C-1 answered by A-2 and A-3; C-2 only by another plan; C-3 by nothing.
    """
    framework = make_framework(code="pcs-test")
    housing = make_axis(framework=framework, code="logement", number=1, name="Logement")
    health = make_axis(framework=framework, code="sante", number=2, name="Santé")
    plan = make_plan(code="pli-test", title="PLI de test", framework=framework)
    other_plan = make_plan(code="pli-autre", framework=framework)
    cpas = make_organisation(code="cpas-sambreville", name="CPAS de Sambreville")
    ili = make_organisation(code="ili-namur", name="ILI de Namur")
    alpha = make_organisation(code="alpha", name="Alpha asbl")
    beta = make_organisation(code="beta", name="Beta asbl")
    sambreville = make_commune(nis_code="92137", name="Sambreville")
    namur = make_commune(nis_code="92094", name="Namur")

    def action(code, axis, lead, **fields):
        return make_action(plan=plan, code=code, axis=axis, lead_organisation=lead, **fields)

    a1 = action("A-1", housing, cpas, title="Guide du logement")
    make_update(a1, reported_on=day(2024, 5, 2), status=Action.Status.IN_PROGRESS, progress=50)
    make_update(a1, reported_on=day(2024, 11, 15), status=Action.Status.DONE, progress=100)

    a2 = action(
        "A-2",
        housing,
        cpas,
        title="Permanence logement",
        internal_note="NOTE-INTERNE-SECRETE",
    )
    make_action_partner(action=a2, organisation=alpha, role=ActionPartner.Role.OPERATIONAL)
    make_action_partner(action=a2, organisation=beta, role=ActionPartner.Role.FUNDER)
    a2.communes.add(sambreville, namur)
    make_update(a2, reported_on=day(2024, 10, 1), status=Action.Status.IN_PROGRESS, progress=30)
    make_update(a2, reported_on=day(2025, 3, 15), status=Action.Status.DONE, progress=100)
    sessions = make_indicator(action=a2, name="Séances d'information", unit="séances", target=10)
    make_indicator_value(indicator=sessions, year=2024, value=4)
    make_indicator_value(indicator=sessions, year=2025, value=7)

    a3 = action("A-3", housing, ili, title="Ateliers énergie")
    make_update(a3, reported_on=day(2025, 2, 1), status=Action.Status.IN_PROGRESS, progress=40)
    make_update(a3, reported_on=day(2025, 12, 31), status=Action.Status.IN_PROGRESS, progress=60)
    make_update(a3, reported_on=day(2026, 1, 20), status=Action.Status.DONE, progress=100)
    people = make_indicator(action=a3, name="Participants", unit="personnes", target=None)
    make_indicator_value(indicator=people, year=2025, value=Decimal("25.5"))

    a4 = action("A-4", health, ili, title="Brochure santé")
    make_update(a4, reported_on=day(2025, 4, 10), status=Action.Status.POSTPONED, progress=10)
    brochures = make_indicator(action=a4, name="Brochures", unit="exemplaires", target=500)
    make_indicator_value(indicator=brochures, year=2026, value=200)

    a5 = action("A-5", health, cpas, title="Médiation santé")
    make_update(a5, reported_on=day(2024, 6, 1), status=Action.Status.IN_PROGRESS, progress=20)
    make_update(a5, reported_on=day(2025, 9, 1), status=Action.Status.ABANDONED, progress=20)

    action("A-6", health, cpas, title="Réseau santé mentale", is_published=False)
    action(
        "A-7",
        health,
        ili,
        title="Salon santé",
        started_on=day(2025, 1, 1),
        ended_on=day(2025, 6, 30),
    )
    elsewhere = make_action(plan=other_plan, code="X-1", axis=health, lead_organisation=alpha)

    memorandum = make_memorandum(code="memo-2024", title="Mémorandum 2024")
    FollowUp = Recommendation.FollowUp
    r1 = make_recommendation(memorandum=memorandum, code="R-1", follow_up=FollowUp.IN_PCS)
    r2 = make_recommendation(memorandum=memorandum, code="R-2", follow_up=FollowUp.DONE)
    r3 = make_recommendation(memorandum=memorandum, code="R-3", follow_up=FollowUp.IN_DPC)
    r4 = make_recommendation(memorandum=memorandum, code="R-4", follow_up=FollowUp.NOT_TAKEN_UP)
    r1.actions.add(a2, a3)
    r2.actions.add(a5)
    r3.actions.add(elsewhere)
    r4.actions.add(a4)

    diagnostic = make_diagnostic(code="diag-test", plan=plan)
    c1 = make_finding(diagnostic=diagnostic, code="C-1", axis=housing)
    c2 = make_finding(diagnostic=diagnostic, code="C-2")
    make_finding(diagnostic=diagnostic, code="C-3")
    make_finding(code="C-9")  # a diagnostic of no plan
    objective = make_objective(plan=plan, axis=housing)
    objective.findings.add(c1)
    Action.objects.filter(pk__in=[a2.pk, a3.pk]).update(objective=objective)
    other_objective = make_objective(plan=other_plan)
    other_objective.findings.add(c2)
    Action.objects.filter(pk=elsewhere.pk).update(objective=other_objective)

    s1 = make_space(code="gt-logement", name="Groupe logement")
    s2 = make_space(code="plateforme-sante", name="Plateforme santé")
    s3 = make_space(code="gt-ailleurs", name="Groupe d'un autre plan")
    s1.plans.add(plan)
    s2.plans.add(plan)
    s3.plans.add(other_plan)
    m1 = make_meeting(space=s1, held_on=day(2025, 2, 10), other_participants_count=3)
    make_attendance(meeting=m1, organisation=cpas, people_count=2)
    make_attendance(meeting=m1, organisation=alpha, people_count=1)
    m2 = make_meeting(space=s1, held_on=day(2025, 6, 10))
    make_attendance(meeting=m2, organisation=cpas, people_count=1)
    m3 = make_meeting(space=s2, held_on=day(2024, 11, 5))
    make_attendance(meeting=m3, organisation=beta, people_count=4)
    m4 = make_meeting(space=s2, held_on=day(2025, 10, 1))
    make_attendance(meeting=m4, organisation=alpha, people_count=2)
    make_attendance(meeting=m4, organisation=beta, people_count=1)
    m5 = make_meeting(
        plan=plan,
        title="Assemblée plénière 2025",
        held_on=day(2025, 11, 20),
        other_participants_count=10,
    )
    make_attendance(meeting=m5, organisation=cpas, people_count=3)
    make_attendance(meeting=m5, organisation=ili, people_count=2)
    m6 = make_meeting(space=s3, held_on=day(2025, 5, 5))
    make_attendance(meeting=m6, organisation=make_organisation(code="gamma"), people_count=5)
    make_meeting(space=s1, plan=plan, held_on=day(2025, 3, 3), other_participants_count=2)

    return SimpleNamespace(
        plan=plan, housing=housing, health=health, a2=a2, a3=a3, a4=a4, sessions=sessions
    )


def codes(rows):
    return [row.code for row in rows]


def figure(report, key, axis_code=""):
    [found] = [f for f in report.figures if f.key == key and f.axis_code == axis_code]
    return found


# --- The figures ---------------------------------------------------------------------------


def test_actions_are_grouped_per_axis_by_their_state_at_the_end_of_the_year(plenary):
    report = build_report(plan=plenary.plan, year=YEAR)
    housing, health = report.axes
    assert (
        housing.code,
        codes(housing.done),
        codes(housing.in_progress),
        codes(housing.next_year),
    ) == (
        "logement",
        ["A-2"],
        ["A-3"],
        [],
    )
    assert (
        health.code,
        codes(health.done),
        codes(health.in_progress),
        codes(health.next_year),
    ) == (
        "sante",
        [],
        [],
        ["A-4", "A-6"],
    )
    assert report.totals == {"done": 1, "in_progress": 1, "next_year": 2}


def test_actions_done_before_the_year_abandoned_or_past_their_end_are_left_out_with_the_reason(
    plenary,
):
    report = build_report(plan=plenary.plan, year=YEAR)
    assert [(a.code, a.left_out_reason) for a in report.left_out] == [
        ("A-1", "done_before"),
        ("A-5", "abandoned"),
        ("A-7", "ended"),
    ]
    assert figure(report, "non-reprises").value == 3


def test_an_update_after_the_year_does_not_change_the_years_report(plenary):
    plenary.a3.refresh_from_db()
    assert plenary.a3.status == Action.Status.DONE  # today
    [in_progress] = build_report(plan=plenary.plan, year=YEAR).axes[0].in_progress
    assert (in_progress.code, in_progress.status, in_progress.progress, in_progress.done_on) == (
        "A-3",
        "in_progress",
        60,
        None,
    )


def test_the_same_plan_read_at_the_end_of_2024_shows_2024(plenary):
    report = build_report(plan=plenary.plan, year=2024)
    housing, health = report.axes
    assert codes(housing.done) == ["A-1"]
    assert codes(housing.in_progress) == ["A-2"]
    assert codes(health.in_progress) == ["A-5"]
    assert codes(housing.next_year) + codes(health.next_year) == ["A-3", "A-4", "A-6", "A-7"]


def test_each_action_carries_its_lead_partners_communes_and_indicators_of_the_year(plenary):
    [done] = build_report(plan=plenary.plan, year=YEAR).axes[0].done
    assert (done.code, done.status, done.progress, done.done_on) == (
        "A-2",
        "done",
        100,
        day(2025, 3, 15),
    )
    assert (done.lead_code, done.lead_name) == ("cpas-sambreville", "CPAS de Sambreville")
    assert [(p.code, p.name, p.role) for p in done.partners] == [
        ("alpha", "Alpha asbl", "operational"),
        ("beta", "Beta asbl", "funder"),
    ]
    assert [(c.nis_code, c.name) for c in done.communes] == [
        ("92094", "Namur"),
        ("92137", "Sambreville"),
    ]
    assert [(i.name, i.unit, i.target, i.value) for i in done.indicators] == [
        ("Séances d'information", "séances", Decimal("10"), Decimal("7"))
    ]


def test_an_indicator_without_a_value_for_the_year_shows_none(plenary):
    housing, health = build_report(plan=plenary.plan, year=YEAR).axes
    assert [(i.name, i.value) for i in housing.in_progress[0].indicators] == [
        ("Participants", Decimal("25.5"))
    ]
    assert [(i.name, i.target, i.value) for i in health.next_year[0].indicators] == [
        ("Brochures", Decimal("500"), None)
    ]


def test_concertation_counts_the_years_meetings_once_and_each_organisation_once(plenary):
    concertation = build_report(plan=plenary.plan, year=YEAR).concertation
    assert [(s.code, s.meeting_count) for s in concertation.spaces] == [
        ("gt-logement", 3),
        ("plateforme-sante", 1),
    ]
    assert [m.held_on for m in concertation.meetings] == [
        day(2025, 2, 10),
        day(2025, 3, 3),
        day(2025, 6, 10),
        day(2025, 10, 1),
        day(2025, 11, 20),
    ]
    assert [(o.code, o.meeting_count, o.people_count) for o in concertation.organisations] == [
        ("alpha", 2, 3),
        ("beta", 1, 1),
        ("cpas-sambreville", 3, 6),
        ("ili-namur", 1, 2),
    ]
    assert concertation.people_count == 27


def test_a_meeting_announced_later_in_the_year_is_not_yet_held():
    plan = make_plan()
    make_meeting(plan=plan, held_on=day(2025, 12, 10), other_participants_count=30)
    report = build_report(plan=plan, year=YEAR, today=day(2025, 11, 30))
    assert (report.concertation.meetings, report.concertation.people_count) == ([], 0)


def test_recommendations_answered_by_the_plans_actions_are_counted_per_follow_up(plenary):
    report = build_report(plan=plenary.plan, year=YEAR)
    assert [(r.key, r.follow_up, r.action_codes) for r in report.recommendations] == [
        ("memo-2024/R-1", "in_pcs", ["A-2", "A-3"]),
        ("memo-2024/R-2", "done", ["A-5"]),
        ("memo-2024/R-4", "not_taken_up", ["A-4"]),
    ]
    assert {c.follow_up: c.keys for c in report.follow_ups} == {
        "not_taken_up": ["memo-2024/R-4"],
        "in_dpc": [],
        "in_pcs": ["memo-2024/R-1"],
        "in_progress": [],
        "done": ["memo-2024/R-2"],
    }


def test_coverage_lists_the_findings_with_and_without_an_action_of_the_plan(plenary):
    report = build_report(plan=plenary.plan, year=YEAR)
    assert [(f.key, f.action_codes) for f in report.findings] == [
        ("diag-test/C-1", ["A-2", "A-3"]),
        ("diag-test/C-2", []),
        ("diag-test/C-3", []),
    ]
    assert figure(report, "constats-avec-action").value == 1
    assert figure(report, "constats-sans-action").codes == ["diag-test/C-2", "diag-test/C-3"]


def test_every_count_names_the_records_behind_it(plenary):
    report = build_report(plan=plenary.plan, year=YEAR)
    assert figure(report, "realisees").codes == ["A-2"]
    assert figure(report, "perspectives", "sante").codes == ["A-4", "A-6"]
    assert figure(report, "organisations").codes == [
        "alpha",
        "beta",
        "cpas-sambreville",
        "ili-namur",
    ]
    assert (figure(report, "reunions").value, figure(report, "personnes").value) == (5, 27)
    html = render_html(report)
    assert 'id="axe-sante-perspectives"' in html
    assert "A-4" in html and "Réseau santé mentale" in html


def test_internal_notes_never_appear_in_any_file(plenary):
    report = build_report(plan=plenary.plan, year=YEAR)
    for content in [
        render_html(report).encode(),
        render_csv(report),
        render_xlsx(report),
        str(report_data(report)).encode(),
    ]:
        assert b"NOTE-INTERNE-SECRETE" not in content


def test_the_page_explains_how_the_report_is_computed_in_french(plenary):
    html = render_html(build_report(plan=plenary.plan, year=YEAR))
    assert "Comment ce rapport est calculé" in html
    assert "dernier point d'avancement daté de ce jour ou d'avant" in html
    assert "@media print" in html


def test_building_the_report_costs_the_same_queries_for_more_actions(plenary):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            build_report(plan=plenary.plan, year=YEAR)
        return len(queries)

    before = count_queries()
    for n in range(10):
        add_a_full_action(plenary, n)
    assert count_queries() == before


def add_a_full_action(plenary, n):
    action = make_action(plan=plenary.plan, code=f"B-{n}", axis=plenary.health)
    make_action_partner(action=action)
    action.communes.add(make_commune())
    make_indicator_value(indicator=make_indicator(action=action), year=YEAR)
    make_update(action, reported_on=day(2025, 5, 1), status=Action.Status.DONE, progress=100)
    make_recommendation().actions.add(action)
    objective = make_objective(plan=plenary.plan)
    objective.findings.add(make_finding(diagnostic=plenary.plan.diagnostics.get()))
    Action.objects.filter(pk=action.pk).update(objective=objective)
    space = make_space()
    space.plans.add(plenary.plan)
    make_attendance(meeting=make_meeting(space=space, held_on=day(2025, 4, 1)))


# --- The files -----------------------------------------------------------------------------


def test_the_csv_starts_with_a_byte_order_mark_and_uses_semicolons(plenary):
    content = render_csv(build_report(plan=plenary.plan, year=YEAR))
    assert content.startswith("\ufeff".encode())
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("rubrique;code du plan;année;code de l'axe;axe de droits;groupe;")


def test_the_comma_variant_uses_commas(plenary):
    content = render_csv(build_report(plan=plenary.plan, year=YEAR), delimiter=",")
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").splitlines()[0].startswith("rubrique,code du plan,année,")


def csv_lines(report):
    header, *rows = csv.reader(io.StringIO(render_csv(report).decode("utf-8-sig")), delimiter=";")
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_each_csv_line_says_its_rubrique_and_keeps_stable_codes_in_their_columns(plenary):
    lines = csv_lines(build_report(plan=plenary.plan, year=YEAR))
    a2 = next(
        line for line in lines if line["rubrique"] == "action" and line["code de l'action"] == "A-2"
    )
    assert (
        a2["code du plan"],
        a2["année"],
        a2["code de l'axe"],
        a2["code de l'organisation porteuse"],
        a2["codes INS des communes"],
        a2["groupe"],
        a2["réalisée le"],
    ) == (
        "pli-test",
        "2025",
        "logement",
        "cpas-sambreville",
        "92094, 92137",
        "Réalisée en 2025",
        "15/03/2025",
    )
    assert {line["rubrique"] for line in lines} == {
        "chiffre",
        "action",
        "indicateur",
        "espace",
        "reunion",
        "organisation",
        "recommandation",
        "constat",
    }
    people = next(line for line in lines if line["code"] == "personnes")
    assert (people["rubrique"], people["nombre"]) == ("chiffre", "27")


def test_the_csv_dictionary_describes_every_column(plenary):
    header = (
        render_csv(build_report(plan=plenary.plan, year=YEAR)).decode("utf-8-sig").splitlines()[0]
    )
    dictionary = render_csv_dictionary().decode("utf-8-sig").splitlines()
    assert dictionary[0] == "colonne;signification"
    assert [line.split(";")[0] for line in dictionary[1:]] == header.split(";")
    assert render_csv_dictionary(",").decode("utf-8-sig").startswith("colonne,signification")


def test_the_xlsx_has_a_sheet_per_rubrique_and_the_dictionary_last(plenary):
    workbook = load_workbook(io.BytesIO(render_xlsx(build_report(plan=plenary.plan, year=YEAR))))
    assert workbook.sheetnames == [
        "Chiffres",
        "Actions",
        "Indicateurs",
        "Espaces",
        "Réunions",
        "Organisations",
        "Recommandations",
        "Constats",
        "Dictionnaire",
    ]
    indicators = list(workbook["Indicateurs"].values)
    row = dict(zip(indicators[0], next(r for r in indicators if r[4] == "A-3"), strict=True))
    assert (row["code du plan"], row["valeur de l'année"], row["cible"]) == ("pli-test", 25.5, None)
    described = [r[0] for r in list(workbook["Dictionnaire"].values)[1:]]
    assert {"code du plan", "code de l'action", "codes INS des communes"} <= set(described)


def test_formula_looking_titles_are_neutralised_in_csv_and_xlsx(plenary):
    Action.objects.filter(pk=plenary.a2.pk).update(title='=HYPERLINK("http://x.example")')
    Organisation.objects.filter(code="alpha").update(name="@SUM(A1)")
    report = build_report(plan=plenary.plan, year=YEAR)
    text = render_csv(report).decode("utf-8-sig")
    assert ';"\'=HYPERLINK(""http://x.example"")";' in text
    assert ";'@SUM(A1);" in text
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    titles = [row[6] for row in workbook["Actions"].values]
    assert '\'=HYPERLINK("http://x.example")' in titles
    assert not any(str(title).startswith("=") for title in titles)


# --- Freezing ------------------------------------------------------------------------------


def stored(frozen):
    frozen.refresh_from_db()
    return {
        "html": frozen.html,
        "csv": bytes(frozen.csv),
        "csv_dictionary": bytes(frozen.csv_dictionary),
        "xlsx": bytes(frozen.xlsx),
        "data": frozen.data,
    }


def edit_the_plan(plenary):
    """What may still happen after a plenary: a correction made in the database (the
    application refuses updates dated in a frozen year), a new value, a new action."""
    correct_in_database(
        plenary.a4, reported_on=day(2025, 12, 20), status=Action.Status.IN_PROGRESS, progress=30
    )
    IndicatorValue.objects.filter(indicator=plenary.sessions, year=YEAR).update(value=9)
    Action.objects.filter(pk=plenary.a4.pk).update(title="Brochure santé, 2e édition")
    make_action(plan=plenary.plan, code="A-8", axis=plenary.health, title="Nouvelle action")


def test_a_frozen_report_stays_byte_identical_whatever_is_edited_afterwards(plenary):
    frozen = freeze_report(plan=plenary.plan, year=YEAR, user=make_user())
    before = stored(frozen)
    assert before["csv"].startswith("\ufeff".encode()) and before["xlsx"].startswith(b"PK")
    edit_the_plan(plenary)
    assert stored(frozen) == before
    assert render_csv(build_report(plan=plenary.plan, year=YEAR)) != before["csv"]


def test_the_comparison_lists_what_changed_since_the_freeze(plenary):
    frozen = freeze_report(plan=plenary.plan, year=YEAR, user=None)
    assert compare_with_live(frozen) == []
    edit_the_plan(plenary)
    assert [(d.subject, d.change, d.frozen, d.live) for d in compare_with_live(frozen)] == [
        (
            "A-2 — Séances d'information (séances)",
            "Valeur d'indicateur modifiée",
            "7 (cible 10)",
            "9 (cible 10)",
        ),
        ("A-4", "Action changée de groupe", "Perspective 2026", "En cours fin 2025"),
        ("A-4", "Statut au 31 décembre modifié", "Reportée", "En cours"),
        ("A-4", "Avancement modifié", "10 %", "30 %"),
        ("A-8", "Action ajoutée au plan", "", "Nouvelle action"),
        ("Actions en cours fin 2025", "Chiffre modifié", "1 : A-3", "2 : A-3, A-4"),
        ("Actions en cours fin 2025 — axe 2. Santé", "Chiffre modifié", "0", "1 : A-4"),
    ]


def test_a_removed_action_shows_in_the_comparison(plenary):
    frozen = freeze_report(plan=plenary.plan, year=YEAR, user=None)
    Action.objects.filter(code="A-7").delete()
    differences = [(d.subject, d.change) for d in compare_with_live(frozen)]
    assert ("A-7", "Action retirée du plan") in differences


def test_a_second_freeze_of_the_same_year_is_refused_in_french(plenary):
    freeze_report(plan=plenary.plan, year=YEAR, user=None)
    with pytest.raises(ValidationError) as refused:
        freeze_report(plan=plenary.plan, year=YEAR, user=None)
    assert "Le rapport annuel 2025 de ce plan a déjà été figé le" in refused.value.messages[0]
    assert "ne peut pas être figé une seconde fois" in refused.value.messages[0]
    assert FrozenReport.objects.count() == 1


def test_the_database_refuses_two_frozen_reports_of_one_year_in_french(plenary):
    frozen = freeze_report(plan=plenary.plan, year=YEAR, user=None)
    twin = FrozenReport(
        plan=frozen.plan, year=YEAR, data={}, html="", csv=b"", csv_dictionary=b"", xlsx=b""
    )
    with pytest.raises(ValidationError) as refused:
        twin.validate_constraints()
    assert "Le rapport annuel de ce plan pour cette année est déjà figé." in str(refused.value)


def test_a_year_not_yet_begun_cannot_be_frozen(plenary):
    next_year = datetime.date.today().year + 1
    with pytest.raises(ValidationError, match="n'est pas terminée"):
        freeze_report(plan=plenary.plan, year=next_year, user=None)


def test_with_state_on_takes_the_latest_update_up_to_the_day_and_when_it_was_done():
    action = make_action()
    make_update(action, reported_on=day(2023, 5, 1), status=Action.Status.DONE, progress=100)
    make_update(action, reported_on=day(2024, 2, 1), status=Action.Status.IN_PROGRESS, progress=80)
    make_update(action, reported_on=day(2025, 7, 1), status=Action.Status.DONE, progress=100)

    def state(on):
        read = Action.objects.with_state_on(on).get(pk=action.pk)
        return read.status_on, read.progress_on, read.done_on

    assert state(day(2022, 12, 31)) == ("planned", 0, None)
    assert state(day(2023, 12, 31)) == ("done", 100, day(2023, 5, 1))
    assert state(day(2024, 12, 31)) == ("in_progress", 80, None)
    # Reopened, then done again: done in 2025, not before.
    assert state(day(2025, 12, 31)) == ("done", 100, day(2025, 7, 1))


# --- The command ---------------------------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("plenary_report", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("file_format", "start"),
    [
        ("html", b"<!doctype html>"),
        ("csv", "\ufeffrubrique;".encode()),
        ("xlsx", b"PK"),
        ("dictionary", "\ufeffcolonne;".encode()),
    ],
)
def test_the_command_writes_each_format(plenary, tmp_path, file_format, start):
    output = tmp_path / "rapport"
    summary = run("pli-test", "2025", "--format", file_format, "--output", str(output))
    assert output.read_bytes().startswith(start)
    assert summary == f"Rapport 2025 du plan pli-test ({file_format}) écrit dans {output}.\n"


def test_the_command_writes_the_comma_variant(plenary, tmp_path):
    output = tmp_path / "rapport.csv"
    run("pli-test", "2025", "--format", "csv", "--comma", "--output", str(output))
    assert output.read_bytes().startswith("\ufeffrubrique,code du plan,".encode())


def test_the_command_writes_the_stored_bytes_of_a_frozen_report(plenary, tmp_path):
    frozen = freeze_report(plan=plenary.plan, year=YEAR, user=None)
    edit_the_plan(plenary)
    for file_format, field in [("csv", "csv"), ("xlsx", "xlsx"), ("dictionary", "csv_dictionary")]:
        output = tmp_path / file_format
        run("pli-test", "2025", "--frozen", "--format", file_format, "--output", str(output))
        assert output.read_bytes() == bytes(getattr(frozen, field))
    run("pli-test", "2025", "--frozen", "--output", str(tmp_path / "html"))
    assert (tmp_path / "html").read_bytes() == frozen.html.encode()


def test_the_command_can_freeze_the_report(plenary, tmp_path):
    make_user(username="coordinatrice")
    output = tmp_path / "rapport.csv"
    summary = run(
        "pli-test",
        "2025",
        "--freeze",
        "--user",
        "coordinatrice",
        "--format",
        "csv",
        "--output",
        str(output),
    )
    frozen = FrozenReport.objects.get()
    assert (frozen.year, frozen.frozen_by.username) == (2025, "coordinatrice")
    assert output.read_bytes() == bytes(frozen.csv)
    assert "figé" in summary


def test_the_command_refuses_an_unknown_plan_in_french(tmp_path):
    with pytest.raises(CommandError, match="Aucun plan n'a le code « inconnu »"):
        run("inconnu", "2025", "--output", str(tmp_path / "x"))


def test_the_command_refuses_a_year_that_was_not_frozen(plenary, tmp_path):
    with pytest.raises(CommandError, match="n'a pas été figé"):
        run("pli-test", "2025", "--frozen", "--output", str(tmp_path / "x"))


def test_the_command_refuses_a_second_freeze(plenary, tmp_path):
    freeze_report(plan=plenary.plan, year=YEAR, user=None)
    with pytest.raises(CommandError, match="ne peut pas être figé une seconde fois"):
        run("pli-test", "2025", "--freeze", "--output", str(tmp_path / "x"))
