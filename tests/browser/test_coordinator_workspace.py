"""The demo coordinator's day in a real browser: from the admin home, the three updates
waiting for review; one approved with the proposal beside the action as it stands; the
annual report and its freezing. Every page passes axe-core (no serious or critical
violation) and the Nu Html Checker (no error), and none scrolls sideways, on a 1366 × 768
laptop and a 390 × 844 phone."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cai.models import User
from plans.demo import create_demo_data
from plans.models import ActionUpdate, Plan
from tests.browser.audit import axe_violations, html_errors

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mot-de-passe-sûr-1"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo():
    """What `make run` sets up: reference data, the small demo, the demo accounts (with a
    known password for the coordinator instead of the generated one)."""
    call_command("loaddata", "reference", verbosity=0)
    create_demo_data(size="small", seed=1)
    call_command("demo_accounts", stdout=StringIO())
    coordinator = User.objects.get(username="coordination-demo")
    coordinator.set_password(PASSWORD)
    coordinator.save()
    return coordinator.assigned_plans.get()


def log_in(page):
    page.goto(page.base_url + "/compte/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("coordination-demo")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/admin/")


def audit(page):
    """What the page breaks, in one dict: empty lists when it passes."""
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return {
        "sideways scroll": [] if widths[0] <= widths[1] else [f"{widths[0]} px > {widths[1]} px"],
        "axe": axe_violations(page),
        "html": html_errors(page.content()),
    }


NO_PROBLEM = {"sideways scroll": [], "axe": [], "html": []}


def test_the_demo_coordinator_approves_an_update_from_the_home_with_the_proposal_beside_the_action(
    page, demo
):
    page.set_viewport_size(LAPTOP)
    log_in(page)
    waiting = page.locator("#workspace-waiting")
    expect(waiting).to_have_text("Points d'avancement à valider : 3")
    links = page.locator(".workspace-section", has=waiting).get_by_role("link")
    expect(links).to_have_count(3)
    assert audit(page) == NO_PROBLEM

    links.first.click()
    expect(page.locator("h1")).to_contain_text("Valider le point d'avancement de l'action")
    current = page.locator(".review-card").first.bounding_box()
    proposal = page.locator(".review-proposed").bounding_box()
    assert proposal["x"] > current["x"] and abs(proposal["y"] - current["y"]) < 2  # beside
    assert audit(page) == NO_PROBLEM

    page.get_by_role("button", name="Renvoyer au partenaire").click()
    expect(page.locator(".errorlist")).to_contain_text(
        "Dites au partenaire ce qu'il doit corriger."
    )
    assert audit(page) == NO_PROBLEM

    page.get_by_role("button", name="Approuver").click()
    expect(page.locator(".messagelist")).to_contain_text("Point approuvé")
    assert ActionUpdate.objects.awaiting_review().count() == 2
    assert ActionUpdate.objects.filter(reviewed_by__username="coordination-demo").count() == 2


def coordinator_pages(plan, update_pk):
    last_year = timezone.localdate().year - 1
    report = reverse("admin:plans_plan_report", args=[plan.pk])
    return {
        "home": reverse("admin:index"),
        "review": reverse("admin:plans_submittedupdate_change", args=[update_pk]),
        "report of last year": f"{report}?annee={last_year}",
        "report of this year": f"{report}?annee={last_year + 1}",
        "freeze": reverse("admin:plans_plan_report_freeze", args=[plan.pk, last_year]),
    }


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
def test_the_coordinators_pages_pass_the_audit_without_sideways_scroll(page, demo, viewport):
    page.set_viewport_size(viewport)
    log_in(page)
    update = ActionUpdate.objects.awaiting_review().filter(action__plan=demo).first()
    problems = {}
    for name, url in coordinator_pages(Plan.objects.get(pk=demo.pk), update.pk).items():
        page.goto(page.base_url + url)
        found = audit(page)
        if found != NO_PROBLEM:
            problems[name] = found
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
