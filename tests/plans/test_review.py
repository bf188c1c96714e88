"""Reviewing a partner's update in one look: the action as it stands beside the proposal, its
recent history, and two explicit decisions, "Approuver" and "Renvoyer au partenaire"."""

import datetime
import html

import pytest
from django.urls import reverse

from cai.roles import COORDINATORS, STAFF
from plans.models import Action, ActionUpdate
from plans.models.action import ReportedIndicatorValue
from tests.factory import (
    make_action,
    make_cai_user,
    make_indicator,
    make_indicator_value,
    make_organisation,
    make_plan,
    make_update,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def update():
    """A partner's update of action A-1.1 (under way, 40 %, two approved updates so far),
    proposing 60 % and a value for its indicator."""
    lead = make_organisation(name="Maison de quartier de Jambes")
    action = make_action(
        plan=make_plan(title="PLI de Namur"),
        code="A-1.1",
        title="Tables de conversation",
        lead_organisation=lead,
    )
    make_update(action, reported_on=datetime.date(2026, 1, 1), progress=20, note="Lancement.")
    make_update(action, reported_on=datetime.date(2026, 4, 1), progress=40, note="Six tables.")
    indicator = make_indicator(action=action, name="Participants", unit="personnes")
    make_indicator_value(indicator=indicator, year=2026, value=12)
    partner = make_user(username="ines", first_name="Inès", organisation=lead)
    proposed = make_update(
        action,
        reported_on=datetime.date(2026, 10, 1),
        progress=60,
        note="Deux tables de plus à Jambes.",
        author=partner,
        review_status=ActionUpdate.Review.DRAFT,
    )
    ReportedIndicatorValue.objects.create(update=proposed, indicator=indicator, value=18)
    proposed.submit()
    return proposed


@pytest.fixture
def reviewer(client, update):
    """A coordinator of the update's plan."""
    client.force_login(make_cai_user(COORDINATORS, plans=[update.action.plan]))
    return client


def review_url(update):
    return reverse("admin:plans_submittedupdate_change", args=[update.pk])


def text(response):
    return html.unescape(response.content.decode())


def test_the_review_page_shows_the_action_as_it_stands_beside_the_proposal(reviewer, update):
    page = text(reviewer.get(review_url(update)))
    current = page[page.index("L'action aujourd'hui") : page.index("Ce que propose")]
    assert "A-1.1 — Tables de conversation" in current and "PLI de Namur" in current
    assert "En cours" in current and "40 %" in current
    assert "1er avril 2026" in current  # its latest approved update
    proposal = page[page.index("Ce que propose") : page.index("Historique récent")]
    assert "Inès (Maison de quartier de Jambes)" in proposal
    assert "1er octobre 2026" in proposal
    assert "60 % (+20 points)" in proposal
    assert "Deux tables de plus à Jambes." in proposal
    assert "Participants : 18 personnes (valeur 2026 actuelle : 12" in proposal


def test_the_review_page_shows_the_recent_history_newest_first(reviewer, update):
    page = text(reviewer.get(review_url(update)))
    history = page[page.index("Historique récent") : page.index("Votre décision")]
    assert history.index("1er avril 2026") < history.index("1er janvier 2026")
    assert "Six tables." in history and "Lancement." in history
    assert "Deux tables de plus" not in history  # the proposal is not history yet


def test_the_review_page_decides_with_two_explicit_buttons(reviewer, update):
    response = reviewer.get(review_url(update))
    page = response.content.decode()
    assert "<h1>Valider le point d&#x27;avancement de l&#x27;action A-1.1</h1>" in page
    assert '<button type="submit" name="decision" value="approve"' in page
    assert '<button type="submit" name="decision" value="return"' in page
    assert ">Approuver</button>" in page and ">Renvoyer au partenaire</button>" in page
    assert 'name="_save"' not in page and 'type="radio"' not in page


def test_approving_counts_the_update_at_once(reviewer, update):
    response = reviewer.post(review_url(update), {"decision": "approve"}, follow=True)
    assert "Point approuvé : l'avancement de l'action A-1.1 est à jour." in text(response)
    action = Action.objects.get(pk=update.action_id)
    assert (action.status, action.progress) == (Action.Status.IN_PROGRESS, 60)


def test_returning_without_a_reason_is_refused_in_french_and_changes_nothing(reviewer, update):
    response = reviewer.post(review_url(update), {"decision": "return", "return_reason": "  "})
    assert response.status_code == 200
    assert "Dites au partenaire ce qu'il doit corriger." in text(response)
    update.refresh_from_db()
    assert update.review_status == ActionUpdate.Review.SUBMITTED


def test_returning_with_a_reason_sends_it_back(reviewer, update):
    reviewer.post(review_url(update), {"decision": "return", "return_reason": "Combien à Jambes ?"})
    update.refresh_from_db()
    assert (update.review_status, update.return_reason) == ("returned", "Combien à Jambes ?")


def test_a_post_without_a_decision_says_which_to_choose(reviewer, update):
    response = reviewer.post(review_url(update), {"return_reason": ""})
    assert response.status_code == 200
    assert "Choisissez « Approuver » ou « Renvoyer au partenaire »." in text(response)
    update.refresh_from_db()
    assert update.review_status == ActionUpdate.Review.SUBMITTED


def test_staff_read_the_update_without_the_decision_buttons(client, update):
    client.force_login(make_cai_user(STAFF, plans=[update.action.plan]))
    page = text(client.get(review_url(update)))
    assert "Ce que propose le partenaire" in page
    assert 'name="decision"' not in page
    assert "seuls les coordinateurs du plan l'approuvent ou le renvoient" in page
