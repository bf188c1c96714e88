"""Settings come from the environment and refuse to start half-configured.

Each case starts Django in a fresh process, since settings are read once, at import.
"""

import os
import subprocess
import sys

from django.conf import settings

START_DJANGO = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'cai.settings'; django.setup(); "
    "from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"
)
CONFIGURATION = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"}


def start_django(**variables):
    """Start Django with only the given configuration variables set."""
    env = {name: value for name, value in os.environ.items() if name not in CONFIGURATION}
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", START_DJANGO],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_starts_with_a_complete_production_configuration():
    result = start_django(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['example.org']"


def test_it_starts_for_local_development_with_no_configuration_at_all():
    result = start_django()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True ['127.0.0.1', 'localhost']"


def test_a_debug_value_that_is_neither_true_nor_false_stops_it():
    result = start_django(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_production_without_a_secret_key_stops_it():
    result = start_django(DEBUG="false", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_stops_it():
    result = start_django(DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_with_empty_allowed_hosts_stops_it():
    result = start_django(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS=" , ")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_a_database_url_with_an_unknown_scheme_stops_it():
    result = start_django(**PRODUCTION, DATABASE_URL="nonsense://x")
    assert result.returncode != 0
    assert "DATABASE_URL is not a valid database URL (scheme 'nonsense')" in result.stderr


def test_a_bad_database_url_does_not_print_its_password():
    result = start_django(**PRODUCTION, DATABASE_URL="postgress://cai:s3cret@db/cai")
    assert result.returncode != 0
    assert "scheme 'postgress'" in result.stderr
    assert "s3cret" not in result.stderr


def test_language_and_time_are_belgian_french():
    assert settings.LANGUAGE_CODE == "fr-be"
    assert settings.TIME_ZONE == "Europe/Brussels"
    assert settings.USE_TZ is True
