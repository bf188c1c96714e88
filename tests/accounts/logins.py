"""Small helpers of the login tests: an authenticator app, its current code, a login."""

import html

from django.urls import NoReverseMatch, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "mot-de-passe-sûr-1"


def add_app(user):
    """A confirmed authenticator app, as after the set-up page."""
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)


def code_for(device):
    """The code the user's app shows right now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(client, user, password=PASSWORD, next_url=None, **request):
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.username, "password": password}, **request)


def give_code(client, code, next_url=None):
    url = reverse("accounts:verify") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"token": code})


def is_logged_in(client):
    return "_auth_user_id" in client.session


def partner_area():
    try:
        return reverse("partners:action-list")
    except NoReverseMatch:  # until the partner area exists, partners land on the home page
        return reverse("plans:home")


def page_text(response):
    return html.unescape(response.content.decode())
