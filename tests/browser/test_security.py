"""The Content Security Policy in a real browser: no page of the site or the admin breaks it.

Chromium reports each refused script, style or image as a `securitypolicyviolation` event
(and a console error): both are watched on every page an administrator goes through, from
the public home page to the admin's import page, two-factor set-up included.
"""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.logins import PASSWORD, code_for
from tests.factory import make_action, make_update

pytestmark = pytest.mark.django_db(transaction=True)

WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI} (${where})`);
});
"""


@pytest.fixture
def watched_page(page):
    """The suite's page (any console error fails the test), also recording CSP refusals."""
    page.add_init_script(WATCH_VIOLATIONS)
    page.csp_console = []
    page.on(
        "console",
        lambda message: (
            page.csp_console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def open_without_violation(page, path):
    page.goto(page.base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.cspViolations") == [], path
    assert page.csp_console == [], path


def test_an_administrator_goes_through_the_site_and_the_admin_without_a_violation(
    watched_page, django_user_model, settings
):
    page = watched_page
    settings.REQUIRE_ADMIN_2FA = True
    action = make_action(title="Permanence logement")
    make_update(action)
    admin = django_user_model.objects.create_superuser(
        username="admin", email="admin@cai.example", password=PASSWORD
    )

    open_without_violation(page, "/")
    open_without_violation(page, "/compte/connexion/?next=/admin/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    # An administrator without an app sets one up first: the QR code is drawn inline.
    expect(page).to_have_url(re.compile(r"/compte/double-authentification/\?next="))
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert page.evaluate("window.cspViolations") == []
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    page.get_by_label("Code à 6 chiffres").fill(code_for(device))
    page.get_by_role("button", name="Activer").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    for path in [
        "/admin/",
        "/admin/plans/action/",
        f"/admin/plans/action/{action.pk}/change/",
        "/admin/plans/action/import/",
        "/compte/",
    ]:
        open_without_violation(page, path)
    expect(page.locator("h1")).to_have_text("Mon compte")

    # The annual report: its print button is a script file's, its standalone page has its
    # stylesheet inside.
    report = f"/admin/plans/plan/{action.plan.pk}/rapport/"
    open_without_violation(page, report + "?annee=2025")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Imprimer").click()
    page.wait_for_function("window.printed === true")
    assert page.evaluate("window.cspViolations") == []
    open_without_violation(page, report + "2025/html/")


def test_the_browser_enforces_the_policy_and_the_watch_sees_it(browser, live_server):
    """The check above could not pass by accident: an inline script is refused and seen."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.ranInline = true";
          document.body.append(script);
        }"""
    )
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.ranInline") is None
    assert page.evaluate("window.cspViolations")[0].startswith("script-src")
    context.close()
