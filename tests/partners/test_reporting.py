"""A partner reports on the action its organisation leads; the update counts once approved.

draft → submitted → approved, or returned with a reason, corrected and submitted again.
Only approved updates move the action and reach the public pages.
"""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from plans.models import Action, ActionUpdate, IndicatorValue, ReportedIndicatorValue
from plans.reporting import freeze_report
from tests.factory import make_update, make_user

from .conftest import logged_in
from .pages import create_url, delete_url, detail_url, edit_url, messages_of, text_of

pytestmark = pytest.mark.django_db

Review = ActionUpdate.Review
LAST_YEAR = timezone.localdate().year - 1


def report(client, action, submit=False, **fields):
    """Post the update form of `action`, as a draft unless `submit`."""
    return post_form(client, create_url(action), submit, **fields)


def post_form(client, url, submit=False, **fields):
    data = {
        "reported_on": timezone.localdate().isoformat(),
        "status": Action.Status.IN_PROGRESS,
        "progress": "40",
        "note": "Huit séances données, la salle manque.",
        **fields,
    }
    data["submit_for_review" if submit else "save_draft"] = ""
    return client.post(url, data)


def public_page(action):
    return text_of(Client().get(action.get_absolute_url()))


def test_the_form_starts_from_today_and_from_where_the_action_stands(partner_a_client, actions):
    make_update(actions.led, progress=30, status=Action.Status.IN_PROGRESS)
    response = partner_a_client.get(create_url(actions.led))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["reported_on"].value() == timezone.localdate()
    assert (form["status"].value(), form["progress"].value()) == ("in_progress", 30)
    page = text_of(response)
    assert "Séances (séances)" in page and "Cible : 10" in page
    assert "Apprenants (participants)" in page and "Pas de cible fixée." in page
    assert "Enregistrer le brouillon" in page and "Soumettre pour validation" in page


def test_a_draft_does_not_count_and_stays_off_the_public_page(partner_a, partner_a_client, actions):
    response = report(partner_a_client, actions.led, **{f"indicator_{actions.sessions.pk}": "8"})
    assert response.status_code == 302
    assert response.url == detail_url(actions.led)
    assert "Le brouillon est enregistré" in messages_of(response)[0]

    update = ActionUpdate.objects.get()
    assert (update.review_status, update.author, update.progress) == (Review.DRAFT, partner_a, 40)
    assert [(v.indicator, v.value) for v in update.indicator_values.all()] == [
        (actions.sessions, Decimal("8"))
    ]
    actions.led.refresh_from_db()
    assert (actions.led.status, actions.led.progress) == (Action.Status.PLANNED, 0)
    assert "Huit séances données" not in public_page(actions.led)
    assert not IndicatorValue.objects.exists()

    page = text_of(partner_a_client.get(detail_url(actions.led)))
    assert "Vos points en cours Brouillons" in page
    assert "Brouillon" in page and "Huit séances données" in page
    assert "Valeurs proposées : Séances : 8 séances" in page
    assert "Pas encore de point d'avancement validé." in page


def test_the_list_counts_the_updates_waiting(partner_a_client, actions):
    make_update(actions.led, review_status=Review.DRAFT)
    make_update(actions.led, review_status=Review.DRAFT)
    make_update(actions.led, review_status=Review.SUBMITTED)
    make_update(actions.led, review_status=Review.RETURNED, return_reason="Précisez.")
    page = text_of(partner_a_client.get("/partenaires/"))
    assert "1 renvoyé 2 brouillons 1 soumis" in page


def test_a_submitted_update_waits_and_can_no_longer_be_changed(partner_a_client, actions):
    response = report(partner_a_client, actions.led, submit=True)
    assert "soumis pour validation" in messages_of(response)[0]
    update = ActionUpdate.objects.get()
    assert update.review_status == Review.SUBMITTED
    assert update.submitted_at is not None

    page = text_of(partner_a_client.get(detail_url(actions.led)))
    assert "Soumis pour validation" in page and "en attente de validation" in page
    assert edit_url(update) not in partner_a_client.get(detail_url(actions.led)).content.decode()

    response = post_form(partner_a_client, edit_url(update), progress="99")
    assert response.status_code == 302
    assert "il ne peut plus être modifié" in messages_of(response)[0]
    assert partner_a_client.get(edit_url(update)).status_code == 302
    assert partner_a_client.post(delete_url(update)).status_code == 302
    update.refresh_from_db()
    assert (update.review_status, update.progress) == (Review.SUBMITTED, 40)


def test_a_returned_update_shows_its_reason_is_corrected_and_submitted_again(
    coordinator, partner_a_client, actions
):
    report(partner_a_client, actions.led, submit=True)
    update = ActionUpdate.objects.get()
    update.return_to_partner(by=coordinator, reason="Indiquez le nombre de séances.")

    page = text_of(partner_a_client.get(detail_url(actions.led)))
    assert "Renvoyé au partenaire" in page
    assert "Motif : Indiquez le nombre de séances." in page
    form_page = text_of(partner_a_client.get(edit_url(update)))
    assert "Ce point vous a été renvoyé par le CAI. Motif : Indiquez le nombre" in form_page

    # Corrected and kept as a draft for now: the reason stays in sight.
    post_form(
        partner_a_client,
        edit_url(update),
        progress="45",
        **{f"indicator_{actions.sessions.pk}": "8"},
    )
    update.refresh_from_db()
    assert (update.review_status, update.progress) == (Review.DRAFT, 45)
    assert "Motif : Indiquez le nombre de séances." in text_of(
        partner_a_client.get(detail_url(actions.led))
    )

    response = post_form(
        partner_a_client,
        edit_url(update),
        submit=True,
        progress="45",
        **{f"indicator_{actions.sessions.pk}": "8"},
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.review_status == Review.SUBMITTED
    assert "Indiquez le nombre de séances." not in text_of(
        partner_a_client.get(detail_url(actions.led))
    )


def test_an_approved_update_moves_the_action_and_reaches_the_public_page(
    coordinator, partner_a_client, actions
):
    report(
        partner_a_client,
        actions.led,
        submit=True,
        status=Action.Status.DONE,
        progress="100",
        note="Session terminée, douze apprenants certifiés.",
        **{f"indicator_{actions.learners.pk}": "12", f"indicator_{actions.sessions.pk}": ""},
    )
    ActionUpdate.objects.get().approve(by=coordinator)

    actions.led.refresh_from_db()
    assert (actions.led.status, actions.led.progress) == (Action.Status.DONE, 100)
    assert "Session terminée, douze apprenants certifiés." in public_page(actions.led)
    year = timezone.localdate().year
    assert [(v.indicator, v.year, v.value) for v in IndicatorValue.objects.all()] == [
        (actions.learners, year, Decimal("12"))
    ]
    page = text_of(partner_a_client.get(detail_url(actions.led)))
    assert "Aucun point en cours." in page
    assert "Session terminée, douze apprenants certifiés." in page
    assert f"{year} : 12" in page


def test_a_returned_update_never_reaches_a_public_page(coordinator, partner_a_client, actions):
    report(partner_a_client, actions.led, submit=True, note="Note à ne pas publier")
    ActionUpdate.objects.get().return_to_partner(by=coordinator, reason="Trop vague.")
    assert "Note à ne pas publier" not in public_page(actions.led)
    assert "Note à ne pas publier" not in text_of(Client().get("/"))
    actions.led.refresh_from_db()
    assert actions.led.progress == 0


def test_editing_a_draft_shows_its_values_and_keeps_exactly_those_filled_in(
    partner_a_client, actions
):
    update = make_update(actions.led, review_status=Review.DRAFT)
    ReportedIndicatorValue.objects.create(update=update, indicator=actions.sessions, value=3)
    ReportedIndicatorValue.objects.create(update=update, indicator=actions.learners, value=20)
    form = partner_a_client.get(edit_url(update)).context["form"]
    assert form[f"indicator_{actions.sessions.pk}"].value() == Decimal("3")
    assert form[f"indicator_{actions.learners.pk}"].value() == Decimal("20")

    post_form(
        partner_a_client,
        edit_url(update),
        **{f"indicator_{actions.sessions.pk}": "5,5", f"indicator_{actions.learners.pk}": ""},
    )
    assert [(v.indicator, v.value) for v in update.indicator_values.all()] == [
        (actions.sessions, Decimal("5.5"))
    ]


def test_a_colleague_of_the_same_organisation_continues_the_draft(
    organisation_a, partner_a_client, actions
):
    report(partner_a_client, actions.led)
    colleague = make_user(username="collegue-a", organisation=organisation_a)
    update = ActionUpdate.objects.get()
    post_form(logged_in(colleague), edit_url(update), submit=True)
    update.refresh_from_db()
    assert (update.review_status, update.author) == (Review.SUBMITTED, colleague)


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        (
            {"reported_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "La date du point ne peut pas être dans le futur.",
        ),
        ({"progress": "101"}, "inférieure ou égale à 100"),
        ({"progress": "-1"}, "supérieure ou égale à 0"),
        ({"status": "fini"}, "Sélectionnez un choix valide"),
        ({"indicator": "-2"}, "supérieure ou égale à 0"),
        ({"indicator": "beaucoup"}, "Saisissez un nombre"),
    ],
)
def test_a_wrong_value_is_refused_in_french_and_nothing_is_saved(
    partner_a_client, actions, fields, error
):
    if "indicator" in fields:
        fields = {f"indicator_{actions.sessions.pk}": fields["indicator"]}
    response = report(partner_a_client, actions.led, submit=True, **fields)
    assert response.status_code == 200
    assert error in text_of(response)
    assert not ActionUpdate.objects.exists()


def test_a_frozen_year_refuses_a_new_update_with_a_clear_message(partner_a_client, actions):
    freeze_report(plan=actions.plan, year=LAST_YEAR, user=None)
    response = report(partner_a_client, actions.led, reported_on=f"{LAST_YEAR}-06-01")
    assert response.status_code == 200
    assert f"Le rapport annuel {LAST_YEAR} de ce plan est figé" in text_of(response)
    assert not ActionUpdate.objects.exists()


def test_a_draft_of_a_year_frozen_since_can_no_longer_change(partner_a_client, actions):
    update = make_update(
        actions.led, review_status=Review.DRAFT, reported_on=datetime.date(LAST_YEAR, 6, 1)
    )
    freeze_report(plan=actions.plan, year=LAST_YEAR, user=None)

    # Not even by moving it to this year: the year it was dated in is closed.
    response = post_form(partner_a_client, edit_url(update), submit=True, progress="90")
    assert response.status_code == 200
    assert f"Le rapport annuel {LAST_YEAR} de ce plan est figé" in text_of(response)

    response = partner_a_client.post(delete_url(update), follow=True)
    assert f"Le rapport annuel {LAST_YEAR} de ce plan est figé" in text_of(response)
    update.refresh_from_db()
    assert (update.review_status, update.progress) == (Review.DRAFT, 50)


def test_a_draft_is_deleted_after_a_confirmation(partner_a_client, actions):
    update = make_update(actions.led, review_status=Review.DRAFT, note="Essai")
    response = partner_a_client.get(delete_url(update))
    assert "Supprimer ce brouillon ?" in text_of(response)
    assert ActionUpdate.objects.exists()
    response = partner_a_client.post(delete_url(update), follow=True)
    assert "Le brouillon est supprimé." in text_of(response)
    assert not ActionUpdate.objects.exists()


def test_only_a_draft_can_be_deleted(partner_a_client, actions):
    returned = make_update(actions.led, review_status=Review.RETURNED, return_reason="Précisez.")
    approved = make_update(actions.led)
    for update in (returned, approved):
        response = partner_a_client.post(delete_url(update), follow=True)
        assert "Seul un brouillon peut être supprimé." in text_of(response)
    assert ActionUpdate.objects.count() == 2


def test_an_update_approved_by_the_cai_is_read_only(partner_a_client, actions):
    approved = make_update(actions.led, progress=60)
    response = post_form(partner_a_client, edit_url(approved), progress="10")
    assert "« Approuvé » : il ne peut plus être modifié" in messages_of(response)[0]
    approved.refresh_from_db()
    assert approved.progress == 60
