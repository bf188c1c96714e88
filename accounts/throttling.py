"""What django-axes needs from the project: the visitor's address and the lock-out page."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The visitor's address. Behind TRUSTED_PROXY_COUNT proxies, each of which appends the
    address it received the request from to X-Forwarded-For, it is that many entries from the
    right: whatever a visitor writes into the header themselves stays further left."""
    if settings.TRUSTED_PROXY_COUNT:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        addresses = [address.strip() for address in forwarded if address.strip()]
        if len(addresses) >= settings.TRUSTED_PROXY_COUNT:
            return addresses[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response, credentials):
    """The page shown instead of the login while a user name is locked from this address."""
    context = {"minutes": settings.AXES_COOLOFF_MINUTES}
    return render(request, "accounts/locked_out.html", context, status=429)
