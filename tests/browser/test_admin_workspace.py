"""The coordinator's admin in a real browser, on a 1366 px laptop and a 390 px phone.

Logged in as the demo coordinator (coordination-demo, who follows the first demo plan), over
the demo data: every list, add and change page they use has no sideways scroll, the key
columns of the lists are on screen at 1366 px, axe-core finds no serious or critical
violation and the Nu Html Checker no error. And the "done when" of issue 10: a new action
with a partner and an objective of the right plan, saved at the first try.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cai.models import Organisation, User
from plans.demo import create_demo_data
from plans.models import Action, Plan
from tests.browser.audit import axe_violations, html_errors_by_document

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mot-de-passe-sûr-1"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# The models a coordinator works with, as "app/model" of their admin addresses.
MODELS = [
    "plans/plan",
    "plans/milestone",
    "plans/milestonesource",
    "plans/diagnostic",
    "plans/finding",
    "plans/objective",
    "plans/action",
    "plans/actionupdate",
    "plans/submittedupdate",
    "plans/indicator",
    "plans/memorandum",
    "plans/recommendation",
    "concertation/space",
    "concertation/membership",
    "concertation/meeting",
    "concertation/attendance",
    "cai/organisation",
    "plans/frozenreport",
]

# The columns that must be on screen at 1366 px, by list.
KEY_COLUMNS = {
    "plans/action": ["code", "title_column", "status", "progress_display", "lead_column"],
    "plans/actionupdate": ["action_column", "reported_on_display", "status", "progress"],
    "plans/submittedupdate": ["action_column", "plan_column", "reported_on_display", "progress"],
}


@pytest.fixture
def demo_plan(db):
    call_command("loaddata", "reference", verbosity=0)
    create_demo_data(size="small", seed=1)
    return Plan.objects.filter(code__startswith="demo-").order_by("code").first()


@pytest.fixture
def coordinator(demo_plan):
    """The demo coordinator: changes what lies under the first demo plan, reads the rest.
    demo_accounts also leaves a partner's update waiting in the review queue."""
    call_command("demo_accounts", stdout=StringIO())
    coordinator = User.objects.get(username="coordination-demo")
    coordinator.set_password(PASSWORD)
    coordinator.save()
    return coordinator


def log_in(page, user, viewport):
    page.set_viewport_size(viewport)
    page.goto(page.base_url + "/compte/connexion/")
    form = page.locator("form:has(input[name=username])")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    page.wait_for_load_state()


def coordinator_pages(page):
    """The index, every list and add page, and the change page of each list's first row."""
    paths = ["/admin/"]
    for model in MODELS:
        paths.append(f"/admin/{model}/")
        page.goto(page.base_url + f"/admin/{model}/")
        first_row = page.locator("#result_list tbody tr a").first
        if first_row.count():
            paths.append(first_row.get_attribute("href"))
        if page.locator(".object-tools .addlink").count():
            paths.append(f"/admin/{model}/add/")
    return paths


def visit(page, path):
    response = page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")  # select2 draws the autocompletes after 'load'
    return response


def off_screen_columns(page, model):
    width = page.viewport_size["width"]
    problems = []
    for column in KEY_COLUMNS.get(model, []):
        header = page.locator(f"#result_list thead th.column-{column}")
        box = header.bounding_box() if header.count() else None
        if box is None or box["x"] < 0 or box["x"] + box["width"] > width:
            problems.append(column)
    return problems


def audit(page, viewport):
    """What is wrong on each page at this viewport: {path: [problem, …]}."""
    problems, documents = {}, {}
    for path in coordinator_pages(page):
        response = visit(page, path)
        found = []
        if response.status != 200:
            found.append(f"status {response.status}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > viewport["width"]:
            found.append(f"scrollWidth {scroll_width}")
        model = path.removeprefix("/admin/").rstrip("/")
        if viewport == LAPTOP and off_screen_columns(page, model):
            found.append(f"columns off screen: {off_screen_columns(page, model)}")
        found += [f"axe {v['rule']}: {v['nodes']}" for v in axe_violations(page)]
        documents[path] = response.text()
        if found:
            problems[path] = found
    for path, errors in html_errors_by_document(documents).items():
        if errors:
            problems.setdefault(path, []).extend(f"vnu {error}" for error in errors)
    return problems


def test_every_admin_page_of_the_coordinator_passes_the_audit_on_a_laptop(page, coordinator):
    log_in(page, coordinator, LAPTOP)
    assert audit(page, LAPTOP) == {}


def test_every_admin_page_of_the_coordinator_passes_the_audit_on_a_phone(page, coordinator):
    log_in(page, coordinator, PHONE)
    assert audit(page, PHONE) == {}


def test_the_object_tools_never_cover_the_title(page, coordinator):
    log_in(page, coordinator, LAPTOP)
    for viewport in [LAPTOP, PHONE]:
        page.set_viewport_size(viewport)
        visit(page, "/admin/plans/action/")
        title = page.locator("#content h1").bounding_box()
        tools = page.locator(".object-tools").bounding_box()
        assert tools["y"] >= title["y"] + title["height"]


def test_a_long_title_is_cut_with_its_full_text_in_the_cell(page, coordinator, demo_plan):
    action = demo_plan.actions.order_by("code").first()
    Action.objects.filter(pk=action.pk).update(title=("Permanence " * 20).strip())
    log_in(page, coordinator, LAPTOP)
    visit(page, "/admin/plans/action/")
    cell = page.locator(f"#result_list tr:has(a:text-is('{action.code}')) .field-title_column span")
    assert cell.get_attribute("title") == ("Permanence " * 20).strip()
    assert cell.evaluate("element => element.scrollWidth > element.clientWidth")


def test_the_objective_and_axis_choices_follow_the_plan_chosen(page, coordinator, demo_plan):
    other = Plan.objects.exclude(pk=demo_plan.pk).filter(objectives__isnull=False).first()
    other.team.add(coordinator)
    log_in(page, coordinator, LAPTOP)
    visit(page, "/admin/plans/action/add/")
    for plan in [demo_plan, other]:
        page.locator("#id_plan").select_option(str(plan.pk))
        shown = page.locator("#id_objective option:not([hidden]):not([value=''])")
        expected = sorted(str(pk) for pk in plan.objectives.values_list("pk", flat=True))
        assert sorted(o.get_attribute("value") for o in shown.all()) == expected
        axes = page.locator("#id_axis option:not([hidden]):not([value=''])")
        grid = sorted(str(pk) for pk in plan.framework.axes.values_list("pk", flat=True))
        assert sorted(o.get_attribute("value") for o in axes.all()) == grid


def choose_in_autocomplete(page, select_id, text):
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_a_coordinator_creates_an_action_with_a_partner_and_an_objective_at_the_first_try(
    page, coordinator, demo_plan
):
    objective = demo_plan.objectives.exclude(axis=None).order_by("code").first()
    lead, partner = Organisation.objects.order_by("name").values_list("name", flat=True)[:2]
    log_in(page, coordinator, LAPTOP)
    visit(page, "/admin/plans/action/")
    page.get_by_role("link", name="Ajouter une action").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#content h1")).to_have_text("Ajouter une action")
    # The one plan the coordinator follows is already chosen; its objectives alone are offered.
    assert page.locator("#id_plan").input_value() == str(demo_plan.pk)
    page.locator("#id_objective").select_option(str(objective.pk))
    page.locator("#id_code").fill("A-9.1")
    page.locator("#id_title").fill("Permanence d'accueil des primo-arrivants")
    page.locator("#id_axis").select_option(str(objective.axis_id))
    choose_in_autocomplete(page, "id_lead_organisation", lead)
    page.locator("#partnerships-group .add-row a", has_text="Ajouter un partenaire").click()
    choose_in_autocomplete(page, "id_partnerships-0-organisation", partner)
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page.locator(".messagelist .success")).to_contain_text("Ajout réussi : action")
    action = Action.objects.get(plan=demo_plan, code="A-9.1")
    assert action.objective == objective
    assert list(action.partnerships.values_list("organisation__name", flat=True)) == [partner]
    assert action.lead_organisation.name == lead


def test_a_row_of_a_plan_not_followed_says_why_it_is_read_only(page, coordinator, demo_plan):
    other = Action.objects.exclude(plan=demo_plan).order_by("pk").first()
    log_in(page, coordinator, LAPTOP)
    visit(page, f"/admin/plans/action/{other.pk}/change/")
    expect(page.locator(".messagelist")).to_contain_text(
        "Lecture seule : cette fiche relève d'un plan que vous ne suivez pas"
    )
    expect(page.locator("#content h1")).to_have_text(f"Consulter l'action {other.code}")
