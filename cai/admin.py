import json
from functools import cached_property
from operator import attrgetter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin
from django.contrib.sites.models import Site
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

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
    format_long_date,
)
from .resources import OrganisationResource

# French needs the article of each model's name, which Django's admin leaves out ("Modification
# de action", "Ajouter un objet Partenaire"). The names not listed here are masculine.
FEMININE = {
    "cai.province",
    "cai.commune",
    "cai.organisation",
    "cai.theme",
    "cai.rightsframework",
    "plans.action",
    "plans.recommendation",
    "plans.milestonesource",
    "plans.milestoneresource",
    "plans.indicatorvalue",
    "concertation.meeting",
    "concertation.attendance",
}

TITLES = {
    # (masculine, feminine, elided before a vowel)
    "add": (_("Ajouter un %(name)s"), _("Ajouter une %(name)s"), None),
    "change": (
        _("Modifier le %(name)s %(object)s"),
        _("Modifier la %(name)s %(object)s"),
        _("Modifier l'%(name)s %(object)s"),
    ),
    "view": (
        _("Consulter le %(name)s %(object)s"),
        _("Consulter la %(name)s %(object)s"),
        _("Consulter l'%(name)s %(object)s"),
    ),
    "change_list": (
        _("Choisir le %(name)s à modifier"),
        _("Choisir la %(name)s à modifier"),
        _("Choisir l'%(name)s à modifier"),
    ),
    "view_list": (
        _("Choisir le %(name)s à consulter"),
        _("Choisir la %(name)s à consulter"),
        _("Choisir l'%(name)s à consulter"),
    ),
}


# Django's own admin texts whose French says "objet" ("L'objet action « A-1 » a été ajouté
# avec succès"): listed here so that makemessages puts them in the project's catalogue, which
# Django reads before its own (LOCALE_PATHS). Their French there names no "objet" and needs
# no article; their English is Django's.
DJANGO_TEXTS_WITHOUT_OBJET = [
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
]


def title_for(page, opts, name=None, **params):
    """A page title with the model's name and its article: "Modifier l'action A-1.1"."""
    name = str(name or opts.verbose_name)
    masculine, feminine, elided = TITLES[page]
    if elided and name[:1].lower() in "aâeéèêiîoôuh":
        wording = elided
    else:
        wording = feminine if opts.label_lower in FEMININE else masculine
    return (wording % {"name": name, **params}).strip()


class LabelledAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select with a valid empty choice: the Nu Html Checker refuses an
    empty option without a label, and a required select whose first option is not empty."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        if not any(option["value"] == "" for option in options):
            options.insert(0, self.create_option(name, "", "", False, 0))
        for option in options:
            if option["value"] == "":
                option["attrs"]["label"] = "—"
        return groups


class AccessibleWidgets:
    """Admin and inline mixin: widgets that pass the accessibility and HTML audits.

    Many-to-many fields without autocomplete are checkboxes (five to fifteen values each,
    ticked in one look; Django's dual lists draw tooltips axe-core refuses), unless the class
    asks for the dual list by name (filter_horizontal, as the users' permissions do).
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        chosen_elsewhere = [
            *self.get_autocomplete_fields(request),
            *self.raw_id_fields,
            *self.filter_horizontal,
            *self.filter_vertical,
        ]
        if "widget" not in kwargs and db_field.name not in chosen_elsewhere:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CaiAdmin(AccessibleWidgets):
    """Admin mixin: titles with articles, a sentence saying why a page is read-only, and
    widgets that pass the audits (AccessibleWidgets)."""

    def changelist_view(self, request, extra_context=None):
        page = "change_list" if self.has_change_permission(request) else "view_list"
        extra_context = {
            "title": title_for(page, self.opts),
            "add_title": title_for("add", self.opts),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {"title": title_for("add", self.opts), **(extra_context or {})}
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is not None:
            may_change = self.has_change_permission(request, obj)
            named = getattr(obj, "code", "") or str(obj)
            extra_context = {
                "title": title_for("change" if may_change else "view", self.opts, object=named),
                **(extra_context or {}),
            }
            if not may_change and request.method == "GET":
                messages.info(request, self.read_only_reason(request, obj))
        return super().change_view(request, object_id, form_url, extra_context)

    def read_only_reason(self, request, obj):
        return _("Lecture seule : votre rôle permet de consulter cette fiche, pas de la modifier.")

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            inline_formset.__class__ = FrenchInlineAdminFormSet
        return inline_formsets


class FrenchInlineAdminFormSet(helpers.InlineAdminFormSet):
    """The inline's "add another" button with its article: "Ajouter un partenaire"."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = title_for("add", self.opts.opts, name=self.opts.verbose_name)
        return json.dumps(data)


def truncated_column(path, description, ordering=None):
    """A list column cut to one line (static/admin-cai/admin.css), the whole text in the
    cell's title: long titles no longer push the status and progress off the screen."""

    @admin.display(description=description, ordering=ordering or path.replace(".", "__"))
    def column(model_admin, obj):
        text = str(attrgetter(path)(obj) or "")
        return format_html('<span class="cell-truncated" title="{}">{}</span>', text, text)

    return column


def long_date_column(field_name, description):
    """A list column writing a date as Belgians do ("1er avril 2026"), sortable by its field."""

    @admin.display(description=description, ordering=field_name)
    def column(model_admin, obj):
        return format_long_date(getattr(obj, field_name))

    return column


admin.site.site_header = _("CAI — plans d'intégration")
admin.site.site_title = _("Administration du CAI")
admin.site.index_title = _("Espace de travail des coordinateurs")
# The side menu repeats the home page and takes a quarter of a laptop's width from the lists.
admin.site.enable_nav_sidebar = False

# One site (SITE_ID = 1), which the flat pages of the footer belong to: nothing to administer.
admin.site.unregister(Site)


@admin.register(User)
class CaiUserAdmin(CaiAdmin, UserAdmin):
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
class ProvinceAdmin(CaiAdmin, admin.ModelAdmin):
    list_display = ["name", "nis_code"]
    search_fields = ["name", "nis_code"]


@admin.register(Arrondissement)
class ArrondissementAdmin(CaiAdmin, admin.ModelAdmin):
    list_display = ["name", "nis_code", "province", "commune_count"]
    list_select_related = ["province"]
    search_fields = ["name", "nis_code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(commune_count=Count("communes"))

    @admin.display(description=_("communes"), ordering="commune_count")
    def commune_count(self, arrondissement):
        return arrondissement.commune_count


@admin.register(Commune)
class CommuneAdmin(CaiAdmin, admin.ModelAdmin):
    list_display = ["name", "nis_code", "arrondissement"]
    list_filter = ["arrondissement"]
    list_select_related = ["arrondissement"]
    search_fields = ["name", "nis_code"]


@admin.register(Organisation)
class OrganisationAdmin(CaiAdmin, LargeTableAdmin, ExchangeAdmin, admin.ModelAdmin):
    resource_classes = [OrganisationResource]
    name_column = truncated_column("name", _("nom"))
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["name_column", "acronym", "kind", "code", "led_action_count", "is_active"]
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
class TermAdmin(CaiAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetPublic, Theme)
class GroupedTermAdmin(TermAdmin):
    list_display = ["name", "group", "slug", "position"]
    list_filter = ["group"]


@admin.register(Acronym)
class AcronymAdmin(CaiAdmin, admin.ModelAdmin):
    list_display = ["acronym", "expansion"]
    search_fields = ["acronym", "expansion"]


class RightsAxisInline(admin.TabularInline):
    model = RightsAxis
    extra = 0
    fields = ["number", "code", "short_name", "name"]


@admin.register(RightsFramework)
class RightsFrameworkAdmin(CaiAdmin, admin.ModelAdmin):
    list_display = ["name", "code", "start_year", "end_year", "axis_count"]
    search_fields = ["name", "code"]
    inlines = [RightsAxisInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(axis_count=Count("axes"))

    @admin.display(description=_("axes"), ordering="axis_count")
    def axis_count(self, framework):
        return framework.axis_count


@admin.register(RightsAxis)
class RightsAxisAdmin(CaiAdmin, admin.ModelAdmin):
    list_display = ["short_name", "number", "framework", "code", "name"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    search_fields = ["name", "short_name", "code"]
