"""The footer's pages (contact, legal notice, accessibility statement) and the header's links."""

import pytest
from django.contrib.flatpages.models import FlatPage

from tests.factory import make_footer_pages, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def footer_pages():
    make_footer_pages()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/contact/", "Contact"),
        ("/mentions-legales/", "Mentions légales"),
        ("/accessibilite/", "Déclaration d'accessibilité"),
        ("/en/contact/", "Contact"),
        ("/en/mentions-legales/", "Legal notice"),
        ("/en/accessibilite/", "Accessibility statement"),
    ],
)
def test_each_footer_page_opens_with_its_default_text(visitor, path, heading):
    response = visitor.get(path)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_the_english_statement_is_written_in_english(visitor):
    text = visitor.get("/en/accessibilite/").content.decode()
    assert "partially compliant" in text
    assert "partiellement conforme" not in text


def test_an_administrator_rewrites_a_page_and_visitors_read_the_new_text(visitor):
    FlatPage.objects.filter(url="/contact/").update(content="<p>Écrivez-nous au 081 00 00 00.</p>")
    assert "Écrivez-nous au 081 00 00 00." in visitor.get("/contact/").content.decode()


def test_a_deleted_page_answers_our_404(visitor):
    FlatPage.objects.filter(url="/en/contact/").delete()
    response = visitor.get("/en/contact/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_every_page_links_to_the_three_footer_pages(visitor):
    footer = visitor.get("/").content.decode().split('<footer class="site-footer">')[1]
    for path in ["/contact/", "/mentions-legales/", "/accessibilite/"]:
        assert f'href="{path}"' in footer


def test_the_language_switch_comes_after_the_main_content(visitor):
    text = visitor.get("/plans/").content.decode()
    assert text.index("</main>") < text.index('class="language-switch"')


def test_a_logged_in_partner_finds_the_partner_area_in_the_header(client):
    client.force_login(make_user(organisation=make_organisation()))
    header = client.get("/").content.decode().split("</header>")[0]
    assert 'href="/partenaires/">Espace partenaire</a>' in header


def test_a_visitor_and_cai_staff_have_no_partner_area_link(client, coordinator):
    assert "Espace partenaire" not in client.get("/").content.decode()
    client.force_login(coordinator)
    assert "Espace partenaire" not in client.get("/").content.decode()
