"""The form a partner fills in to report on an action it leads."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import ActionUpdate, ReportedIndicatorValue


class UpdateForm(forms.ModelForm):
    """An update of an action — its state, a note — and the indicator values it proposes.

    One optional field per indicator of the action: a value left blank proposes nothing for
    that indicator. The values become the indicators' values of the update's year only when
    a coordinator approves the update.
    """

    class Meta:
        model = ActionUpdate
        fields = ["reported_on", "status", "progress", "note"]
        widgets = {
            "reported_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "note": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "reported_on": _("Le jour où la situation décrite était vraie ; pas dans le futur."),
            "progress": _("Pourcentage réalisé, de 0 à 100."),
            "note": _(
                "Publié avec le point une fois validé : ce qui a été fait, ce qui bloque. "
                "Pas de données personnelles."
            ),
        }

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        update, reported = self.instance, {}
        self.fields["reported_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if update.pk is None:
            # A new update starts from where the action stands today.
            self.initial.update(
                reported_on=timezone.localdate(),
                status=update.action.status,
                progress=update.action.progress,
            )
        else:
            reported = {v.indicator_id: v.value for v in update.indicator_values.all()}
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[self.indicator_field(indicator)] = forms.DecimalField(
                label=f"{indicator.name} ({indicator.unit})",
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                localize=True,
                initial=reported.get(indicator.pk),
                help_text=self.target_text(indicator),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    @staticmethod
    def indicator_field(indicator):
        return f"indicator_{indicator.pk}"

    @staticmethod
    def target_text(indicator):
        if indicator.target is None:
            return _("Pas de cible fixée.")
        return _("Cible : %(target)s") % {"target": floatformat(indicator.target, "-2")}

    def indicator_bound_fields(self):
        return [self[self.indicator_field(indicator)] for indicator in self.indicators]

    def state_bound_fields(self):
        return [self[name] for name in self._meta.fields]

    def clean_reported_on(self):
        reported_on = self.cleaned_data["reported_on"]
        if reported_on > timezone.localdate():
            raise ValidationError(
                _("La date du point ne peut pas être dans le futur."), code="reported_in_future"
            )
        return reported_on

    def save_draft(self, *, author):
        """Save the update as a draft of `author`, with exactly the indicator values filled in.

        A returned update becomes a draft again; it keeps the reason it was returned for, shown
        to the partner until the update is submitted again.
        """
        update = super().save(commit=False)
        update.author = author
        update.review_status = ActionUpdate.Review.DRAFT
        update.save()
        values = {
            indicator.pk: self.cleaned_data[self.indicator_field(indicator)]
            for indicator in self.indicators
        }
        blank = [pk for pk, value in values.items() if value is None]
        update.indicator_values.filter(indicator__in=blank).delete()
        for indicator_id, value in values.items():
            if value is not None:
                ReportedIndicatorValue.objects.update_or_create(
                    update=update, indicator_id=indicator_id, defaults={"value": value}
                )
        return update
