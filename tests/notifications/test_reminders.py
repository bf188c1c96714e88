"""The weekly digest: who gets one, what it lists, once a week, in a fixed number of queries."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from post_office.models import Email

from notifications.models import Digest, Preferences
from notifications.reminders import digests_due, months_before, send_digests
from plans.models import Action, ActionUpdate, Plan
from tests.factory import make_action, make_organisation, make_update, make_user

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 16, 7, 0))
TODAY = NOW.date()


@pytest.fixture
def plan_in_force(plan_x):
    Plan.objects.filter(pk=plan_x.pk).update(status=Plan.Status.IN_FORCE)
    return plan_x


def stale_action(plan, organisation, code, **fields):
    """Started long ago, last approved update ten months ago: stale at six months."""
    action = make_action(
        plan=plan,
        code=code,
        lead_organisation=organisation,
        started_on=datetime.date(2024, 1, 1),
        **fields,
    )
    make_update(action, reported_on=datetime.date(2026, 1, 10))
    return action


def test_the_stale_months_count_back_on_the_calendar():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)


def test_the_lead_organisation_hears_of_its_stale_and_overdue_actions(
    plan_in_force, organisation_a, partner, mailoutbox
):
    stale = stale_action(plan_in_force, organisation_a, "A-1", title="Cours de français")
    overdue = make_action(
        plan=plan_in_force,
        code="A-2",
        lead_organisation=organisation_a,
        ended_on=datetime.date(2026, 6, 30),
    )
    make_update(overdue, reported_on=datetime.date(2026, 10, 1))  # recent, but past its end
    fresh = make_action(
        plan=plan_in_force,
        code="A-3",
        lead_organisation=organisation_a,
        started_on=datetime.date(2024, 1, 1),
    )
    make_update(fresh, reported_on=datetime.date(2026, 9, 1))
    done = stale_action(plan_in_force, organisation_a, "A-4")
    make_update(
        done, reported_on=datetime.date(2026, 1, 20), status=Action.Status.DONE, progress=100
    )
    stale_action(plan_in_force, make_organisation(), "B-1")  # someone else's

    (digest,) = digests_due(now=NOW, stale_months=6)

    assert digest.user == partner
    assert [action.code for action in digest.actions] == ["A-1", "A-2"]
    assert digest.actions[0].last_update_on == datetime.date(2026, 1, 10)
    assert stale in digest.actions and fresh not in digest.actions


def test_coordinators_hear_of_their_plans_and_of_updates_waiting_over_a_week(
    plan_in_force, organisation_a, action, partner, coordinator_x, coordinator_y, staff_x
):
    stale_action(plan_in_force, make_organisation(), "C-1")
    old = make_update(
        action,
        author=partner,
        review_status=ActionUpdate.Review.DRAFT,
        reported_on=datetime.date(2026, 10, 1),
    )
    old.submit()
    ActionUpdate.objects.filter(pk=old.pk).update(submitted_at=NOW - datetime.timedelta(days=8))
    recent = make_update(
        action,
        author=partner,
        review_status=ActionUpdate.Review.DRAFT,
        reported_on=datetime.date(2026, 11, 1),
    )
    recent.submit()
    ActionUpdate.objects.filter(pk=recent.pk).update(submitted_at=NOW - datetime.timedelta(days=2))

    due = {digest.user: digest for digest in digests_due(now=NOW, stale_months=6)}

    # The staff member of plan X does not review; the coordinator of plan Y has nothing.
    assert set(due) == {coordinator_x, partner}
    assert [a.code for a in due[coordinator_x].actions] == ["A-1", "C-1"]
    assert due[coordinator_x].waiting_updates == [old]


def test_a_plan_not_in_force_sends_no_reminder(plan_x, organisation_a, partner):
    Plan.objects.filter(pk=plan_x.pk).update(status=Plan.Status.ENDED)
    stale_action(plan_x, organisation_a, "A-1")
    assert digests_due(now=NOW, stale_months=6) == []


def test_the_command_sends_one_digest_per_person_and_nothing_twice_the_same_day(
    plan_in_force, organisation_a, partner, coordinator_x, mailoutbox, settings
):
    stale_action(plan_in_force, organisation_a, "A-1", title="Cours de français")
    make_user(email="collegue@maison-a.example", organisation=organisation_a)

    call_command("send_reminders", "--queue-only")
    call_command("send_reminders", "--queue-only")

    assert Digest.objects.count() == 3  # two users of A and the coordinator, once each
    assert Email.objects.count() == 3
    email = Email.objects.get(to=["ines@maison-a.example"])
    assert email.subject == "Rappel de la semaine : actions sans nouvelles et points en attente"
    assert "Cours de français" in email.message and "dernier point le 10/01/2026" in email.message
    assert "https://cai.example.org/partenaires/actions/" in email.message


def test_a_week_later_the_digest_comes_again(plan_in_force, organisation_a, partner):
    stale_action(plan_in_force, organisation_a, "A-1")
    assert send_digests(now=NOW, stale_months=6) == 1
    assert send_digests(now=NOW + datetime.timedelta(days=6), stale_months=6) == 0
    assert send_digests(now=NOW + datetime.timedelta(days=7, minutes=1), stale_months=6) == 1


def test_turning_the_digest_off_stops_it_and_only_it(
    plan_in_force,
    organisation_a,
    partner,
    draft,
    coordinator_x,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    stale_action(plan_in_force, organisation_a, "A-2")
    Preferences.objects.create(user=partner, wants_digest=False)
    assert [digest.user for digest in digests_due(now=NOW, stale_months=6)] == [coordinator_x]
    draft.submit()
    with django_capture_on_commit_callbacks(execute=True):
        draft.return_to_partner(by=coordinator_x, reason="Précisez.")
    assert [message.to for message in mailoutbox] == [["ines@maison-a.example"]]


def build(plan, organisations, n):
    actions = [
        make_action(
            plan=plan,
            code=f"N-{i}",
            lead_organisation=organisations[i % len(organisations)],
            started_on=datetime.date(2020, 1, 1),
        )
        for i in range(n)
    ]
    for organisation in organisations:
        make_user(organisation=organisation)
    return actions


@pytest.mark.parametrize("n", [2, 40])
def test_the_selection_is_one_query_per_kind_whatever_the_number_of_actions(
    n, plan_in_force, coordinator_x, django_assert_num_queries
):
    organisations = [make_organisation() for _ in range(max(n // 4, 1))]
    build(plan_in_force, organisations, n)
    # Actions needing news, waiting updates, partner users, coordinators (both without
    # those who had a digest this week), the plans they follow: five queries at any size.
    with django_assert_num_queries(5):
        due = digests_due(now=NOW, stale_months=6)
    assert sum(len(digest.actions) for digest in due) == 2 * n  # the partners', the coordinator's
