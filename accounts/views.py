"""Logging in and out, and the authenticator app of one's account.

The login has two steps for whoever has an authenticator app: the password (counted by
django-axes), then the code. Between the two the session only remembers, for five minutes,
who gave the right password; nobody is logged in before the code is right.
"""

import time

import django_otp
from django.contrib import auth, messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from notifications.forms import PreferencesForm
from notifications.models import Preferences

from .forms import TokenForm
from .two_factor import (
    confirmed_device,
    device_being_set_up,
    owes_second_factor,
    qr_code_svg,
    readable_secret,
    requires_two_factor,
)

PENDING_KEY = "accounts_pending_login"
PENDING_SECONDS = 5 * 60


@sensitive_post_parameters("password")
@never_cache
def login(request):
    next_url = _next_url(request)
    if owes_second_factor(request.user):
        return _second_step(request.user, next_url)
    form = AuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return render(request, "accounts/login.html", {"form": form, "next": next_url})
    user = form.get_user()
    if confirmed_device(user) is None:
        auth.login(request, user)
        if requires_two_factor(user):
            return _second_step(user, next_url or _default_url(user))
        return redirect(next_url or _default_url(user))
    request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend, "at": time.time()}
    return redirect(_with_next("accounts:verify", next_url))


@sensitive_post_parameters("token")
@never_cache
def verify(request):
    next_url = _next_url(request)
    user, backend = _user_owing_a_code(request)
    device = user and confirmed_device(user)
    if device is None:
        return redirect(_with_next("accounts:login", next_url))
    form = TokenForm(device, data=request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return render(request, "accounts/verify.html", {"form": form, "next": next_url})
    if backend:
        del request.session[PENDING_KEY]
        auth.login(request, user, backend=backend)
    django_otp.login(request, device)
    return redirect(next_url or _default_url(user))


@require_http_methods(["GET", "POST"])
def logout(request):
    if request.method == "POST":
        auth.logout(request)
        return render(request, "accounts/logged_out.html")
    return render(request, "accounts/logout.html")


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """The account, and the e-mails its owner wants (each kind can be turned off)."""
    preferences = Preferences.objects.filter(user=request.user).first() or Preferences(
        user=request.user, language=request.LANGUAGE_CODE
    )
    form = PreferencesForm(request.POST if request.method == "POST" else None, instance=preferences)
    if form.is_valid():
        form.save()
        messages.success(request, _("Vos choix d'e-mails sont enregistrés."))
        return redirect("accounts:account")
    context = {
        "device": confirmed_device(request.user),
        "partner_area": _partner_area_url(),
        "form": form,
    }
    return render(request, "accounts/account.html", context)


@sensitive_post_parameters("token")
@never_cache
@login_required
def two_factor(request):
    next_url = _next_url(request)
    device = confirmed_device(request.user)
    if device is not None:
        context = {"device": device, "required": requires_two_factor(request.user)}
        return render(request, "accounts/two_factor.html", context)
    device = device_being_set_up(request.user)
    form = TokenForm(device, data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        messages.success(request, _("L'application d'authentification est activée."))
        return redirect(next_url or "accounts:two-factor")
    context = {
        "form": form,
        "next": next_url,
        "qr_code": qr_code_svg(device),
        "secret": readable_secret(device),
        "required": requires_two_factor(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_remove(request):
    if confirmed_device(request.user) is None:
        return redirect("accounts:two-factor")
    if requires_two_factor(request.user):
        messages.error(request, _("Un administrateur doit garder la double authentification."))
        return redirect("accounts:two-factor")
    if not request.user.is_verified():
        # Only a session that gave a code may take the code away.
        return redirect(_with_next("accounts:verify", reverse("accounts:two-factor-remove")))
    if request.method == "POST":
        TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, _("La double authentification est désactivée."))
        return redirect("accounts:two-factor")
    return render(request, "accounts/two_factor_remove.html")


def _user_owing_a_code(request):
    """Who the code step is for, and the backend to log them in with if they are not yet:
    the user who gave the right password less than five minutes ago, or a logged-in user
    whose session has not given a code."""
    pending = request.session.get(PENDING_KEY)
    if pending and time.time() - pending["at"] < PENDING_SECONDS:
        user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
        return user, pending["backend"]
    if request.user.is_authenticated and not request.user.is_verified():
        return request.user, None
    return None, None


def _second_step(user, next_url):
    """The code if the user has an app, the set-up of one if not (an administrator who must)."""
    step = "accounts:verify" if confirmed_device(user) else "accounts:two-factor"
    return redirect(_with_next(step, next_url))


def _default_url(user):
    """Where a login without a `next` page leads: the admin for staff, else the partner area."""
    return reverse("admin:index") if user.is_staff else _partner_area_url()


def _partner_area_url():
    try:
        return reverse("partners:action-list")
    except NoReverseMatch:  # the partner area is not there yet
        return reverse("plans:home")


def _next_url(request):
    """The page asked for before the login, if it is on this site; else an empty string."""
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if safe else ""


def _with_next(url_name, next_url):
    url = reverse(url_name)
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url


@sensitive_post_parameters()
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Partners have no admin: they change their password here, under the same rules."""
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        auth.update_session_auth_hash(request, form.save())
        messages.success(request, _("Votre mot de passe est changé."))
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})
