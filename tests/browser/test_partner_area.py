"""A partner reports on its action in a real browser: submitted, returned with a reason,
corrected, submitted again, and published once approved."""

import re

import pytest
from playwright.sync_api import expect

from plans.models import ActionUpdate
from tests.factory import make_action, make_indicator, make_organisation, make_plan, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mot-de-passe-sûr-1"


@pytest.fixture
def setting():
    """An association leading one published action of a plan, its user, and a coordinator."""
    organisation = make_organisation(name="Maison de quartier de Jambes")
    action = make_action(
        plan=make_plan(code="pli-namur", title="PLI de Namur"),
        code="A-4",
        title="Tables de conversation",
        lead_organisation=organisation,
    )
    make_indicator(action=action, name="Participants", unit="personnes", target=30)
    make_user(username="jambes", password=PASSWORD, organisation=organisation)
    return action, make_user(username="coordinatrice", is_staff=True)


def the_update():
    return ActionUpdate.objects.get()


def test_a_partner_reports_is_returned_corrects_and_is_published(page, setting):
    _action, coordinator = setting
    page.goto(page.base_url + "/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("jambes")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_have_text("Espace partenaire")

    page.get_by_role("link", name="Tables de conversation").click()
    page.get_by_role("link", name="Nouveau point d'avancement").click()
    page.get_by_label("Statut").select_option(label="En cours")
    page.get_by_label("Avancement (%)").fill("40")
    page.get_by_label("Commentaire").fill("Six tables animées depuis septembre.")
    page.get_by_role("button", name="Soumettre pour validation").click()
    expect(page.locator(".messages")).to_contain_text("soumis pour validation")
    expect(page.locator(".pending-update")).to_contain_text("Soumis pour validation")
    expect(page.get_by_role("link", name="Modifier ou soumettre")).to_have_count(0)

    the_update().return_to_partner(by=coordinator, reason="Indiquez le nombre de participants.")
    page.reload()
    expect(page.locator(".pending-update .callout")).to_contain_text(
        "Indiquez le nombre de participants."
    )
    page.get_by_role("link", name="Modifier ou soumettre").click()
    expect(page.locator(".callout")).to_contain_text("Indiquez le nombre de participants.")
    page.get_by_label("Participants (personnes)").fill("18")
    page.get_by_role("button", name="Soumettre pour validation").click()
    expect(page.locator(".pending-update")).to_contain_text("Soumis pour validation")
    expect(page.locator(".pending-update")).to_contain_text("Participants : 18 personnes")
    expect(page.locator(".callout")).to_have_count(0)

    the_update().approve(by=coordinator)
    page.reload()
    expect(page.locator(".progress-line")).to_contain_text("40 % réalisé")
    page.get_by_role("link", name="Voir la page publique de l'action").click()
    expect(page).to_have_url(re.compile(r"/plans/pli-namur/actions/A-4/$"))
    expect(page.locator(".timeline")).to_contain_text("Six tables animées depuis septembre.")
    expect(page.locator("#indicateurs")).to_be_visible()
    expect(page.locator("table")).to_contain_text("18")
