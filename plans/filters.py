"""Filters of the public lists. The same FilterSet feeds the page and its CSV download."""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cai.models import Audience, Commune, InterventionAxis, Organisation, TargetPublic, Theme

from .models import Action, Milestone, Plan, Status

# Free text longer than this is cut by the form with a clear message, not by the database.
MAX_SEARCH_LENGTH = 200


class PlainSelect(forms.Select):
    """A select written out in Python, without a template per option: through templates, the
    plans and the communes of all the Walloon CAIs (470 options) cost a page 40 ms."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


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
        widget=PlainSelect,
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        field_name="communes",
        queryset=Commune.objects.all(),
        to_field_name="nis_code",
        empty_label=_("Toutes les communes"),
        widget=PlainSelect,
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
    # Typed, not chosen from a list: a list of the 10,000 organisations of every Walloon CAI
    # would weigh more than the page. Links written with an organisation's code keep working.
    organisation = django_filters.CharFilter(
        label=_("Organisation porteuse ou partenaire"),
        method="filter_organisation",
        max_length=MAX_SEARCH_LENGTH,
        help_text=_("Son nom, son sigle ou son code, en tout ou en partie."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    # Not in the form: the plan page links here for all the actions of one of its objectives
    # (objective codes are unique within a plan, given with the plan's code).
    objective = django_filters.CharFilter(
        label=_("Objectif"),
        field_name="objective__code",
        max_length=MAX_SEARCH_LENGTH,
        widget=forms.HiddenInput,
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
        """The organisation whose code this is, or else every organisation whose name,
        acronym or code contains the text."""
        organisations = Organisation.objects.filter(code=value)
        if not organisations.exists():
            organisations = Organisation.objects.filter(
                Q(name__icontains=value) | Q(acronym__icontains=value) | Q(code__icontains=value)
            )
        return queryset.for_organisations(organisations)


class MilestoneFilter(django_filters.FilterSet):
    audience = term_filter(_("Essentiel pour"), "audiences", Audience, _("Tous les publics"))
    intervention_axis = term_filter(
        _("Axe d'intervention"),
        "intervention_axes",
        InterventionAxis,
        _("Tous les axes d'intervention"),
    )
    target_public = term_filter(
        _("Public ciblé"), "target_publics", TargetPublic, _("Tous les publics ciblés")
    )
    theme = term_filter(_("Thématique"), "themes", Theme, _("Toutes les thématiques"))

    class Meta:
        model = Milestone
        fields = []
