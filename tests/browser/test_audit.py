"""The audit tools find what they are meant to find, so that "no violation" means something."""

from tests.browser.audit import axe_violations, html_errors, html_errors_by_document

HEAD = '<!DOCTYPE html><html lang="fr"><head><title>Page</title></head>'
VALID = HEAD + "<body><p>Bonjour</p></body></html>"
INVALID = HEAD + "<body><div><p>x</span></body></html>"


def test_the_html_checker_accepts_a_valid_document():
    assert html_errors(VALID) == []


def test_the_html_checker_names_the_errors_of_each_document():
    errors = html_errors_by_document({"/valide/": VALID, "/invalide/": INVALID})

    assert errors["/valide/"] == []
    assert any("Stray end tag" in message for message in errors["/invalide/"])


def test_axe_reports_an_unlabelled_field_and_nothing_on_a_clean_page(page):
    page.set_content(
        '<!DOCTYPE html><html lang="fr"><head><title>Essai</title></head><body><main>'
        '<h1>Essai</h1><form><input type="text" name="q"></form></main></body></html>'
    )
    rules = {violation["rule"] for violation in axe_violations(page)}
    assert "label" in rules

    page.set_content(
        '<!DOCTYPE html><html lang="fr"><head><title>Essai</title></head><body><main>'
        '<h1>Essai</h1><form><label for="q">Recherche</label><input id="q" type="text" name="q">'
        "</form></main></body></html>"
    )
    assert axe_violations(page) == []
