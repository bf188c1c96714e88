from django import forms

from .models import Preferences


class PreferencesForm(forms.ModelForm):
    """The account page's e-mail choices: one box per kind, and the language."""

    class Meta:
        model = Preferences
        fields = [
            "wants_update_submitted",
            "wants_update_reviewed",
            "wants_meetings",
            "wants_digest",
            "language",
        ]
