"""Who enters the partner area, and what each organisation may reach there.

An action or an update of another organisation answers 404, as if it did not exist, whether
read, changed or deleted, by a link or by a URL typed in.
"""

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import ActionUpdate
from tests.factory import make_update, make_user

from .pages import create_url, delete_url, detail_url, edit_url, text_of

pytestmark = pytest.mark.django_db

Review = ActionUpdate.Review
LIST_URL = "/partenaires/"


def every_url(action, update):
    return [LIST_URL, detail_url(action), create_url(action), edit_url(update), delete_url(update)]


def test_the_urls_are_those_others_link_to(actions):
    update = make_update(actions.led, review_status=Review.DRAFT)
    assert every_url(actions.led, update) == [
        "/partenaires/",
        f"/partenaires/actions/{actions.led.pk}/",
        f"/partenaires/actions/{actions.led.pk}/points/nouveau/",
        f"/partenaires/points/{update.pk}/",
        f"/partenaires/points/{update.pk}/supprimer/",
    ]
    assert reverse("partners:action-list") == LIST_URL


def test_an_anonymous_visitor_is_sent_to_the_login_page(actions):
    update = make_update(actions.led, review_status=Review.DRAFT)
    for url in every_url(actions.led, update):
        for method in (Client().get, Client().post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith("/compte/connexion/?next="), url
    assert ActionUpdate.objects.count() == 1


@pytest.mark.parametrize("persona", ["cai_staff", "coordinator"])
def test_the_cai_team_without_an_organisation_is_told_why_it_cannot_enter(
    request, persona, actions
):
    update = make_update(actions.led, review_status=Review.DRAFT)
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    for url in every_url(actions.led, update):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Votre compte n'est rattaché à aucune organisation partenaire" in text_of(response)
        assert "administration" in text_of(response)
    assert client.post(create_url(actions.led), {"progress": 80}).status_code == 403
    assert ActionUpdate.objects.count() == 1


def test_a_user_without_organisation_who_is_not_staff_is_told_whom_to_ask(db):
    client = Client()
    client.force_login(make_user())
    response = client.get(LIST_URL)
    assert response.status_code == 403
    assert "demandez à un administrateur du CAI de rattacher votre compte" in text_of(response)


def test_partner_a_lists_the_actions_it_leads_and_takes_part_in_published_or_not(
    partner_a_client, actions
):
    page = text_of(partner_a_client.get(LIST_URL))
    assert "Cours de français" in page
    assert "Fête interculturelle en préparation non publiée" in page
    assert "Permanence juridique" in page
    assert "Partenaire (partenaire opérationnel)" in page
    assert "Potager collectif de B" not in page


def test_partner_a_reads_its_unpublished_action_which_the_public_cannot(partner_a_client, actions):
    response = partner_a_client.get(detail_url(actions.unpublished))
    assert response.status_code == 200
    assert "Non publiée : cette action n'apparaît pas encore sur le site public" in text_of(
        response
    )
    assert Client().get(actions.unpublished.get_absolute_url()).status_code == 404


def test_the_internal_note_never_shows_in_the_partner_area(partner_a_client, actions):
    actions.led.internal_note = "Subside en retard, ne pas ébruiter"
    actions.led.save()
    assert "Subside en retard" not in text_of(partner_a_client.get(detail_url(actions.led)))


def test_partner_b_never_reaches_what_belongs_to_organisation_a(partner_b_client, actions):
    draft = make_update(actions.led, review_status=Review.DRAFT, note="Brouillon de A")
    returned = make_update(actions.led, review_status=Review.RETURNED, return_reason="À compléter")
    for action in (actions.led, actions.unpublished, actions.partnered):
        assert partner_b_client.get(detail_url(action)).status_code == 404
    data = {"reported_on": "2025-06-01", "status": "done", "progress": 100}
    for url in [create_url(actions.led), edit_url(draft), edit_url(returned), delete_url(draft)]:
        assert partner_b_client.get(url).status_code == 404, url
        assert partner_b_client.post(url, data).status_code == 404, url
        assert partner_b_client.post(url, {**data, "submit_for_review": ""}).status_code == 404
    draft.refresh_from_db()
    assert (draft.review_status, draft.progress, draft.note) == (Review.DRAFT, 50, "Brouillon de A")
    assert ActionUpdate.objects.count() == 2
    assert "Cours de français" not in text_of(partner_b_client.get(LIST_URL))


def test_partner_a_never_reaches_what_belongs_to_organisation_b(partner_a_client, actions):
    draft = make_update(actions.of_b, review_status=Review.DRAFT)
    assert partner_a_client.get(detail_url(actions.of_b)).status_code == 404
    for url in [create_url(actions.of_b), edit_url(draft), delete_url(draft)]:
        assert partner_a_client.get(url).status_code == 404, url
        assert partner_a_client.post(url, {"progress": 90}).status_code == 404, url
    assert ActionUpdate.objects.get().progress == 50


def test_a_partner_in_a_non_lead_role_sees_the_action_but_cannot_report(partner_a_client, actions):
    response = partner_a_client.get(detail_url(actions.partnered))
    assert response.status_code == 200
    assert "seule l'organisation porteuse" in text_of(response)
    assert create_url(actions.partnered) not in response.content.decode()
    assert partner_a_client.get(create_url(actions.partnered)).status_code == 404
    data = {"reported_on": "2025-06-01", "status": "done", "progress": 100}
    assert partner_a_client.post(create_url(actions.partnered), data).status_code == 404
    assert not ActionUpdate.objects.exists()


def test_a_partner_in_a_non_lead_role_sees_neither_nor_changes_the_leads_drafts(
    partner_a_client, actions
):
    draft = make_update(actions.partnered, review_status=Review.DRAFT, note="Brouillon du porteur")
    assert "Brouillon du porteur" not in text_of(
        partner_a_client.get(detail_url(actions.partnered))
    )
    assert partner_a_client.get(edit_url(draft)).status_code == 404
    assert partner_a_client.post(delete_url(draft)).status_code == 404
    assert ActionUpdate.objects.filter(pk=draft.pk).exists()


def test_the_lead_is_offered_to_report(partner_a_client, actions):
    response = partner_a_client.get(detail_url(actions.led))
    assert "Nouveau point d'avancement" in text_of(response)
    assert create_url(actions.led) in response.content.decode()
