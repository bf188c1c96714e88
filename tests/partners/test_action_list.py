"""The partner's list of its organisation's actions: search, plan, pages, empty states."""

import re

import pytest

from plans.models import ActionPartner, ActionUpdate
from tests.factory import (
    make_action,
    make_action_partner,
    make_organisation,
    make_plan,
    make_update,
    make_user,
)

from .conftest import logged_in
from .pages import text_of, text_of_html

pytestmark = pytest.mark.django_db

LIST_URL = "/partenaires/"


def listed_codes(response):
    return re.findall(r'<td[^>]*><span class="code">([^<]+)</span></td>', response.content.decode())


def rows_of(response):
    """Each row of the table as the partner reads it, by action code."""
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = [text_of_html(row) for row in body.split("</tr>")[:-1]]
    return dict(zip(listed_codes(response), rows, strict=True))


def test_the_list_gives_plan_code_title_role_status_progress_and_waiting_updates(
    partner_a_client, organisation_a, actions
):
    make_action_partner(
        action=actions.of_b, organisation=organisation_a, role=ActionPartner.Role.FUNDER
    )
    make_update(actions.led, progress=30)
    make_update(actions.led, review_status=ActionUpdate.Review.DRAFT)
    # The lead's draft on the action A only takes part in is not A's business.
    make_update(actions.partnered, review_status=ActionUpdate.Review.DRAFT)

    response = partner_a_client.get(LIST_URL)
    rows = rows_of(response)
    assert list(rows) == ["A-1", "A-2", "A-3", "B-1"]
    assert rows["A-1"] == "PLI de Namur A-1 Cours de français Porteur En cours 30 % 1 brouillon"
    assert rows["A-2"] == (
        "PLI de Namur A-2 Permanence juridique Partenaire (partenaire opérationnel) Prévue 0 % —"
    )
    assert rows["A-3"].endswith(
        "Fête interculturelle en préparation non publiée Porteur Prévue 0 % aucun"
    )
    assert "Potager collectif de B Partenaire (financeur)" in rows["B-1"]
    assert "4 actions" in text_of(response)


def test_the_list_searches_code_and_title(partner_a_client, actions):
    assert listed_codes(partner_a_client.get(LIST_URL, {"q": "français"})) == ["A-1"]
    assert listed_codes(partner_a_client.get(LIST_URL, {"q": "a-2"})) == ["A-2"]


def test_the_list_filters_by_plan_among_the_organisations_own(
    partner_a_client, organisation_a, organisation_b, actions
):
    other = make_plan(code="ppli-2", title="PPLI 2.0", is_published=False)
    make_action(plan=other, code="P-1", lead_organisation=organisation_a)
    plan_of_b = make_plan(code="plan-de-b", title="Plan de B seul")
    make_action(plan=plan_of_b, lead_organisation=organisation_b)

    response = partner_a_client.get(LIST_URL, {"plan": "ppli-2"})
    assert listed_codes(response) == ["P-1"]
    assert "PPLI 2.0" in text_of(response)
    assert "Plan de B seul" not in text_of(response)

    refused = partner_a_client.get(LIST_URL, {"plan": "plan-de-b"})
    assert "Certains filtres n'ont pas été compris" in text_of(refused)


def test_the_list_shows_25_actions_a_page(partner_a_client, organisation_a, actions):
    for n in range(24):
        make_action(plan=actions.plan, code=f"C-{n:02d}", lead_organisation=organisation_a)
    first = partner_a_client.get(LIST_URL)
    assert len(listed_codes(first)) == 25
    assert "Page 1 sur 2" in text_of(first)
    assert listed_codes(partner_a_client.get(LIST_URL, {"page": 2})) == ["C-22", "C-23"]


def test_an_organisation_without_actions_is_told_so(db):
    user = make_user(organisation=make_organisation(name="Nouvelle ASBL"))
    page = text_of(logged_in(user).get(LIST_URL))
    assert "Nouvelle ASBL ne porte encore aucune action" in page


def test_a_search_without_result_says_so(partner_a_client, actions):
    page = text_of(partner_a_client.get(LIST_URL, {"q": "introuvable"}))
    assert "Aucune action ne correspond à votre recherche." in page
