"""Sessions on shared office computers: they end when left idle, and after eight hours."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import SEEN_KEY, STARTED_KEY
from tests.accounts.logins import is_logged_in

pytestmark = pytest.mark.django_db

ACCOUNT = "/compte/"


def backdate(client, key, seconds):
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def test_a_session_left_idle_longer_than_the_timeout_ends(client, partner, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(partner)
    assert client.get(ACCOUNT).status_code == 200
    backdate(client, SEEN_KEY, 30 * 60 + 1)
    response = client.get(ACCOUNT)
    assert response.url == reverse("accounts:login") + "?next=" + ACCOUNT
    assert not is_logged_in(client)


def test_a_session_in_use_stays_open_and_remembers_the_last_request(client, partner):
    client.force_login(partner)
    client.get(ACCOUNT)
    backdate(client, SEEN_KEY, 10 * 60)
    assert client.get(ACCOUNT).status_code == 200
    assert time.time() - client.session[SEEN_KEY] < 60


def test_a_session_ends_eight_hours_after_it_started_even_in_use(client, partner):
    client.force_login(partner)
    client.get(ACCOUNT)
    backdate(client, STARTED_KEY, 8 * 60 * 60 + 1)
    assert client.get(ACCOUNT).status_code == 302
    assert not is_logged_in(client)


def test_the_login_page_says_why_the_session_ended(client, partner):
    client.force_login(partner)
    client.get(ACCOUNT)
    backdate(client, SEEN_KEY, 24 * 60 * 60)
    response = client.get(ACCOUNT, follow=True)
    assert "Votre session a expiré" in response.content.decode()


def test_the_session_is_not_written_at_every_request(client, partner):
    client.force_login(partner)
    client.get(ACCOUNT)
    with CaptureQueriesContext(connection) as queries:
        client.get(ACCOUNT)
    session_queries = [query["sql"] for query in queries if "django_session" in query["sql"]]
    assert [sql for sql in session_queries if not sql.startswith("SELECT")] == []


def test_an_anonymous_visit_does_not_touch_the_session_table(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert [q["sql"] for q in queries if "django_session" in q["sql"]] == []
    assert "sessionid" not in response.cookies
