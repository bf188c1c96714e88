"""The HTML part of every kind of e-mail is a valid document (the Nu Html Checker)."""

import datetime

import pytest
from django.utils import timezone
from post_office.models import Email

from notifications.models import Kind
from notifications.outbox import compose
from notifications.reminders import DueDigest, _compose
from plans.models import ActionUpdate
from tests.browser.audit import html_errors_by_document
from tests.factory import make_meeting, make_space

pytestmark = pytest.mark.django_db


def test_the_html_of_every_kind_of_e_mail_is_valid(action, partner, coordinator_x):
    draft = ActionUpdate.objects.create(
        action=action,
        reported_on=datetime.date(2025, 6, 1),
        status="in_progress",
        progress=30,
        note="Des <balises> & des esperluettes.",
        author=partner,
        review_status=ActionUpdate.Review.DRAFT,
    )
    draft.submit()
    draft.return_to_partner(by=coordinator_x, reason="Précisez <les> chiffres & dates.")
    draft.submit()
    draft.approve(by=coordinator_x)
    meeting = make_meeting(
        space=make_space(), held_on=timezone.localdate(), start_time=datetime.time(9, 30)
    )
    emails = [
        *Email.objects.order_by("pk"),
        compose(
            user=partner,
            kind=Kind.MEETING,
            context=lambda: {"meeting": meeting, "moved": True, "link": "", "calendar_link": ""},
        ),
        _compose(DueDigest(coordinator_x, actions=[action], waiting_updates=[draft])),
    ]
    documents = {
        f"{index}: {email.subject}": email.html_message for index, email in enumerate(emails)
    }

    assert len(documents) == 6  # submitted twice, returned, approved, a meeting, a digest
    assert "&lt;les&gt; chiffres &amp; dates" in documents["1: Point d'avancement renvoyé : A-1"]
    assert {
        name: errors for name, errors in html_errors_by_document(documents).items() if errors
    } == {}
