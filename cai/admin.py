from functools import cached_property

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.sites.models import Site
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .exchange.admin import ExchangeAdmin
from .models import (
    Acronym,
    Arrondissement,
    Audience,
    Commune,
    InterventionAxis,
    Organisation,
    Province,
    RightsAxis,
    RightsFramework,
    TargetPublic,
    Theme,
    User,
)
from .resources import OrganisationResource

admin.site.site_header = _("CAI — plans d'intégration")
admin.site.site_title = _("Administration du CAI")
admin.site.index_title = _("Espace de travail des coordinateurs")

# One site (SITE_ID = 1), which the flat pages of the footer belong to: nothing to administer.
admin.site.unregister(Site)


@admin.register(User)
class CaiUserAdmin(UserAdmin):
    """People who log in. A partner user has an organisation and no staff status; the CAI's
    people have a role (group) and follow plans (Plan.team)."""

    list_display = ["username", "first_name", "last_name", "email", "organisation", "is_staff"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    list_select_related = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        *UserAdmin.fieldsets[:2],
        (_("Partenaire"), {"fields": ["organisation"]}),
        *UserAdmin.fieldsets[2:],
    ]


class EstimatedCountPaginator(Paginator):
    """Pages of a table of hundreds of thousands of rows, counted from PostgreSQL's statistics
    (pg_class.reltuples) instead of a COUNT(*) that reads the whole table on every page.

    One query either way: a table the statistics call small (or never analysed) is counted
    exactly in the same statement, so a page costs as many queries at any size.
    """

    @cached_property
    def count(self):
        rows = self.object_list.order_by().values("pk")
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint "
                f"ELSE (SELECT COUNT(*) FROM ({sql}) AS listed) END "
                "FROM pg_class WHERE oid = %s::regclass",
                [ESTIMATE_FROM, *params, self.object_list.model._meta.db_table],
            )
            return cursor.fetchone()[0]


ESTIMATE_FROM = 50_000


class LargeTableAdmin:
    """Admin mixin for the big tables (actions, updates, meetings…): their unfiltered list is
    counted from the statistics (the total shows as an approximation); a filtered or searched
    list is counted exactly, and never twice (show_full_result_count)."""

    show_full_result_count = False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        filtered = any(key not in UNFILTERING_PARAMETERS for key in request.GET)
        if connection.vendor != "postgresql" or filtered:
            return super().get_paginator(
                request, queryset, per_page, orphans, allow_empty_first_page
            )
        return EstimatedCountPaginator(queryset, per_page, orphans, allow_empty_first_page)


# The list's page, its ordering and the admin's own markers leave the list whole.
UNFILTERING_PARAMETERS = {"p", "o", "_changelist_filters", "_to_field", "_popup"}

# Django 6.0 will read a web address typed without a scheme as https: say so now, which
# also ends the RemovedInDjango60Warning that every form with a URLField raises.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code"]
    search_fields = ["name", "nis_code"]


@admin.register(Arrondissement)
class ArrondissementAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code", "province", "commune_count"]
    list_select_related = ["province"]
    search_fields = ["name", "nis_code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(commune_count=Count("communes"))

    @admin.display(description=_("communes"), ordering="commune_count")
    def commune_count(self, arrondissement):
        return arrondissement.commune_count


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code", "arrondissement"]
    list_filter = ["arrondissement"]
    list_select_related = ["arrondissement"]
    search_fields = ["name", "nis_code"]


@admin.register(Organisation)
class OrganisationAdmin(LargeTableAdmin, ExchangeAdmin, admin.ModelAdmin):
    resource_classes = [OrganisationResource]
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["name", "acronym", "kind", "code", "led_action_count", "is_active"]
    list_filter = ["kind", "is_active", "communes__arrondissement"]
    search_fields = ["name", "acronym", "code"]
    autocomplete_fields = ["communes"]
    fieldsets = [
        (None, {"fields": ["code", "name", "acronym", "kind", "is_active", "communes"]}),
        (_("Coordonnées publiques"), {"fields": ["website", "email", "phone", "address"]}),
        (_("Usage interne"), {"fields": ["contact_name"]}),
    ]

    def get_queryset(self, request):
        # Counted organisation by organisation (actions are indexed by their lead), not by
        # joining and grouping a hundred thousand actions for one page.
        actions = Organisation.led_actions.field.model.objects  # plans.Action, without the import
        led = (
            actions.filter(lead_organisation=OuterRef("pk"))
            .order_by()
            .values("lead_organisation")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(led_action_count=Coalesce(Subquery(led), 0))

    @admin.display(description=_("actions portées"), ordering="led_action_count")
    def led_action_count(self, organisation):
        return organisation.led_action_count


@admin.register(InterventionAxis, Audience)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetPublic, Theme)
class GroupedTermAdmin(TermAdmin):
    list_display = ["name", "group", "slug", "position"]
    list_filter = ["group"]


@admin.register(Acronym)
class AcronymAdmin(admin.ModelAdmin):
    list_display = ["acronym", "expansion"]
    search_fields = ["acronym", "expansion"]


class RightsAxisInline(admin.TabularInline):
    model = RightsAxis
    extra = 0
    fields = ["number", "code", "short_name", "name"]


@admin.register(RightsFramework)
class RightsFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "start_year", "end_year", "axis_count"]
    search_fields = ["name", "code"]
    inlines = [RightsAxisInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(axis_count=Count("axes"))

    @admin.display(description=_("axes"), ordering="axis_count")
    def axis_count(self, framework):
        return framework.axis_count


@admin.register(RightsAxis)
class RightsAxisAdmin(admin.ModelAdmin):
    list_display = ["short_name", "number", "framework", "code", "name"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    search_fields = ["name", "short_name", "code"]
