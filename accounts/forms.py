import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """The 6-digit code an authenticator app shows, checked against one device.

    The device refuses a code already used and, after a wrong one, any code for a delay
    that doubles at each new mistake (1, 2, 4, 8… seconds)."""

    token = forms.CharField(
        label=_("Code à 6 chiffres"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = re.sub(r"\s", "", self.cleaned_data["token"])
        if not re.fullmatch(r"\d{6}", token):
            raise ValidationError(_("Le code compte six chiffres."), code="format")
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise ValidationError(
                _("Trop de codes erronés d'affilée : attendez un instant avant de réessayer."),
                code="throttled",
            )
        if not self.device.verify_token(token):
            raise ValidationError(
                _(
                    "Ce code n'est pas le bon, ou il a expiré : entrez celui que l'application "
                    "affiche maintenant."
                ),
                code="invalid",
            )
        return token
