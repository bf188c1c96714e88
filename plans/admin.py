from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from cai.admin import HTTPS_URL_FIELDS
from cai.exchange.admin import ExchangeAdmin

from .models import (
    Action,
    ActionPartner,
    ActionUpdate,
    Diagnostic,
    Finding,
    Indicator,
    IndicatorValue,
    Memorandum,
    Milestone,
    MilestoneResource,
    MilestoneSource,
    Objective,
    Plan,
    Recommendation,
    SteeringMembership,
)

# The frozen reports' admin lives with the reporting code it serves; importing it registers it.
from .reporting import admin as reporting_admin  # noqa: F401
from .resources import (
    ActionResource,
    ActionUpdateResource,
    FindingResource,
    IndicatorResource,
    RecommendationResource,
)

TAXONOMY_FIELDS = ["themes", "intervention_axes", "target_publics"]


class PeriodFormSet(BaseInlineFormSet):
    """Refuses two rows of the same organisation whose dates overlap, within one save."""

    overlap_message = _(
        "La même organisation apparaît deux fois pour des périodes qui se chevauchent."
    )

    def clean(self):
        super().clean()
        periods = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for i, first in enumerate(periods):
            for second in periods[i + 1 :]:
                if first.get("organisation") == second.get("organisation") and _overlap(
                    first, second
                ):
                    raise ValidationError(self.overlap_message, code="overlapping_membership")


def _overlap(first, second):
    if not (first.get("started_on") and second.get("started_on")):
        return False
    first_ends_before = first.get("ended_on") and first["ended_on"] < second["started_on"]
    second_ends_before = second.get("ended_on") and second["ended_on"] < first["started_on"]
    return not (first_ends_before or second_ends_before)


class ActiveYearFilter(admin.SimpleListFilter):
    """Actions running during a calendar year (started before its end, not ended before it)."""

    title = _("année")
    parameter_name = "annee"

    def lookups(self, request, model_admin):
        bounds = Action.objects.aggregate(first=Min("started_on"), last=Max("ended_on"))
        if not bounds["first"]:
            return []
        last = bounds["last"] or bounds["first"]
        return [(str(year), str(year)) for year in range(last.year, bounds["first"].year - 1, -1)]

    def queryset(self, request, queryset):
        if not self.value() or not self.value().isdigit():
            return queryset
        return queryset.active_in(int(self.value()))


# --- Plans ---------------------------------------------------------------------------------


class SteeringMembershipInline(admin.TabularInline):
    model = SteeringMembership
    formset = PeriodFormSet
    extra = 0
    autocomplete_fields = ["organisation"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["occurred_on", "precision", "title", "is_published"]
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "code",
        "kind",
        "period",
        "scope",
        "status",
        "action_count",
        "is_published",
    ]
    list_filter = ["kind", "status", "scope", "framework", "is_published", "communes"]
    search_fields = ["title", "code", "communes__name"]
    autocomplete_fields = ["communes", "predecessor"]
    inlines = [SteeringMembershipInline, MilestoneInline]
    fieldsets = [
        (None, {"fields": ["code", "kind", "title", "summary", "status", "is_published"]}),
        (_("Période et territoire"), {"fields": ["start_year", "end_year", "scope", "communes"]}),
        (_("Cadre"), {"fields": ["framework", "adopted_by", "adopted_on", "predecessor"]}),
    ]
    # The plan's page links to its annual report (plans/reporting/views.py).
    change_form_template = "plans/report_plan_change_form.html"

    def get_urls(self):
        from .reporting.views import report_urls

        return report_urls(self) + super().get_urls()

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(action_count=Count("actions"))

    @admin.display(description=_("période"), ordering="start_year")
    def period(self, plan):
        return plan.period_display

    @admin.display(description=_("actions"), ordering="action_count")
    def action_count(self, plan):
        return plan.action_count


class MilestoneSourceInline(admin.TabularInline):
    formfield_overrides = HTTPS_URL_FIELDS
    model = MilestoneSource
    extra = 0


class MilestoneResourceInline(admin.TabularInline):
    formfield_overrides = HTTPS_URL_FIELDS
    model = MilestoneResource
    extra = 0


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "date_display", "plan", "is_published"]
    list_filter = ["audiences", "intervention_axes", "themes", "plan", "is_published"]
    list_select_related = ["plan"]
    search_fields = ["title", "narrative"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["plan"]
    filter_horizontal = ["audiences", "acronyms", *TAXONOMY_FIELDS]
    inlines = [MilestoneSourceInline, MilestoneResourceInline]

    @admin.display(description=_("date"), ordering="occurred_on")
    def date_display(self, milestone):
        return milestone.date_display


# --- Diagnostics -----------------------------------------------------------------------------


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0
    fields = ["code", "kind", "statement", "axis", "priority", "is_published"]
    show_change_link = True


@admin.register(Diagnostic)
class DiagnosticAdmin(admin.ModelAdmin):
    list_display = ["title", "method", "start_year", "end_year", "plan", "finding_count"]
    list_filter = ["method", "plan", "is_published"]
    list_select_related = ["plan"]
    search_fields = ["title", "code"]
    autocomplete_fields = ["plan", "communes"]
    inlines = [FindingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(finding_count=Count("findings"))

    @admin.display(description=_("constats"), ordering="finding_count")
    def finding_count(self, diagnostic):
        return diagnostic.finding_count


@admin.register(Finding)
class FindingAdmin(ExchangeAdmin, admin.ModelAdmin):
    resource_classes = [FindingResource]
    list_display = ["code", "short_statement", "kind", "axis", "priority", "diagnostic"]
    list_filter = ["kind", "priority", "axis", "diagnostic", "communes", "is_published"]
    list_select_related = ["axis", "diagnostic"]
    search_fields = ["code", "statement"]
    autocomplete_fields = ["diagnostic", "communes"]
    filter_horizontal = ["themes", "target_publics"]

    @admin.display(description=_("constat"))
    def short_statement(self, finding):
        return finding.statement[:100]


# --- Objectives and actions ------------------------------------------------------------------


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "plan", "axis", "action_count"]
    list_filter = ["plan", "axis"]
    list_select_related = ["plan", "axis"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["plan", "findings"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(action_count=Count("actions"))

    @admin.display(description=_("actions"), ordering="action_count")
    def action_count(self, objective):
        return objective.action_count


class ActionPartnerInline(admin.TabularInline):
    model = ActionPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 1
    fields = ["reported_on", "status", "progress", "note", "author", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["author"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "kind", "unit", "target"]
    show_change_link = True


@admin.register(Action)
class ActionAdmin(ExchangeAdmin, admin.ModelAdmin):
    resource_classes = [ActionResource]
    # Thousands of actions: the filtered list also downloads as a streamed CSV.
    streamed_export = True
    list_display = [
        "code",
        "title",
        "plan",
        "axis",
        "lead_organisation",
        "status",
        "progress_display",
        "is_published",
    ]
    list_filter = [
        "plan",
        "axis__framework",
        "axis",
        "status",
        ActiveYearFilter,
        "communes",
        "is_published",
    ]
    list_select_related = ["plan", "axis", "lead_organisation"]
    search_fields = ["code", "title", "lead_organisation__name", "lead_organisation__acronym"]
    autocomplete_fields = [
        "plan",
        "objective",
        "lead_organisation",
        "communes",
        "concertation_space",
        "recommendations",
    ]
    filter_horizontal = TAXONOMY_FIELDS
    readonly_fields = ["status", "progress_display"]
    inlines = [ActionPartnerInline, IndicatorInline, ActionUpdateInline]
    # A full COUNT of a large action table on every page is what slows such lists down.
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["plan", "objective", "code", "title", "description", "is_published"]}),
        (
            _("Avancement"),
            {
                "fields": ["status", "progress_display"],
                "description": _(
                    "Le statut et l'avancement suivent le dernier point d'avancement : "
                    "ajoutez un point ci-dessous pour les faire évoluer."
                ),
            },
        ),
        (_("Classement"), {"fields": ["axis", *TAXONOMY_FIELDS]}),
        (
            _("Qui et où"),
            {"fields": ["lead_organisation", "communes", "concertation_space"]},
        ),
        (
            _("Calendrier et liens"),
            {"fields": ["started_on", "ended_on", "pcs_action_reference", "recommendations"]},
        ),
        (_("Interne"), {"fields": ["internal_note"]}),
    ]

    @admin.display(description=_("avancement"), ordering="progress")
    def progress_display(self, action):
        return f"{action.progress} %"


@admin.register(ActionUpdate)
class ActionUpdateAdmin(ExchangeAdmin, admin.ModelAdmin):
    resource_classes = [ActionUpdateResource]
    list_display = ["action", "reported_on", "status", "progress", "author"]
    list_filter = ["status", "action__plan", "action__axis"]
    list_select_related = ["action", "author"]
    search_fields = ["action__code", "action__title", "note"]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["action", "author"]
    show_full_result_count = False

    def delete_queryset(self, request, queryset):
        # A bulk delete skips ActionUpdate.delete(): move the actions back by hand.
        action_ids = list(queryset.values_list("action_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        Action.objects.filter(pk__in=action_ids).follow_latest_updates()


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(ExchangeAdmin, admin.ModelAdmin):
    resource_classes = [IndicatorResource]
    list_display = ["name", "action", "kind", "unit", "target"]
    list_filter = ["kind", "action__plan"]
    list_select_related = ["action"]
    search_fields = ["name", "action__code", "action__title"]
    autocomplete_fields = ["action"]
    inlines = [IndicatorValueInline]


# --- Memorandums -----------------------------------------------------------------------------


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ["code", "text", "theme", "axis", "level", "cost", "follow_up", "follow_up_note"]
    show_change_link = True


@admin.register(Memorandum)
class MemorandumAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "document_kind", "election", "recommendation_count"]
    list_filter = ["document_kind", "election", "is_published"]
    search_fields = ["title", "code"]
    autocomplete_fields = ["co_authors"]
    inlines = [RecommendationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recommendation_count=Count("recommendations"))

    @admin.display(description=_("recommandations"), ordering="recommendation_count")
    def recommendation_count(self, memorandum):
        return memorandum.recommendation_count


@admin.register(Recommendation)
class RecommendationAdmin(ExchangeAdmin, admin.ModelAdmin):
    resource_classes = [RecommendationResource]
    list_display = ["code", "short_text", "memorandum", "level", "cost", "follow_up"]
    list_filter = ["follow_up", "level", "cost", "memorandum", "theme"]
    list_select_related = ["memorandum"]
    search_fields = ["code", "text"]
    autocomplete_fields = ["memorandum"]

    @admin.display(description=_("recommandation"))
    def short_text(self, recommendation):
        return recommendation.text[:100]
