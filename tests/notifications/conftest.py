"""The people notifications are about, around plan X and organisation A's action A-1.

A partner of A writes updates; the coordinator of plan X reviews them; a coordinator of
plan Y and a staff member of plan X, who does not review, are there to receive nothing.
"""

import datetime

import pytest
from django.test import Client

from cai.roles import COORDINATORS, STAFF
from plans.models import ActionUpdate
from tests.factory import (
    make_action,
    make_cai_user,
    make_organisation,
    make_plan,
    make_update,
    make_user,
)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://cai.example.org"


@pytest.fixture
def organisation_a(db):
    return make_organisation(code="maison-a", name="Maison des cultures A")


@pytest.fixture
def plan_x(db):
    return make_plan(code="plan-x", title="Plan X")


@pytest.fixture
def action(plan_x, organisation_a):
    return make_action(
        plan=plan_x, code="A-1", title="Cours de français", lead_organisation=organisation_a
    )


@pytest.fixture
def partner(organisation_a):
    """Writes organisation A's updates; hears when they are approved or returned."""
    return make_user(
        username="ines",
        first_name="Inès",
        email="ines@maison-a.example",
        organisation=organisation_a,
    )


@pytest.fixture
def coordinator_x(plan_x):
    """Coordinator following plan X: hears of every update submitted on it."""
    return make_cai_user(
        COORDINATORS, plans=[plan_x], username="claire", email="claire@cai.example"
    )


@pytest.fixture
def coordinator_y(db):
    """Coordinator of another plan: hears nothing of plan X."""
    return make_cai_user(COORDINATORS, plans=[make_plan(code="plan-y")], email="yves@cai.example")


@pytest.fixture
def staff_x(plan_x):
    """Staff following plan X: does not review, so receives no review e-mail."""
    return make_cai_user(STAFF, plans=[plan_x], email="samir@cai.example")


@pytest.fixture
def draft(action, partner):
    return make_update(
        action,
        reported_on=datetime.date(2025, 6, 1),
        author=partner,
        note="Douze séances données.",
        review_status=ActionUpdate.Review.DRAFT,
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client
