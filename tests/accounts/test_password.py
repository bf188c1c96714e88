"""A partner changes their own password, under the same strength rules as everyone."""

import html

from django.urls import reverse

from tests.accounts.logins import PASSWORD

URL = reverse("accounts:password-change")


def change(client, new_password, old_password=PASSWORD):
    return client.post(
        URL,
        {
            "old_password": old_password,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )


def test_a_partner_changes_their_password_and_stays_logged_in(client, partner):
    client.force_login(partner)
    response = change(client, "une phrase de passe solide 2026")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account")
    partner.refresh_from_db()
    assert partner.check_password("une phrase de passe solide 2026")
    assert client.get(reverse("accounts:account")).status_code == 200


def test_a_weak_password_is_refused_in_french(client, partner):
    client.force_login(partner)
    response = change(client, "namur123")
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in page
    partner.refresh_from_db()
    assert partner.check_password(PASSWORD)


def test_the_old_password_is_asked(client, partner):
    client.force_login(partner)
    response = change(client, "une phrase de passe solide 2026", old_password="autre")
    assert "Votre ancien mot de passe est incorrect" in html.unescape(response.content.decode())


def test_the_page_needs_a_login(client):
    assert "/compte/connexion/" in client.get(URL)["Location"]
