"""A partner reports on its action in a real browser: submitted, returned with a reason,
corrected, submitted again, and published once approved."""

import re

import pytest
from playwright.sync_api import expect

from cai.roles import COORDINATORS
from plans.models import ActionUpdate
from tests.factory import (
    make_action,
    make_cai_user,
    make_indicator,
    make_organisation,
    make_plan,
    make_user,
)

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


def log_in(page, username):
    page.goto(page.base_url + "/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_the_coordinator_of_the_plan_returns_then_approves_from_the_admin_queue(
    page, browser, live_server, setting
):
    action, _coordinator = setting
    coordinator = make_cai_user(
        COORDINATORS, plans=[action.plan], username="claire", password=PASSWORD
    )
    log_in(page, "jambes")
    page.get_by_role("link", name="Tables de conversation").click()
    page.get_by_role("link", name="Nouveau point d'avancement").click()
    page.get_by_label("Avancement (%)").fill("40")
    page.get_by_role("button", name="Soumettre pour validation").click()

    # The coordinator, in another browser, finds it in "Points à valider" and returns it.
    context = browser.new_context(locale="fr-BE")
    admin = context.new_page()
    admin.base_url = live_server.url
    log_in(admin, coordinator.username)
    admin.get_by_role("link", name="Points à valider").click()
    admin.get_by_role("link", name=re.compile("A-4")).first.click()
    admin.get_by_role("button", name="Renvoyer au partenaire").click()
    expect(admin.locator(".review-decision .errorlist")).to_contain_text("Dites au partenaire")
    admin.get_by_label("Motif du renvoi").fill("Combien de participants ?")
    admin.get_by_role("button", name="Renvoyer au partenaire").click()
    expect(admin.locator(".messagelist")).to_contain_text("Point renvoyé au partenaire")

    page.reload()
    expect(page.locator(".pending-update .callout")).to_contain_text("Combien de participants ?")
    page.get_by_role("link", name="Modifier ou soumettre").click()
    page.get_by_label("Participants (personnes)").fill("18")
    page.get_by_role("button", name="Soumettre pour validation").click()

    admin.reload()  # back in the queue, submitted again
    admin.get_by_role("link", name=re.compile("A-4")).first.click()
    admin.get_by_role("button", name="Approuver").click()
    expect(admin.locator(".messagelist")).to_contain_text("Point approuvé")
    context.close()

    page.goto(page.base_url + "/plans/pli-namur/actions/A-4/")
    expect(page.locator(".progress-line, .progress")).to_contain_text("40")
    assert the_update().reviewed_by == coordinator
