"""The filters of the partner area's list of actions."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.filters import MAX_SEARCH_LENGTH
from plans.models import Action, Plan


def plans_of_organisation(request):
    """The plans the user's organisation has actions in, published or not."""
    actions = Action.objects.for_organisation(request.user.organisation)
    return Plan.objects.filter(pk__in=actions.values("plan_id"))


class PartnerActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Code ou intitulé"),
        method="search",
        max_length=MAX_SEARCH_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    plan = django_filters.ModelChoiceFilter(
        label=_("Plan"),
        queryset=plans_of_organisation,
        to_field_name="code",
        empty_label=_("Tous les plans"),
    )

    class Meta:
        model = Action
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))
