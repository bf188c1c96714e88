"""E-mail settings: read from the environment, refused half-configured by check --deploy."""

import pytest
from django.core.checks import run_checks

from cai.settings import env_email
from tests.cai.test_production import PRODUCTION, manage

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def deploy_errors():
    return sorted(
        error.id for error in run_checks(include_deployment_checks=True, tags=["notifications"])
    )


@pytest.fixture
def production_mail(settings):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = "smtp.example.org", 587
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "cai", "secret"
    settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL = True, False
    settings.DEFAULT_FROM_EMAIL = "CAI Namur <plans@cai.example.org>"
    settings.SITE_URL = "https://cai.example.org"
    return settings


def test_a_complete_configuration_passes(production_mail):
    assert deploy_errors() == []


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "notifications.E001"),
        ({"EMAIL_HOST": ""}, "notifications.E002"),
        ({"EMAIL_HOST_PASSWORD": ""}, "notifications.E003"),
        ({"EMAIL_USE_SSL": True}, "notifications.E004"),
        ({"EMAIL_USE_TLS": False}, "notifications.E005"),
        ({"DEFAULT_FROM_EMAIL": "CAI Namur <noreply@localhost>"}, "notifications.E006"),
        ({"SITE_URL": ""}, "notifications.E007"),
    ],
)
def test_a_half_configuration_is_refused(production_mail, change, error):
    for name, value in change.items():
        setattr(production_mail, name, value)
    assert deploy_errors() == [error]


def test_an_email_url_gives_every_smtp_setting(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtp://cai%40namur:p%C3%A4ss@smtp.example.org:587?tls=true")
    assert env_email("EMAIL_URL") == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "cai@namur",
        "EMAIL_HOST_PASSWORD": "päss",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }
    monkeypatch.setenv("EMAIL_URL", "smtps://smtp.example.org")
    assert env_email("EMAIL_URL")["EMAIL_PORT"] == 465


def test_production_without_smtp_fails_the_deploy_check_with_the_check_s_id():
    environment = {**PRODUCTION, "EMAIL_URL": "", "EMAIL_HOST": ""}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode != 0
    assert "notifications.E002" in result.stderr


def test_a_malformed_email_url_stops_the_start_without_showing_the_password():
    environment = {**PRODUCTION, "EMAIL_URL": "http://cai:secret-word@smtp.example.org"}
    result = manage("check", **environment)
    assert result.returncode != 0
    assert "EMAIL_URL must look like smtp://" in result.stderr
    assert "secret-word" not in result.stderr
