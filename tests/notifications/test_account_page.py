"""Each person turns each kind of e-mail on or off, and picks its language, on /compte/."""

import pytest
from django.urls import reverse

from notifications.models import Preferences

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def test_the_account_page_shows_every_kind_with_its_default(partner):
    page = logged_in(partner).get(reverse("accounts:account")).content.decode()
    assert 'id="notifications"' in page
    assert 'name="wants_update_reviewed" id="id_wants_update_reviewed" checked' in page
    # Meetings are sent to those who ask for them.
    assert 'name="wants_meetings" id="id_wants_meetings">' in page


def test_saving_the_choices_keeps_them(partner):
    client = logged_in(partner)
    data = {"wants_update_reviewed": "on", "wants_meetings": "on", "language": "en"}
    response = client.post(reverse("accounts:account"), data, follow=True)
    assert "Vos choix d&#x27;e-mails sont enregistrés." in response.content.decode()
    preferences = Preferences.objects.get(user=partner)
    assert (preferences.wants_update_reviewed, preferences.wants_meetings) == (True, True)
    assert (preferences.wants_update_submitted, preferences.wants_digest) == (False, False)
    assert preferences.language == "en"


def test_a_wrong_language_is_refused_in_french(partner):
    response = logged_in(partner).post(reverse("accounts:account"), {"language": "xx"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Preferences.objects.exists()


def test_the_outbox_shows_each_e_mail_status_to_administrators(admin_client, draft, coordinator_x):
    draft.submit()
    page = admin_client.get(reverse("admin:post_office_email_changelist")).content.decode()
    assert "claire@cai.example" in page
    assert admin_client.get(reverse("admin:notifications_digest_changelist")).status_code == 200
    assert (
        admin_client.get(reverse("admin:notifications_preferences_changelist")).status_code == 200
    )
