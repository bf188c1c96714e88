"""The e-mail choices on the account page and the calendar links, in a real browser: no
serious accessibility violation, valid HTML."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications.models import Preferences
from tests.browser.audit import axe_violations, html_errors
from tests.factory import (
    make_meeting,
    make_organisation,
    make_space,
    make_user,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mot-de-passe-sûr-1"


def log_in(page, username):
    page.goto(page.base_url + "/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_partner_turns_one_kind_off_and_asks_for_meetings(page):
    organisation = make_organisation(name="Maison de quartier de Jambes")
    partner = make_user(username="jambes", password=PASSWORD, organisation=organisation)
    log_in(page, "jambes")
    page.goto(page.base_url + "/compte/")
    assert axe_violations(page) == []
    assert html_errors(page.content()) == []

    page.get_by_label("Rappel hebdomadaire").uncheck()
    page.get_by_label("Une réunion de mes espaces de concertation").check()
    page.get_by_label("Langue des e-mails").select_option(label="English")
    page.get_by_role("button", name="Enregistrer mes choix").click()

    expect(page.locator(".messages")).to_contain_text("Vos choix d'e-mails sont enregistrés.")
    expect(page.get_by_label("Rappel hebdomadaire")).not_to_be_checked()
    preferences = Preferences.objects.get(user=partner)
    assert (preferences.wants_digest, preferences.wants_meetings) == (False, True)
    assert preferences.language == "en"


def test_the_space_page_offers_its_calendar_and_each_meeting_s(page):
    space = make_space(code="gt-sante", name="GT santé", is_published=True)
    held_on = timezone.localdate() + datetime.timedelta(days=30)
    make_meeting(space=space, title="GT du mois prochain", held_on=held_on, is_published=True)
    page.goto(page.base_url + "/concertation/gt-sante/")
    assert axe_violations(page) == []
    assert html_errors(page.content()) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda").click()
    assert download.value.suggested_filename.endswith(".ics")
