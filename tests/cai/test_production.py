"""Production serving: health probe, deploy checks, compressed hashed static files."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import DatabaseError, connection

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "production-test-" + "k" * 50,
    "ALLOWED_HOSTS": "cai.example.org",
    "SITE_URL": "https://cai.example.org",
    "EMAIL_URL": "smtp://cai:smtp-password@smtp.example.org:587?tls=true",
    "DEFAULT_FROM_EMAIL": "CAI Namur <plans@cai.example.org>",
}


def manage(*args, **env):
    # Neither the test database nor the browser tests' async switch belong in production.
    left_out = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in left_out}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_the_health_probe_answers_ok_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_health_probe_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_the_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_malformed_connection_age():
    result = manage("check", **PRODUCTION, DATABASE_CONN_MAX_AGE="forever")
    assert result.returncode != 0
    assert "DATABASE_CONN_MAX_AGE must be a whole number" in result.stderr


def test_collected_static_files_are_hashed_and_compressed(tmp_path):
    result = manage("collectstatic", "--noinput", **PRODUCTION, STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    css = {path.name for path in (tmp_path / "css").iterdir()}
    hashed = [name for name in css if name.startswith("site.") and name.endswith(".css")]
    assert [name for name in hashed if name != "site.css"], css
    assert any(name.startswith("site.") and name.endswith(".css.gz") for name in css)


def test_production_requires_two_factor_authentication_of_administrators_by_default():
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.REQUIRE_ADMIN_2FA)",
    )
    assert manage(*show, **PRODUCTION).stdout.strip() == "True"
    assert manage(*show, **PRODUCTION, REQUIRE_ADMIN_2FA="false").stdout.strip() == "False"


def test_production_refuses_a_lock_out_without_cool_off():
    result = manage("check", **PRODUCTION, AXES_COOLOFF_MINUTES="0")
    assert result.returncode != 0
    assert "AXES_COOLOFF_MINUTES must be at least 1" in result.stderr
