from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest

from cai.models import Commune
from tests.factory import make_commune

pytestmark = pytest.mark.django_db


def can_log_in(client, password):
    # django-axes watches every login and needs a request to do so; client.login() has
    # none of its own, so it is given a blank one, as the django-axes documentation says.
    return client.login(request=HttpRequest(), username="admin", password=password)


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_admin_prints_a_generated_password_that_works(client):
    output = run("create_admin")
    password = output.rsplit(":", 1)[1].strip()
    assert len(password) >= 12
    assert can_log_in(client, password)
    assert get_user_model().objects.get(username="admin").is_superuser


def test_two_runs_never_print_the_same_password():
    first = run("create_admin", "--username", "a").rsplit(":", 1)[1]
    second = run("create_admin", "--username", "b").rsplit(":", 1)[1]
    assert first != second


def test_create_admin_leaves_an_existing_password_alone_unless_reset(client):
    password = run("create_admin").rsplit(":", 1)[1].strip()
    assert "existe déjà" in run("create_admin")
    assert can_log_in(client, password)
    new_password = run("create_admin", "--reset").rsplit(":", 1)[1].strip()
    assert new_password != password
    assert can_log_in(client, new_password)


def test_initial_data_loads_into_an_empty_database():
    assert "chargés" in run("load_initial_data")
    assert Commune.objects.count() == 38


def test_initial_data_never_overwrites_a_database_in_use():
    commune = make_commune(name="Commune renommée par une coordinatrice")
    assert "rien n'a été rechargé" in run("load_initial_data")
    assert Commune.objects.get(pk=commune.pk).name == "Commune renommée par une coordinatrice"
