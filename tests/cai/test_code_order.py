"""Codes in natural order everywhere a list shows them: R-2 before R-10, A-1.2 before A-1.10."""

import re

import pytest

from cai.codes import code_sort_key
from plans.models import Action, Recommendation
from tests.factory import (
    make_action,
    make_axis,
    make_memorandum,
    make_organisation,
    make_plan,
    make_recommendation,
    make_user,
)

SHUFFLED = ["A-1.10", "A-2", "A-1.2", "A-10.1", "A-1.1"]
NATURAL = ["A-1.1", "A-1.2", "A-1.10", "A-2", "A-10.1"]


def test_the_python_key_puts_numbers_in_numeric_order():
    assert sorted(["R-10", "R-2", "R-1", "R-11"], key=code_sort_key) == [
        "R-1",
        "R-2",
        "R-10",
        "R-11",
    ]
    assert sorted(SHUFFLED, key=code_sort_key) == NATURAL
    assert code_sort_key("ppli-2") == "ppli-00000002"


@pytest.mark.django_db
def test_the_database_orders_action_codes_like_the_python_key():
    plan = make_plan()
    for code in SHUFFLED:
        make_action(plan=plan, code=code)
    assert list(Action.objects.filter(plan=plan).values_list("code", flat=True)) == NATURAL


@pytest.mark.django_db
def test_the_memorandum_page_lists_r_2_before_r_10(visitor):
    memorandum = make_memorandum(code="memo-2024", is_published=True)
    for code in ["R-10", "R-1", "R-2", "R-11"]:
        make_recommendation(memorandum=memorandum, code=code)
    assert list(Recommendation.objects.values_list("code", flat=True)) == [
        "R-1",
        "R-2",
        "R-10",
        "R-11",
    ]
    text = visitor.get("/memorandums/memo-2024/").content.decode()
    # The recommendations themselves, after the table of contents that names them too.
    shown = re.findall(r">(R-\d+)<", text.split('id="recommandations"')[1])
    assert shown == ["R-1", "R-2", "R-10", "R-11"]


@pytest.mark.django_db
def test_the_axis_list_and_the_partner_list_follow_the_natural_order(client):
    axis = make_axis()
    organisation = make_organisation()
    plan = make_plan()
    for code in SHUFFLED:
        make_action(plan=plan, code=code, axis=axis, lead_organisation=organisation)
    public = client.get(axis.get_absolute_url()).content.decode()
    assert re.findall(r'class="code">(A-[\d.]+)<', public) == NATURAL
    client.force_login(make_user(organisation=organisation))
    partner = client.get("/partenaires/").content.decode()
    assert re.findall(r">(A-[\d.]+)<", partner) == NATURAL
