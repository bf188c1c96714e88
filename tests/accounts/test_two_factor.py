"""Adding an authenticator app, and administrators who must have one (REQUIRE_ADMIN_2FA)."""

import re
from base64 import b32encode
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.logins import add_app, code_for, give_code, log_in, page_text

pytestmark = pytest.mark.django_db

SET_UP = "/compte/double-authentification/"


def final_path(response):
    return response.redirect_chain[-1][0] if response.redirect_chain else None


def test_an_administrator_without_an_app_is_sent_to_set_one_up(
    client, administrator, two_factor_required
):
    response = log_in(client, administrator)
    assert response.url == SET_UP + "?next=%2Fadmin%2F"
    # Logged in, but the admin stays closed until the app is set up.
    response = client.get("/admin/plans/plan/", follow=True)
    assert final_path(response) == SET_UP + "?next=%2Fadmin%2Fplans%2Fplan%2F"
    assert "Les administrateurs doivent activer la double authentification" in page_text(response)


def test_an_administrator_reaches_the_admin_once_the_app_is_set_up(
    client, administrator, two_factor_required
):
    log_in(client, administrator)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    response = client.post(SET_UP + "?next=/admin/", {"token": code_for(device)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_an_administrator_with_an_app_gives_the_code_before_the_admin(
    client, administrator, two_factor_required
):
    device = add_app(administrator)
    client.force_login(administrator)  # a session that never gave the code
    response = client.get("/admin/", follow=True)
    assert final_path(response) == reverse("accounts:verify") + "?next=%2Fadmin%2F"
    response = give_code(client, code_for(device), next_url="/admin/")
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_superuser_counts_as_an_administrator(client, coordinator, two_factor_required):
    client.force_login(coordinator)
    response = client.get("/admin/", follow=True)
    assert final_path(response) == SET_UP + "?next=%2Fadmin%2F"


def test_other_staff_without_an_app_are_not_forced(client, staff_member, two_factor_required):
    assert log_in(client, staff_member).url == reverse("admin:index")
    assert client.get("/admin/").status_code == 200


def test_administrators_are_not_forced_when_the_setting_is_off(client, administrator, settings):
    settings.REQUIRE_ADMIN_2FA = False
    assert log_in(client, administrator).url == reverse("admin:index")
    assert client.get("/admin/").status_code == 200


def test_the_set_up_page_draws_the_qr_code_here_and_shows_the_key(client, partner):
    client.force_login(partner)
    response = client.get(SET_UP)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=partner, confirmed=False)
    page = page_text(response)
    assert re.search(r"<svg[^>]*xmlns=\"http://www.w3.org/2000/svg\"", page)
    assert "<img" not in page
    assert b32encode(device.bin_key).decode()[:4] + " " in page
    # Reloading keeps the key the phone may already have scanned.
    client.get(SET_UP)
    assert TOTPDevice.objects.get(user=partner, confirmed=False) == device


def test_a_wrong_code_does_not_activate_the_app(client, partner):
    client.force_login(partner)
    client.get(SET_UP)
    response = client.post(SET_UP, {"token": "12345"})
    assert "Le code compte six chiffres" in page_text(response)
    assert not TOTPDevice.objects.filter(user=partner, confirmed=True).exists()


def test_a_user_removes_their_app_after_confirming(client, partner):
    device = add_app(partner)
    log_in(client, partner)
    give_code(client, code_for(device))
    remove = reverse("accounts:two-factor-remove")
    assert "Oui, désactiver" in page_text(client.get(remove))
    assert TOTPDevice.objects.filter(user=partner).exists()
    assert client.post(remove).url == SET_UP
    assert not TOTPDevice.objects.filter(user=partner).exists()


def test_only_a_session_that_gave_the_code_can_remove_the_app(client, partner):
    add_app(partner)
    client.force_login(partner)
    remove = reverse("accounts:two-factor-remove")
    response = client.post(remove)
    assert response.url == reverse("accounts:verify") + "?next=" + remove.replace("/", "%2F")
    assert TOTPDevice.objects.filter(user=partner).exists()


def test_an_administrator_cannot_remove_the_app_when_it_is_required(
    client, administrator, two_factor_required
):
    device = add_app(administrator)
    log_in(client, administrator)
    give_code(client, code_for(device))
    assert "Désactiver" not in page_text(client.get(SET_UP))
    response = client.post(reverse("accounts:two-factor-remove"), follow=True)
    assert "Un administrateur doit garder la double authentification" in page_text(response)
    assert TOTPDevice.objects.filter(user=administrator).exists()


def test_the_command_removes_a_lost_app(administrator):
    add_app(administrator)
    out = StringIO()
    call_command("remove_two_factor", "administratrice", stdout=out)
    assert "1 application(s) d'authentification retirée(s)" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=administrator).exists()


def test_the_admin_does_not_list_the_apps_and_their_secret_keys(coordinator_client):
    assert coordinator_client.get("/admin/otp_totp/totpdevice/").status_code == 404
