"""The site-wide audit: every public page and every partner page, at a laptop's and a phone's
width, is no wider than its screen, has no serious or critical axe-core violation, and is
valid HTML for the Nu Html Checker.

The pages are read from the URL configuration (the public apps and the partner area), with one
published sample of each detail page: a page added without a sample here fails the test.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from concertation.models import Space
from plans.models import Action, ActionUpdate, Memorandum, Milestone, Plan
from tests.browser.audit import axe_violations, html_errors_by_document
from tests.factory import make_footer_pages, make_update, make_user
from tests.test_permission_matrix import every_url_pattern

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = [(1366, 768), (390, 844)]
AUDITED = ("plans:", "concertation:", "partners:", "site-")
# Downloads and calendar feeds, not pages.
NOT_PAGES = {
    "plans:axis-csv",
    "plans:chronology-csv",
    "concertation:site-ics",
    "concertation:space-ics",
    "concertation:commune-ics",
    "concertation:meeting-ics",
}


@pytest.fixture
def samples():
    """The real history and the small demo data set, the footer's pages, and a partner user
    of the organisation that leads a published action (with a draft update of its own)."""
    call_command("loaddata", "reference", "history", verbosity=0)
    call_command("demo_data", size="small", seed=1, verbosity=0)
    make_footer_pages()
    action = Action.objects.published().filter(indicators__isnull=False).first()
    partner = make_user(organisation=action.lead_organisation)
    draft = make_update(action, author=partner, review_status=ActionUpdate.Review.DRAFT)
    commune = action.communes.first()
    return partner, {
        "plans:plan-detail": Plan.objects.published().get(code="ppli-2").get_absolute_url(),
        "plans:action-detail": action.get_absolute_url(),
        "plans:axis-detail": action.axis.get_absolute_url(),
        "plans:commune-detail": commune.get_absolute_url(),
        "plans:memorandum-detail": Memorandum.objects.published().first().get_absolute_url(),
        # The seed card: the fullest history card, every kind of section filled.
        "plans:milestone-detail": Milestone.objects.published()
        .get(slug__startswith="2007-faciliter-lacces")
        .get_absolute_url(),
        "concertation:space-detail": Space.objects.published().first().get_absolute_url(),
        "partners:action-detail": f"/partenaires/actions/{action.pk}/",
        "partners:update-create": f"/partenaires/actions/{action.pk}/points/nouveau/",
        "partners:update-edit": f"/partenaires/points/{draft.pk}/",
        "partners:update-delete": f"/partenaires/points/{draft.pk}/supprimer/",
    }


def audited_pages(detail_urls):
    """(name, URL) of every audited page of the URL configuration, French and English."""
    from django.urls import reverse

    pages, missing = [], []
    for name, route in every_url_pattern():
        if not name or not name.startswith(AUDITED) or name in NOT_PAGES:
            continue
        if "<" in route:
            if name not in detail_urls:
                missing.append(name)
                continue
            url = detail_urls[name]
        else:
            url = reverse(name)
        pages.append((name, url))
    assert not missing, f"Pages without a sample in the audit: {missing}"
    # English too (the same pages under /en/), and our own 404 page.
    pages += [(f"{name} (en)", f"/en{url}") for name, url in pages if not url.startswith("/en/")]
    return [*pages, ("404", "/nexiste-pas/")]


def logged_in_context(browser, live_server, user, width, height):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-BE")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_every_page_fits_its_screen_is_accessible_and_valid(browser, live_server, samples):
    partner, detail_urls = samples
    pages = audited_pages(detail_urls)
    problems, documents = [], {}
    for width, height in SCREENS:
        context = logged_in_context(browser, live_server, partner, width, height)
        page = context.new_page()
        for name, url in pages:
            response = page.goto(live_server.url + url)
            expected = 404 if name == "404" else 200
            if response.status != expected:
                problems.append(f"{url}: status {response.status}")
                continue
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{url} at {width} px: {scroll_width} px wide")
            problems.extend(f"{url} at {width} px: {v}" for v in axe_violations(page))
            documents[url] = response.text()
        context.close()
    for url, errors in html_errors_by_document(documents).items():
        problems.extend(f"{url}: {error}" for error in errors)
    assert len(documents) == len(pages), problems
    assert not problems, "\n".join(problems)


def test_on_a_phone_each_row_of_a_list_is_a_card_with_its_name_first(browser, live_server, samples):
    partner, _detail_urls = samples
    context = logged_in_context(browser, live_server, partner, 390, 844)
    page = context.new_page()
    for url in ["/plans/", "/communes/", "/concertation/", "/partenaires/"]:
        page.goto(live_server.url + url)
        row = page.locator("table.reflow tbody tr").first
        name, first_cell = row.locator("th"), row.locator("td").first
        name_box, cell_box = name.bounding_box(), first_cell.bounding_box()
        assert name_box["x"] + name_box["width"] <= 390, url
        assert name_box["y"] < cell_box["y"], f"{url}: the name is not the card's first line"
        label = first_cell.evaluate("cell => getComputedStyle(cell, '::before').content")
        assert label.endswith('\u00a0: "'), f"{url}: {label}"  # French: a space before ':'
    context.close()
