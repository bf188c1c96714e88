"""The coordinator's admin, page by page: French titles with articles, lists that open on the
plans the person follows, read-only pages that say why, the updates' history, Belgian dates."""

import datetime
import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cai.roles import COORDINATORS
from plans.models import Action
from tests.factory import (
    make_action,
    make_cai_user,
    make_update,
)
from tests.spreadsheets import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(db):
    return make_action(code="A-1.1", title="Permanence logement")


@pytest.fixture
def theirs(db):
    return make_action(code="B-2.1", title="Atelier santé")


@pytest.fixture
def coordinator_client(client, mine):
    """A coordinator who follows the plan of action A-1.1 only."""
    client.force_login(make_cai_user(COORDINATORS, plans=[mine.plan], username="claire"))
    return client


def listed_codes(response):
    return re.findall(r'<th class="field-code"><a href="[^"]+">([^<]+)</a>', html_of(response))


def html_of(response):
    return html.unescape(response.content.decode())


def test_the_pages_of_an_action_are_titled_with_the_article(coordinator_client, mine):
    pages = {
        reverse("admin:plans_action_changelist"): "Choisir l'action à modifier",
        reverse("admin:plans_action_add"): "Ajouter une action",
        reverse("admin:plans_action_change", args=[mine.pk]): "Modifier l'action A-1.1",
    }
    for url, title in pages.items():
        text = html_of(coordinator_client.get(url))
        assert f"<h1>{title}</h1>" in text
        assert "objet" not in page_text(coordinator_client.get(url)).lower()


def test_the_breadcrumbs_of_a_new_action_carry_the_article(coordinator_client):
    text = html_of(coordinator_client.get(reverse("admin:plans_action_add")))
    assert "› Ajouter une action\n</div>" in text


def test_the_list_button_and_the_inline_button_carry_the_article(coordinator_client, mine):
    listing = html_of(coordinator_client.get(reverse("admin:plans_action_changelist")))
    assert ">Ajouter une action</a>" in listing
    url = reverse("admin:plans_action_change", args=[mine.pk])
    change = coordinator_client.get(url).content.decode()
    data = re.search(
        r'id="partnerships-group"\s+data-inline-type="tabular"\s+'
        r'data-inline-formset="([^"]+)"',
        change,
    )
    assert json.loads(html.unescape(data.group(1)))["options"]["addText"] == (
        "Ajouter un partenaire"
    )


def test_the_success_message_names_no_objet(coordinator_client, mine):
    from tests.test_admin import post_form

    url = reverse("admin:plans_action_change", args=[mine.pk])
    response = post_form(coordinator_client, url, Action, title="Permanence logement")
    messages = [re.sub("<[^>]+>", "", str(m)) for m in response.wsgi_request._messages]
    assert messages == ["Modification enregistrée : action « A-1.1 — Permanence logement »."]


def test_the_action_list_opens_on_the_plans_followed_and_a_filter_shows_all(
    coordinator_client, mine, theirs
):
    url = reverse("admin:plans_action_changelist")
    assert listed_codes(coordinator_client.get(url)) == ["A-1.1"]
    assert listed_codes(coordinator_client.get(url, {"suivis": "tous"})) == ["A-1.1", "B-2.1"]
    assert "Les plans que je suis" in page_text(coordinator_client.get(url))


def test_someone_who_follows_no_plan_sees_every_plan_at_once(client, mine, theirs):
    client.force_login(make_cai_user(COORDINATORS, username="sans-plan"))
    response = client.get(reverse("admin:plans_action_changelist"))
    assert listed_codes(response) == ["A-1.1", "B-2.1"]


def test_the_followed_plans_list_costs_as_many_queries_for_fifty_rows_as_for_one(
    coordinator_client, mine
):
    url = reverse("admin:plans_action_changelist")
    with CaptureQueriesContext(connection) as one_row:
        coordinator_client.get(url)
    for number in range(49):
        make_action(plan=mine.plan, axis=mine.axis, code=f"A-9.{number}")
    with CaptureQueriesContext(connection) as fifty_rows:
        response = coordinator_client.get(url)
    assert len(listed_codes(response)) == 50
    assert len(fifty_rows) == len(one_row)


def test_a_row_of_a_plan_not_followed_opens_read_only_and_says_why(coordinator_client, theirs):
    response = coordinator_client.get(reverse("admin:plans_action_change", args=[theirs.pk]))
    assert response.status_code == 200
    text = page_text(response)
    assert "Consulter l'action B-2.1" in text
    assert (
        "Lecture seule : cette fiche relève d'un plan que vous ne suivez pas ; seule l'équipe "
        "du CAI de ce plan peut la modifier."
    ) in text


def test_past_updates_are_a_read_only_history_under_one_form_for_a_new_update(
    coordinator_client, mine
):
    make_update(mine, reported_on=datetime.date(2025, 4, 1), progress=30, note="Bilan d'avril")
    response = coordinator_client.get(reverse("admin:plans_action_change", args=[mine.pk]))
    text = html_of(response)
    assert "Nouveau point d'avancement" in text
    assert "Historique des points d'avancement" in text
    assert 'name="updates-0-reported_on"' in text  # the one new form
    for field in ["reported_on", "status", "progress", "note"]:
        assert f'name="updates-2-0-{field}"' not in text  # the history has no inputs
    history = text[text.index("Historique des points d'avancement") :]
    assert "1er avril 2025" in history
    assert "Bilan d'avril" in history


def test_update_dates_read_as_belgians_write_them(coordinator_client, mine):
    make_update(mine, reported_on=datetime.date(2026, 4, 1), progress=30)
    response = coordinator_client.get(reverse("admin:plans_actionupdate_changelist"))
    assert "1er avril 2026" in page_text(response)


def test_a_long_title_is_cut_in_the_list_with_its_full_text_in_the_title(coordinator_client, mine):
    Action.objects.filter(pk=mine.pk).update(title=("Permanence " * 20).strip())
    response = coordinator_client.get(reverse("admin:plans_action_changelist"))
    full = ("Permanence " * 20).strip()
    assert f'<span class="cell-truncated" title="{full}">' in html_of(response)
