"""Progress bars coloured by status, and English punctuation on English pages."""

import re

import pytest

from plans.models import Action
from tests.factory import make_action, make_axis, make_plan, make_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def postponed_action():
    """A published action whose last approved update postponed it at 30 %."""
    axis = make_axis()
    action = make_action(plan=make_plan(code="pli-x", framework=axis.framework), axis=axis)
    make_update(action, status=Action.Status.POSTPONED, progress=30)
    action.refresh_from_db()
    assert action.status == Action.Status.POSTPONED
    return action


def test_a_postponed_actions_bar_takes_the_postponed_colour_and_keeps_its_word(
    visitor, postponed_action
):
    text = visitor.get(postponed_action.get_absolute_url()).content.decode()
    assert '<progress class="status-postponed"' in text
    assert '<span class="status status-postponed">Reportée</span>' in text


def test_english_pages_write_colons_and_percentages_the_english_way(visitor, postponed_action):
    axis_page = visitor.get(f"/en{postponed_action.axis.get_absolute_url()}").content.decode()
    assert re.search(r"Postponed:\s*<strong>1</strong>", axis_page)
    assert "30%" in axis_page
    home = visitor.get("/en/").content.decode()
    assert re.search(r"1 action:", home)
    assert not re.search(r"actions? :", home)


def test_french_pages_keep_the_french_spacing(visitor, postponed_action):
    axis_page = visitor.get(postponed_action.axis.get_absolute_url()).content.decode()
    assert re.search(r"Reportée :\s*<strong>1</strong>", axis_page)
    assert "30 %" in axis_page
    assert re.search(r"1 action :", visitor.get("/").content.decode())
