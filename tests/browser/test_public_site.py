"""A visitor's journeys through the public site, in a real browser."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    """The real history and the small demo data set, as after `make run`."""
    call_command("loaddata", "reference", "history", verbosity=0)
    call_command("demo_data", size="small", seed=1, verbosity=0)
    return live_server.url


def test_the_main_pages_open_with_their_titles(site, page):
    for path, heading in [
        ("/", "Ce que font les plans d'intégration"),
        ("/plans/", "Les plans d'intégration"),
        ("/plans/ppli-2/", "Plan provincial et local d'intégration 2.0"),
        ("/communes/", "Les communes"),
        ("/concertation/", "Espaces de concertation"),
        ("/memorandums/", "Mémorandums et cahiers"),
        ("/chronologie/", "Chronologie"),
    ]:
        page.goto(site + path)
        expect(page.locator("h1")).to_contain_text(heading)
        expect(page).to_have_title(re.compile("Plans d'intégration du CAI"))


def test_a_visitor_finds_what_is_done_for_housing_in_sambreville(site, page):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Communes"
    ).click()
    page.get_by_role("link", name="Sambreville", exact=True).click()
    expect(page.locator("h1")).to_have_text("Sambreville")

    page.get_by_role("link", name=re.compile(r"^2\. Logement")).click()
    expect(page).to_have_url(re.compile(r"/axes/pcs2020-2/\?commune=92137"))
    axis_url = page.url

    page.get_by_role("link", name="Permanence logement à Sambreville").click()
    expect(page.locator("h1")).to_have_text("Permanence logement à Sambreville")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Organisation porteuse")
    expect(facts).to_contain_text("Partenaires")
    expect(page.locator(".progress-line")).to_contain_text("% réalisé")
    needs = page.locator("section", has=page.get_by_role("heading", name=re.compile("Besoins")))
    expect(needs.locator("li").first).to_be_visible()

    page.go_back()
    expect(page).to_have_url(axis_url)
    expect(page.get_by_label("Commune")).to_have_value("92137")


def test_filtering_an_axis_keeps_only_the_chosen_status(site, page):
    page.goto(site + "/axes/pcs2020-2/")
    page.get_by_label("Statut").select_option(label="Réalisée")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"status=done"))
    badges = page.locator(".cards .status")
    expect(badges.first).to_be_visible()
    for text in badges.all_inner_texts():
        assert text == "Réalisée"


def test_a_visitor_can_switch_to_english_and_back(site, page):
    page.goto(site + "/chronologie/")
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    expect(page).to_have_url(re.compile(r"/en/chronologie/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Timeline")

    page.get_by_label("Language").select_option("fr-be")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr-be")


def test_a_visitor_downloads_the_filtered_list_as_csv(site, page):
    page.goto(site + "/axes/pcs2020-2/?commune=92137")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger cette liste (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "actions-pcs2020-2.csv"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("\ufeffcode du plan;plan;code de l'action;")
    assert "Permanence logement à Sambreville" in content
    assert all("92137" in line for line in content.splitlines()[1:])
