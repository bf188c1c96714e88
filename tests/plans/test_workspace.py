"""The coordinator's home in the admin: my plans and their progress, the updates waiting for
my review, my actions to chase, the next meetings of my spaces, last year's reports to freeze."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from cai.roles import COORDINATORS, STAFF
from cai.templatetags.long_dates import long_date
from plans.models import Action, SubmittedUpdate
from plans.reporting import freeze_report
from plans.workspace import coordinator_workspace, months_before
from tests.factory import (
    make_action,
    make_cai_user,
    make_meeting,
    make_plan,
    make_space,
    make_update,
    make_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def mine():
    """The plan the coordinator follows, running from last year."""
    return make_plan(code="pli-sambreville", title="PLI de Sambreville", start_year=LAST_YEAR)


@pytest.fixture
def other():
    """A plan the coordinator does not follow: nothing of it appears on their home."""
    return make_plan(code="pli-dinant", title="PLI de Dinant", start_year=LAST_YEAR)


@pytest.fixture
def claire(mine):
    """Claire coordinates the plan `mine`: she reviews partners' updates and freezes reports."""
    return make_cai_user(COORDINATORS, plans=[mine], username="claire")


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def submitted(action, *, days_waiting):
    partner = make_user(organisation=action.lead_organisation)
    update = make_update(
        action, reported_on=days_ago(days_waiting), author=partner, review_status="draft"
    )
    update.submit()
    SubmittedUpdate.objects.filter(pk=update.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days_waiting)
    )
    return update


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert months_before(datetime.date(2026, 12, 4), 6) == datetime.date(2026, 6, 4)
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)


def test_the_home_shows_my_plans_with_their_progress_and_not_the_others(
    client, claire, mine, other
):
    make_action(plan=mine, code="A-1")
    done = make_action(plan=mine, code="A-2")
    make_update(done, reported_on=days_ago(3), status=Action.Status.DONE, progress=100)
    page = home(client, claire)
    assert "Mes plans" in page
    assert "PLI de Sambreville" in page and "PLI de Dinant" not in page
    assert "2 actions, 1 réalisées, avancement moyen 50 %" in page
    assert reverse("admin:plans_plan_change", args=[mine.pk]) in page
    assert f"{reverse('admin:plans_action_changelist')}?plan__id__exact={mine.pk}" in page


def test_the_updates_waiting_for_my_review_are_counted_oldest_first(client, claire, mine, other):
    recent = submitted(make_action(plan=mine, code="A-1", title="Permanence"), days_waiting=2)
    oldest = submitted(make_action(plan=mine, code="A-2", title="Ateliers"), days_waiting=9)
    submitted(make_action(plan=other, code="A-3", title="Chez Dinant"), days_waiting=20)
    page = home(client, claire)
    assert "Points d'avancement à valider : 2" in page
    assert page.index("action A-2 — Ateliers") < page.index("action A-1 — Permanence")
    assert "Chez Dinant" not in page
    for update in [recent, oldest]:
        assert reverse("admin:plans_submittedupdate_change", args=[update.pk]) in page


def test_my_actions_to_chase_are_those_overdue_or_quiet_for_six_months_and_not_done(
    client, claire, mine, other
):
    long_ago = days_ago(400)
    overdue = make_action(plan=mine, code="A-1", ended_on=days_ago(10), started_on=long_ago)
    make_update(overdue, reported_on=days_ago(20))
    quiet = make_action(plan=mine, code="A-2", started_on=long_ago)
    make_update(quiet, reported_on=days_ago(200))
    never = make_action(plan=mine, code="A-3", started_on=long_ago)
    lively = make_action(plan=mine, code="A-4", started_on=long_ago)
    make_update(lively, reported_on=days_ago(30))
    done = make_action(plan=mine, code="A-5", ended_on=days_ago(10), started_on=long_ago)
    make_update(done, reported_on=days_ago(15), status=Action.Status.DONE, progress=100)
    make_action(plan=mine, code="A-6", started_on=days_ago(20))  # too new to report
    make_action(plan=other, code="A-7", started_on=long_ago)

    found = coordinator_workspace(user=claire, today=TODAY)
    assert [a.code for a in found.attention] == ["A-1", "A-3", "A-2"]
    page = home(client, claire)
    assert "Actions à relancer : 3" in page
    assert f"Date de fin dépassée le {long_date(days_ago(10))}, toujours en cours" in page
    assert "Aucun point validé (PLI de Sambreville)" in page
    assert "Dernier point validé le" in page
    for action in [overdue, quiet, never]:
        assert reverse("admin:plans_action_change", args=[action.pk]) in page


def test_the_next_meetings_of_my_spaces_and_plans_come_first_by_date(client, claire, mine, other):
    space = make_space(name="Plateforme logement")
    space.plans.add(mine)
    later = make_meeting(space=space, title="Plateforme de printemps", held_on=days_ago(-30))
    sooner = make_meeting(plan=mine, title="Assemblée plénière", held_on=days_ago(-5))
    make_meeting(space=space, title="Réunion passée", held_on=days_ago(5))
    make_meeting(plan=other, title="Plénière de Dinant", held_on=days_ago(-5))
    page = home(client, claire)
    assert page.index("Assemblée plénière") < page.index("Plateforme de printemps")
    assert "Réunion passée" not in page and "Plénière de Dinant" not in page
    for meeting in [later, sooner]:
        assert reverse("admin:concertation_meeting_change", args=[meeting.pk]) in page


def test_last_years_reports_still_to_freeze_link_to_the_report(client, claire, mine):
    frozen = make_plan(code="pli-gembloux", title="PLI de Gembloux", start_year=LAST_YEAR)
    frozen.team.add(claire)
    freeze_report(plan=frozen, year=LAST_YEAR, user=None)
    ended = make_plan(code="pli-ancien", title="PLI ancien", start_year=2010, end_year=2013)
    ended.team.add(claire)
    page = home(client, claire)
    assert f"Rapports {LAST_YEAR} à figer" in page
    assert f"Rapport {LAST_YEAR} — PLI de Sambreville" in page
    assert f"{reverse('admin:plans_plan_report', args=[mine.pk])}?annee={LAST_YEAR}" in page
    assert f"Rapport {LAST_YEAR} — PLI de Gembloux" not in page
    assert f"Rapport {LAST_YEAR} — PLI ancien" not in page


def test_staff_who_neither_review_nor_freeze_see_neither_list(client, mine):
    submitted(make_action(plan=mine), days_waiting=3)
    page = home(client, make_cai_user(STAFF, plans=[mine]))
    assert "Mes plans" in page
    assert "Points d'avancement à valider" not in page and "à figer" not in page


def test_someone_who_follows_no_plan_is_told_how_to_and_keeps_every_table(client):
    page = home(client, make_cai_user(COORDINATORS))
    assert "Vous ne suivez encore aucun plan" in page
    assert "Toutes les tables de l'administration" in page
    assert reverse("admin:plans_action_changelist") in page


def test_the_change_log_is_named_for_what_it_is(client, claire):
    page = home(client, claire)
    assert "Journal de vos modifications" in page
    assert "Actions récentes" not in page and "Mes actions" not in page


def fill(plan, n):
    """n more of everything the home lists, under `plan`."""
    space = make_space()
    space.plans.add(plan)
    for i in range(n):
        action = make_action(plan=plan, started_on=days_ago(400))
        submitted(action, days_waiting=i + 1)
        make_meeting(space=space, held_on=days_ago(-i - 1))
        extra = make_plan(start_year=LAST_YEAR)
        extra.team.add(*plan.team.all())


@pytest.mark.parametrize("n", [1, 12])
def test_the_home_makes_the_same_queries_however_much_there_is(
    client, claire, mine, n, django_assert_num_queries
):
    fill(mine, n)
    client.force_login(claire)
    client.get(reverse("admin:index"))  # the session and permission caches are warm
    # Session, user, permissions (2), my plans, waiting (count, rows), actions to chase
    # (count, rows), meetings, reports to freeze; then the app list's groups and editable
    # plans (plans.access), and the change log.
    with django_assert_num_queries(14):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert f"Points d'avancement à valider : {n}" in html.unescape(response.content.decode())
