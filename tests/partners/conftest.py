"""The people of the partner area, and the actions they are about.

Organisation A leads one action (published) and one still being written (unpublished), and
takes part in a third, led by someone else. Organisation B leads an action of its own.
"""

from types import SimpleNamespace

import pytest
from django.test import Client

from plans.models import ActionPartner
from tests.factory import (
    make_action,
    make_action_partner,
    make_indicator,
    make_organisation,
    make_plan,
    make_user,
)

PASSWORD = "mot-de-passe-sûr-1"


@pytest.fixture
def organisation_a(db):
    return make_organisation(code="maison-a", name="Maison des cultures A")


@pytest.fixture
def organisation_b(db):
    return make_organisation(code="asbl-b", name="ASBL B")


@pytest.fixture
def partner_a(organisation_a):
    """A user of organisation A: sees the actions A leads or takes part in, published or not,
    and reports only on those A leads. Never sees anything of organisation B."""
    return make_user(username="partenaire-a", password=PASSWORD, organisation=organisation_a)


@pytest.fixture
def partner_b(organisation_b):
    """A user of organisation B: sees and reports on B's actions only."""
    return make_user(username="partenaire-b", password=PASSWORD, organisation=organisation_b)


@pytest.fixture
def cai_staff(db):
    """CAI staff: works in the admin, has no organisation, so no partner area (403)."""
    return make_user(username="equipe-cai", password=PASSWORD, is_staff=True)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def partner_a_client(partner_a):
    return logged_in(partner_a)


@pytest.fixture
def partner_b_client(partner_b):
    return logged_in(partner_b)


@pytest.fixture
def actions(organisation_a, organisation_b):
    """A's led action (with two indicators), A's unpublished one, the action A partners in,
    and B's action."""
    plan = make_plan(code="pli-namur", title="PLI de Namur")
    led = make_action(
        plan=plan, code="A-1", title="Cours de français", lead_organisation=organisation_a
    )
    partnered = make_action(plan=plan, code="A-2", title="Permanence juridique")
    make_action_partner(
        action=partnered, organisation=organisation_a, role=ActionPartner.Role.OPERATIONAL
    )
    return SimpleNamespace(
        plan=plan,
        led=led,
        sessions=make_indicator(action=led, name="Séances", unit="séances", target=10),
        learners=make_indicator(action=led, name="Apprenants", unit="participants"),
        unpublished=make_action(
            plan=plan,
            code="A-3",
            title="Fête interculturelle en préparation",
            lead_organisation=organisation_a,
            is_published=False,
        ),
        partnered=partnered,
        of_b=make_action(
            plan=plan, code="B-1", title="Potager collectif de B", lead_organisation=organisation_b
        ),
    )
