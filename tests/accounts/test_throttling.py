"""Wrong passwords lock one user name from one address for a while (django-axes)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import RequestFactory

from accounts.throttling import client_ip
from tests.accounts.logins import is_logged_in, log_in, page_text

pytestmark = pytest.mark.django_db

OFFICE = {"REMOTE_ADDR": "192.0.2.10"}
HOME = {"REMOTE_ADDR": "198.51.100.20"}


def fail(client, user, times, **address):
    """Wrong passwords; the last answer (the fifth wrong one is already the lock-out page)."""
    for _ in range(times):
        response = log_in(client, user, password="mauvais-mot-de-passe", **address)
    return response


def test_five_wrong_passwords_lock_that_user_name_from_that_address(client, partner):
    assert fail(client, partner, 4, **OFFICE).status_code == 200
    assert fail(client, partner, 1, **OFFICE).status_code == 429
    response = log_in(client, partner, **OFFICE)  # the right password, too late
    assert response.status_code == 429
    assert "Trop de tentatives de connexion erronées" in page_text(response)
    assert "Réessayez dans 15 minutes" in page_text(response)
    assert not is_logged_in(client)


def test_four_wrong_passwords_do_not_lock(client, partner):
    assert fail(client, partner, 4, **OFFICE).status_code == 200
    assert log_in(client, partner, **OFFICE).status_code == 302
    assert is_logged_in(client)


def test_the_same_user_name_from_another_address_still_logs_in(client, partner):
    fail(client, partner, 5, **OFFICE)
    assert log_in(client, partner, **HOME).status_code == 302
    assert is_logged_in(client)


def test_another_user_name_from_the_same_address_still_logs_in(client, partner, staff_member):
    fail(client, partner, 5, **OFFICE)
    assert log_in(client, staff_member, **OFFICE).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, partner):
    fail(client, partner, 5, **OFFICE)
    assert log_in(client, partner, **OFFICE).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))
    assert log_in(client, partner, **OFFICE).status_code == 302
    assert is_logged_in(client)


def test_the_limit_and_the_cool_off_come_from_the_settings(client, partner, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_MINUTES = 45
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=45)
    fail(client, partner, 2, **OFFICE)
    response = log_in(client, partner, **OFFICE)
    assert response.status_code == 429
    assert "Réessayez dans 45 minutes" in page_text(response)


def test_behind_the_load_balancer_each_visitor_is_told_apart(client, partner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    office = {"HTTP_X_FORWARDED_FOR": "192.0.2.10", **balancer}
    home = {"HTTP_X_FORWARDED_FOR": "198.51.100.20", **balancer}
    fail(client, partner, 5, **office)
    assert log_in(client, partner, **office).status_code == 429
    assert log_in(client, partner, **home).status_code == 302


def test_an_address_written_by_the_visitor_is_not_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.99, 192.0.2.10"
    )
    assert client_ip(request) == "192.0.2.10"


def test_without_a_proxy_the_connection_address_is_used(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "192.0.2.10"
