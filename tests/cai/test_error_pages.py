"""Our own 404, 403 and 500 pages, inside the site's layout and in the visitor's language."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client
from django.urls import path

from cai.urls import urlpatterns as site_urlpatterns


def refused(request):
    raise PermissionDenied


urlpatterns = [path("refuse/", refused), *site_urlpatterns]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [("/plans/nexiste-pas/", "Page introuvable"), ("/en/plans/nexiste-pas/", "Page not found")],
)
def test_a_missing_page_answers_our_404_in_the_visitors_language(visitor, path, heading):
    response = visitor.get(path)
    assert response.status_code == 404
    text = response.content.decode()
    assert f"<h1>{heading}</h1>" in text
    assert 'class="site-footer"' in text


@pytest.mark.django_db
def test_a_refused_page_answers_our_403(client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/refuse/")
    assert response.status_code == 403
    assert "<h1>Accès refusé</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "heading", "lang"),
    [("/", "Une erreur est survenue", "fr-be"), ("/en/", "An error occurred", "en")],
)
def test_the_500_page_renders_with_the_database_unreachable(path, heading, lang):
    client = Client(raise_request_exception=False)
    unreachable = OperationalError("could not connect to server: Connection refused")
    with mock.patch.object(connection, "ensure_connection", side_effect=unreachable) as connect:
        response = client.get(path)
    assert connect.called  # the home page did try the database
    assert response.status_code == 500
    text = response.content.decode()
    assert f"<h1>{heading}</h1>" in text
    assert f'<html lang="{lang}">' in text
    assert 'href="/contact/"' in text or 'href="/en/contact/"' in text
