"""Who receives what for each event, in which language, with which link (locmem backend)."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from notifications.models import Preferences
from plans.models import ActionUpdate
from tests.factory import make_membership, make_space, make_user

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_a_submitted_update_reaches_the_coordinators_of_the_plan_only(
    draft, coordinator_x, coordinator_y, staff_x, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        draft.submit()

    assert recipients(mailoutbox) == ["claire@cai.example"]
    message = mailoutbox[0]
    assert message.subject == "Point d'avancement à valider : A-1 (plan-x)"
    assert "Maison des cultures A a soumis un point d'avancement" in message.body
    link = "https://cai.example.org" + reverse(
        "admin:plans_submittedupdate_change", args=[draft.pk]
    )
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and link in html
    assert Email.objects.get().status == STATUS.sent


def test_the_partner_submitting_from_the_partner_area_notifies_after_the_commit(
    draft, partner, coordinator_x, django_capture_on_commit_callbacks, mailoutbox
):
    data = {"reported_on": "2025-06-01", "status": "in_progress", "progress": "40", "note": "Fait."}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = logged_in(partner).post(
            reverse("partners:update-edit", args=[draft.pk]), {**data, "submit_for_review": "1"}
        )
    assert response.status_code == 302
    assert len(callbacks) == 1
    assert recipients(mailoutbox) == ["claire@cai.example"]


def test_a_returned_update_tells_its_author_the_reason_and_where_to_correct_it(
    draft, coordinator_x, django_capture_on_commit_callbacks, mailoutbox
):
    draft.submit()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        draft.return_to_partner(by=coordinator_x, reason="Combien de participants ?")

    assert recipients(mailoutbox) == ["ines@maison-a.example"]
    message = mailoutbox[0]
    assert message.subject == "Point d'avancement renvoyé : A-1"
    assert "Motif : Combien de participants ?" in message.body
    assert (
        "https://cai.example.org" + reverse("partners:update-edit", args=[draft.pk]) in message.body
    )


def test_an_approved_update_tells_its_author_from_the_admin_queue(
    draft, coordinator_x, django_capture_on_commit_callbacks, mailoutbox
):
    draft.submit()
    url = reverse("admin:plans_submittedupdate_change", args=[draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(coordinator_x).post(url, {"decision": "approve", "return_reason": ""})
    assert response.status_code == 302
    assert recipients(mailoutbox) == ["ines@maison-a.example"]
    assert mailoutbox[0].subject == "Point d'avancement approuvé : A-1"
    assert "est approuvé : il compte dès maintenant" in mailoutbox[0].body


def test_an_english_speaking_partner_gets_the_e_mail_in_english(
    draft, partner, coordinator_x, django_capture_on_commit_callbacks, mailoutbox
):
    Preferences.objects.create(user=partner, language="en")
    draft.submit()
    with django_capture_on_commit_callbacks(execute=True):
        draft.return_to_partner(by=coordinator_x, reason="How many people came?")
    message = mailoutbox[0]
    assert message.subject == "Progress update returned: A-1"
    assert "/en/partenaires/points/" in message.body
    assert "/en/compte/#notifications" in message.body


def test_every_e_mail_says_how_to_stop_it(
    draft, coordinator_x, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        draft.submit()
    body = mailoutbox[0].body
    assert "Pour ne plus le recevoir, décochez-le sur votre page « Mon compte »" in body
    assert "https://cai.example.org/compte/#notifications" in body


def test_a_rolled_back_submission_sends_nothing_and_leaves_no_mail(
    draft, coordinator_x, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                draft.submit()
                raise RuntimeError("the request failed after the submission")
        except RuntimeError:
            pass
    assert mailoutbox == []
    assert not Email.objects.exists()
    assert ActionUpdate.objects.get(pk=draft.pk).review_status == ActionUpdate.Review.DRAFT


def test_nothing_is_delivered_before_the_commit(draft, coordinator_x, mailoutbox):
    with transaction.atomic():
        draft.submit()
        assert mailoutbox == []
        assert Email.objects.get().status == STATUS.queued  # in the outbox, with the change


def test_turning_one_kind_off_stops_that_kind_and_only_that_kind(
    draft, coordinator_x, partner, django_capture_on_commit_callbacks, mailoutbox
):
    Preferences.objects.create(user=partner, wants_update_reviewed=False)
    Preferences.objects.create(user=coordinator_x, wants_digest=False)
    with django_capture_on_commit_callbacks(execute=True):
        draft.submit()
        draft.return_to_partner(by=coordinator_x, reason="Précisez.")
    # The coordinator turned the digest off, not the reviews; the partner turned reviews off.
    assert recipients(mailoutbox) == ["claire@cai.example"]


# --- Meetings --------------------------------------------------------------------------------


@pytest.fixture
def space(organisation_a, plan_x, coordinator_x):
    space = make_space(code="gt-sante", name="GT santé", is_published=True)
    space.plans.add(plan_x)
    make_membership(space=space, organisation=organisation_a, started_on=datetime.date(2020, 1, 1))
    return space


@pytest.fixture
def asked_for_meetings(partner):
    Preferences.objects.create(user=partner, wants_meetings=True)
    return partner


def meeting_form(space, **fields):
    held_on = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "kind": "working",
        "title": "Réunion du GT santé",
        "code": "",
        "space": space.pk,
        "is_published": "on",
        "held_on": held_on.isoformat(),
        "precision": "day",
        "start_time": "14:00",
        "end_time": "16:00",
        "place": "Salle du CAI",
        "other_participants_count": "0",
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
    }
    return {**data, **fields}


def test_a_meeting_added_reaches_the_members_who_asked_for_it(
    space, asked_for_meetings, coordinator_x, django_capture_on_commit_callbacks, mailoutbox
):
    colleague = make_user(
        email="autre@maison-a.example", organisation=asked_for_meetings.organisation
    )
    client = logged_in(coordinator_x)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:concertation_meeting_add"), meeting_form(space))
    assert response.status_code == 302, response.context["adminform"].errors
    # The colleague did not ask for meeting e-mails: meetings are sent on request.
    assert recipients(mailoutbox) == ["ines@maison-a.example"]
    assert colleague.email not in recipients(mailoutbox)
    message = mailoutbox[0]
    assert message.subject.startswith("Nouvelle réunion : Réunion du GT santé, le ")
    assert "14:00–16:00" in message.body and "Salle du CAI" in message.body
    assert "/concertation/reunions/" in message.body and ".ics" in message.body


def test_a_meeting_moved_is_announced_again_and_an_unchanged_save_is_not(
    space, asked_for_meetings, coordinator_x, django_capture_on_commit_callbacks, mailoutbox
):
    client = logged_in(coordinator_x)
    client.post(reverse("admin:concertation_meeting_add"), meeting_form(space))
    meeting = space.meetings.get()
    url = reverse("admin:concertation_meeting_change", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, meeting_form(space, agenda="Le budget"))
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, meeting_form(space, start_time="09:30", end_time="11:00"))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Réunion déplacée : Réunion du GT santé")


def test_an_unpublished_or_past_meeting_is_announced_to_nobody(
    space, asked_for_meetings, coordinator_x, django_capture_on_commit_callbacks, mailoutbox
):
    client = logged_in(coordinator_x)
    past = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:concertation_meeting_add"), meeting_form(space, is_published=""))
        client.post(reverse("admin:concertation_meeting_add"), meeting_form(space, held_on=past))
    assert space.meetings.count() == 2
    assert mailoutbox == []
