"""Every page carries a strict Content Security Policy."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {name: " ".join(values) for name, *values in parts}


def test_a_public_page_carries_the_policy(client):
    policy = directives(client.get("/"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    # Inline styles only (the standalone report's stylesheet): never inline scripts.
    assert policy["style-src"] == "'self' 'unsafe-inline'"


def test_the_admin_and_the_login_carry_it_too(client, coordinator_client):
    assert "script-src 'self'" in client.get("/compte/connexion/")["Content-Security-Policy"]
    admin_page = coordinator_client.get("/admin/plans/plan/")
    assert "script-src 'self'" in admin_page["Content-Security-Policy"]
