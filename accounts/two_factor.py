"""Two-factor authentication: a 6-digit code from an authenticator app (TOTP, RFC 6238).

Anyone with an account may add an app on their account page; from then on the login asks for
its code after the password. When REQUIRE_ADMIN_2FA is on, administrators must have one and
reach the admin only once their session has given a code.
"""

from base64 import b32encode

import qrcode
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage

from cai.roles import is_administrator

DEVICE_NAME = _("Application d'authentification")


def requires_two_factor(user):
    return settings.REQUIRE_ADMIN_2FA and is_administrator(user)


def owes_second_factor(user):
    """A logged-in user whose session must give a code before going further."""
    return (
        settings.REQUIRE_ADMIN_2FA
        and user.is_authenticated
        and not user.is_verified()
        and is_administrator(user)
    )


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def device_being_set_up(user):
    """The app being added: the same secret until it is confirmed, so that reloading the page
    does not change the QR code the phone has already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_code_svg(device):
    """The device's otpauth:// address as a QR code, drawn here as inline SVG: no image from
    elsewhere, and nothing the Content Security Policy would have to allow."""
    image = qrcode.make(device.config_url, image_factory=SvgPathFillImage, box_size=12)
    # Only paths and rectangles drawn by qrcode from our own address: nothing to escape.
    return mark_safe(image.to_string(encoding="unicode"))


def readable_secret(device):
    """The secret in base32 by groups of four, for typing into the app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))
