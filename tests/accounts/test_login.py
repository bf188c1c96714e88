"""One login for the site and the admin: the password, then the code for whoever has an app."""

import pytest
from django.urls import reverse

from accounts.views import PENDING_KEY
from tests.accounts.logins import (
    add_app,
    code_for,
    give_code,
    is_logged_in,
    log_in,
    page_text,
    partner_area,
)

pytestmark = pytest.mark.django_db


def test_the_login_page_opens_in_french(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Connexion" in page_text(response)
    assert "Mot de passe" in page_text(response)


def test_staff_without_an_app_log_in_with_the_password_and_land_on_the_admin(client, staff_member):
    response = log_in(client, staff_member)
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert is_logged_in(client)


def test_a_partner_lands_on_the_partner_area(client, partner):
    assert log_in(client, partner).url == partner_area()


def test_a_wrong_password_is_refused_in_french(client, partner):
    response = log_in(client, partner, password="pas-le-bon-mot-de-passe")
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in page_text(response)
    assert not is_logged_in(client)


def test_the_page_asked_for_is_reached_after_the_login(client, staff_member):
    response = log_in(client, staff_member, next_url="/admin/plans/plan/")
    assert response.url == "/admin/plans/plan/"


def test_a_next_page_on_another_site_is_ignored(client, staff_member):
    response = log_in(client, staff_member, next_url="https://exemple.invalid/piege/")
    assert response.url == reverse("admin:index")


def test_with_an_app_the_password_alone_does_not_log_in(client, staff_member):
    add_app(staff_member)
    response = log_in(client, staff_member, next_url="/admin/plans/plan/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:verify") + "?next=%2Fadmin%2Fplans%2Fplan%2F"
    assert not is_logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_the_right_code_after_the_password_logs_in_and_verifies_the_session(client, staff_member):
    device = add_app(staff_member)
    log_in(client, staff_member)
    response = give_code(client, code_for(device), next_url="/admin/plans/plan/")
    assert response.status_code == 302
    assert response.url == "/admin/plans/plan/"
    assert is_logged_in(client)
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_does_not_log_in(client, partner):
    device = add_app(partner)
    log_in(client, partner)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = give_code(client, wrong)
    assert response.status_code == 200
    assert "Ce code n'est pas le bon" in page_text(response)
    assert not is_logged_in(client)


def test_a_code_is_not_accepted_twice(client, partner):
    device = add_app(partner)
    code = code_for(device)
    log_in(client, partner)
    give_code(client, code)
    client.logout()
    log_in(client, partner)
    response = give_code(client, code)
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_the_code_step_expires_after_five_minutes(client, partner):
    device = add_app(partner)
    log_in(client, partner)
    session = client.session
    session[PENDING_KEY]["at"] -= 5 * 60 + 1
    session.save()
    response = give_code(client, code_for(device))
    assert response.url == reverse("accounts:login")
    assert not is_logged_in(client)


def test_the_code_step_without_a_password_first_sends_to_the_login(client):
    response = client.get(reverse("accounts:verify"))
    assert response.url == reverse("accounts:login")


def test_logging_out_asks_for_confirmation_then_logs_out(client, partner):
    client.force_login(partner)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 200
    assert "Se déconnecter" in page_text(response)
    assert is_logged_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 200
    assert "Vous êtes déconnecté" in page_text(response)
    assert not is_logged_in(client)


def test_the_site_header_offers_to_log_in_then_shows_the_account(client, partner):
    assert reverse("accounts:login") in client.get("/").text
    client.force_login(partner)
    page = client.get("/").text
    assert "Mon compte" in page
    assert reverse("accounts:logout") in page


def test_the_account_page_needs_a_login(client):
    response = client.get(reverse("accounts:account"))
    assert response.url == reverse("accounts:login") + "?next=" + reverse("accounts:account")


def test_a_partner_sent_to_the_admin_is_told_they_have_no_access_there(client, partner):
    client.force_login(partner)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/compte/connexion/?next=/admin/"
    assert "qui n'a pas accès à la page demandée" in page_text(response)
