"""The public page of a history card in a real browser: valid, accessible, printable."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from plans.models import Milestone
from tests.browser.audit import axe_violations, html_errors_by_document

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def card_url(live_server):
    call_command("loaddata", "reference", "history", verbosity=0)
    seed = Milestone.objects.get(title__startswith="Faciliter l’accès aux droits fondamentaux")
    return live_server.url + seed.get_absolute_url()


def test_the_card_page_is_valid_html_and_has_no_serious_accessibility_problem(card_url, page):
    response = page.goto(card_url)
    chronology = page.request.get(card_url.rsplit("/", 2)[0] + "/")
    errors = html_errors_by_document({card_url: response.text(), "chronologie": chronology.text()})
    assert errors == {card_url: [], "chronologie": []}
    assert axe_violations(page) == []


def test_the_card_page_prints_without_the_site_around_it(card_url, page):
    page.goto(card_url)
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".breadcrumb")).to_be_hidden()
    expect(page.get_by_role("heading", name="Déclinaison des sigles")).to_be_visible()
    expect(page.locator(".boxes li")).to_have_count(37)


def test_a_visitor_goes_from_the_chronology_to_the_card_and_back(card_url, page):
    page.goto(card_url.rsplit("/", 2)[0] + "/?target_public=ilds-ili")
    page.get_by_role("link", name="Faciliter l’accès aux droits fondamentaux").click()
    expect(page.locator("h1")).to_contain_text("2007 – Faciliter l’accès")
    expect(page.locator(".boxes li.ticked")).to_have_count(25)
    page.get_by_role("link", name="Retour à la chronologie").click()
    expect(page.locator("h1")).to_have_text("Chronologie")
