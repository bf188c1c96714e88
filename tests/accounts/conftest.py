"""The people who log in."""

import pytest
from django.contrib.auth.models import Group

from cai.roles import ADMINISTRATORS
from tests.accounts.logins import PASSWORD
from tests.factory import make_user


@pytest.fixture
def administrator(db):
    """An administrator of the CAI (by the group, not a superuser): must use two-factor
    authentication when REQUIRE_ADMIN_2FA is on."""
    user = make_user(username="administratrice", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=ADMINISTRATORS)[0])
    return user


@pytest.fixture
def staff_member(db):
    """CAI staff: works in the admin, may add an authenticator app, is never forced to."""
    return make_user(username="equipe", password=PASSWORD, is_staff=True)


@pytest.fixture
def partner(db):
    """A partner's user: no admin access, lands in the partner area."""
    return make_user(username="partenaire", password=PASSWORD)


@pytest.fixture
def two_factor_required(settings):
    settings.REQUIRE_ADMIN_2FA = True
