import datetime

import pytest

from plans.models import Action
from tests.factory import make_action, make_update

pytestmark = pytest.mark.django_db


def test_a_new_action_is_planned_at_zero_percent():
    action = make_action()
    assert (action.status, action.progress) == (Action.Status.PLANNED, 0)


def test_an_update_moves_the_actions_status_and_progress():
    action = make_action()
    make_update(action, status=Action.Status.IN_PROGRESS, progress=40)
    action.refresh_from_db()
    assert (action.status, action.progress) == (Action.Status.IN_PROGRESS, 40)


def test_an_older_update_added_later_does_not_move_the_action():
    action = make_action()
    make_update(
        action, reported_on=datetime.date(2025, 9, 1), status=Action.Status.DONE, progress=100
    )
    make_update(action, reported_on=datetime.date(2024, 3, 1), progress=20)
    action.refresh_from_db()
    assert (action.status, action.progress) == (Action.Status.DONE, 100)


def test_deleting_the_latest_update_falls_back_to_the_previous_one():
    action = make_action()
    make_update(action, reported_on=datetime.date(2024, 3, 1), progress=20)
    latest = make_update(action, reported_on=datetime.date(2025, 3, 1), progress=70)
    latest.delete()
    action.refresh_from_db()
    assert action.progress == 20


def test_bulk_follow_latest_updates_agrees_with_the_per_action_rule():
    first, second = make_action(), make_action()
    make_update(first, reported_on=datetime.date(2024, 1, 1), progress=10)
    make_update(first, reported_on=datetime.date(2025, 1, 1), progress=90)
    Action.objects.update(status=Action.Status.PLANNED, progress=0)
    Action.objects.follow_latest_updates()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.progress, second.progress, second.status) == (90, 0, Action.Status.PLANNED)
