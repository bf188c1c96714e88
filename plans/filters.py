"""Filters of the public lists. The same FilterSet feeds the page and its CSV download."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cai.models import Audience, Commune, InterventionAxis, Organisation, TargetPublic, Theme

from .models import Action, Milestone, Plan, Status

# Free text longer than this is cut by the form with a clear message, not by the database.
MAX_SEARCH_LENGTH = 200


def term_filter(label, field_name, model, empty_label):
    """A filter on one word of the CAI taxonomy, chosen by its stable slug in the URL."""
    return django_filters.ModelChoiceFilter(
        label=label,
        field_name=field_name,
        queryset=model.objects.all(),
        to_field_name="slug",
        empty_label=empty_label,
    )


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Recherche"),
        method="search",
        max_length=MAX_SEARCH_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    plan = django_filters.ModelChoiceFilter(
        label=_("Plan"),
        queryset=Plan.objects.published(),
        to_field_name="code",
        empty_label=_("Tous les plans"),
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        field_name="communes",
        queryset=Commune.objects.all(),
        to_field_name="nis_code",
        empty_label=_("Toutes les communes"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=Status.choices, empty_label=_("Tous les statuts")
    )
    year = django_filters.NumberFilter(
        label=_("Année"), method="filter_year", min_value=1990, max_value=2100
    )
    intervention_axis = term_filter(
        _("Axe d'intervention"),
        "intervention_axes",
        InterventionAxis,
        _("Tous les axes d'intervention"),
    )
    public = term_filter(_("Public ciblé"), "target_publics", TargetPublic, _("Tous les publics"))
    theme = term_filter(_("Thématique"), "themes", Theme, _("Toutes les thématiques"))
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation porteuse ou partenaire"),
        queryset=Organisation.objects.all(),
        to_field_name="code",
        method="filter_organisation",
        empty_label=_("Toutes les organisations"),
    )

    class Meta:
        model = Action
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(description__icontains=value)
        )

    def filter_year(self, queryset, name, value):
        return queryset.active_in(int(value))

    def filter_organisation(self, queryset, name, value):
        return queryset.for_organisation(value)


class MilestoneFilter(django_filters.FilterSet):
    audience = term_filter(_("Essentiel pour"), "audiences", Audience, _("Tous les publics"))
    intervention_axis = term_filter(
        _("Axe d'intervention"),
        "intervention_axes",
        InterventionAxis,
        _("Tous les axes d'intervention"),
    )
    theme = term_filter(_("Thématique"), "themes", Theme, _("Toutes les thématiques"))

    class Meta:
        model = Milestone
        fields = []
