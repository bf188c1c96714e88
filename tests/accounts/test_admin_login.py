"""The admin has no login of its own: it sends to the site's login (throttling and code)."""

import pytest
from django.contrib import admin

from accounts.sites import CaiAdminSite
from plans.models import Action, Plan

pytestmark = pytest.mark.django_db


def test_the_admin_login_sends_to_the_account_login_keeping_the_page_asked_for(client):
    response = client.get("/admin/login/?next=/admin/plans/plan/")
    assert response.status_code == 302
    assert response.url == "/compte/connexion/?next=/admin/plans/plan/"


def test_the_admin_login_without_a_page_leads_back_to_the_admin_index(client):
    assert client.get("/admin/login/").url == "/compte/connexion/?next=/admin/"


def test_an_anonymous_visit_to_the_admin_ends_on_the_account_login(client):
    response = client.get("/admin/plans/action/", follow=True)
    assert response.redirect_chain[-1][0] == "/compte/connexion/?next=/admin/plans/action/"
    assert response.status_code == 200


def test_the_english_admin_login_sends_to_the_english_account_login(client):
    response = client.get("/en/admin/login/?next=/en/admin/")
    assert response.url == "/en/compte/connexion/?next=/en/admin/"


def test_the_models_registered_in_the_admin_are_still_there():
    assert isinstance(admin.site, CaiAdminSite)
    assert admin.site.is_registered(Plan)
    assert admin.site.is_registered(Action)
