"""`check --deploy` refuses e-mail settings that would lose or leak notifications. Messages
in English, like the other start-up errors of cai/settings.py: they are for the operator."""

from django.conf import settings
from django.core.checks import Error, register

SMTP = "django.core.mail.backends.smtp.EmailBackend"
HINT = "Set EMAIL_URL=smtp://user:password@host:587?tls=true (README, Configuration)."


@register("notifications", deploy=True)
def check_email_settings(app_configs, **kwargs):
    return [Error(message, hint=HINT, id=f"notifications.{code}") for code, message in _problems()]


def _problems():
    if settings.EMAIL_BACKEND != SMTP:
        yield "E001", f"E-mail is not sent: EMAIL_BACKEND is {settings.EMAIL_BACKEND}."
        return
    if not settings.EMAIL_HOST:
        yield "E002", "No SMTP server: EMAIL_URL or EMAIL_HOST is missing."
    if bool(settings.EMAIL_HOST_USER) != bool(settings.EMAIL_HOST_PASSWORD):
        yield "E003", "EMAIL_HOST_USER and EMAIL_HOST_PASSWORD go together: one is missing."
    if settings.EMAIL_USE_TLS and settings.EMAIL_USE_SSL:
        yield "E004", "EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other: choose one."
    if settings.EMAIL_HOST_PASSWORD and not (settings.EMAIL_USE_TLS or settings.EMAIL_USE_SSL):
        yield "E005", "The SMTP password would travel in clear: turn on EMAIL_USE_TLS."
    if settings.DEFAULT_FROM_EMAIL.rstrip(">").endswith("@localhost"):
        yield "E006", "DEFAULT_FROM_EMAIL is missing: the address notifications come from."
    if not settings.SITE_URL.startswith("https://"):
        yield "E007", "SITE_URL (https://…) is missing: the site's address in e-mailed links."
