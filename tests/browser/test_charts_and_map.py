"""The pages with charts, the map, the year index and tables of contents, in Chromium at a
laptop's and a phone's width: no wider than the screen, no serious axe-core violation, and
valid HTML (the Nu Html Checker), as after `make run`."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from plans.models import Action, Memorandum
from tests.browser.audit import axe_violations, html_errors_by_document

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1366, 390]


@pytest.fixture
def site(live_server):
    call_command("loaddata", "reference", "history", verbosity=0)
    call_command("demo_data", size="small", seed=1, verbosity=0)
    return live_server.url


def chart_pages():
    measured = Action.objects.published().filter(indicators__values__isnull=False).first()
    memorandum = Memorandum.objects.published().filter(recommendations__isnull=False).first()
    return [
        "/",
        "/plans/",
        measured.plan.get_absolute_url(),
        "/plans/pli-dinant/",  # a historical plan: its empty sections in one sentence
        measured.get_absolute_url(),
        measured.axis.get_absolute_url(),
        "/communes/",
        "/communes/92137/",
        memorandum.get_absolute_url(),
        "/chronologie/",
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_chart_pages_fit_the_screen_and_pass_axe(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for path in chart_pages():
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth") - width
        violations = axe_violations(page)
        if overflow > 0 or violations:
            problems[path] = {"px too wide": overflow, "axe": violations}
    assert problems == {}


def test_the_chart_pages_are_valid_html(site, page):
    documents = {}
    for path in chart_pages():
        page.goto(site + path)
        documents[path] = page.content()
    assert {
        path: errors for path, errors in html_errors_by_document(documents).items() if errors
    } == {}


def test_every_commune_of_the_map_is_a_link_reached_with_the_keyboard(site, page):
    page.goto(site + "/communes/")
    links = page.locator(".commune-map svg a")
    expect(links).to_have_count(38)
    links.first.focus()
    expect(links.first).to_be_focused()
    page.keyboard.press("Tab")
    expect(links.nth(1)).to_be_focused()
    name = links.nth(1).get_attribute("aria-label")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(name.split(" : ")[0])


def test_the_year_index_leads_to_the_year(site, page):
    page.goto(site + "/chronologie/")
    page.get_by_role("navigation", name="Aller à l'année").get_by_role(
        "link", name=re.compile(r"^1996 :")
    ).click()
    expect(page).to_have_url(re.compile(r"#annee-1996$"))
    expect(page.locator("#annee-1996")).to_be_in_viewport()
