"""Personas shared by the whole suite."""

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing passwords properly costs 0.4 s a login, for nothing in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Some public figures are kept a few minutes in the cache: each test starts without."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def french_at_the_start_of_each_test():
    """A request under /en/ leaves English active in the thread (LocaleMiddleware never
    switches back): without this, a test's French would depend on the test before it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def coordinator(db, django_user_model):
    """A CAI coordinator: superuser in the admin, sees and edits everything."""
    return django_user_model.objects.create_superuser(
        username="coordinatrice", email="coordination@cai.example", password="mot-de-passe-sûr-1"
    )


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def visitor(client):
    """The anonymous visitor: no account, sees only what is published."""
    return client
