from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from cai.admin import (
    HTTPS_URL_FIELDS,
    AccessibleWidgets,
    CaiAdmin,
    LargeTableAdmin,
    long_date_column,
    truncated_column,
)
from cai.exchange import formats
from cai.exchange.admin import ExchangeAdmin
from cai.models import RightsAxis, User
from cai.roles import is_administrator
from cai.spreadsheets import xlsx_bytes

from .access import PlanScopedAdmin, PlanScopedInline, editable_plan_ids
from .forms import ActionAdminForm, AxisChoiceField, ObjectiveChoiceField, PlanChoiceField
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
    MilestoneAcronym,
    MilestoneResource,
    MilestoneSource,
    Objective,
    Plan,
    Recommendation,
    SteeringMembership,
    SubmittedUpdate,
)

# The frozen reports' admin lives with the reporting code it serves; importing it registers it.
from .reporting import admin as reporting_admin  # noqa: F401
from .resources import (
    SOURCES_SHEET,
    ActionResource,
    ActionUpdateResource,
    CardResource,
    FindingResource,
    IndicatorResource,
    MilestoneSourceResource,
    RecommendationResource,
)

TAXONOMY_FIELDS = ["themes", "intervention_axes", "target_publics"]
# How many of an action's approved updates the review page shows beside a proposal.
REVIEW_HISTORY_ROWS = 5


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


def count_of_actions(key):
    """The number of actions of each listed plan or objective (`key`), counted row by row
    (actions are indexed by plan and objective) instead of joining and grouping them all."""
    return Coalesce(
        Subquery(
            Action.objects.filter(**{key: OuterRef("pk")})
            .order_by()
            .values(key)
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


class ReportedYearFilter(admin.SimpleListFilter):
    """Updates dated in a year; the years offered span the first to the last update, read
    from both ends of the date index rather than from every row."""

    title = _("année du point")
    parameter_name = "annee"

    def lookups(self, request, model_admin):
        bounds = ActionUpdate.objects.aggregate(first=Min("reported_on"), last=Max("reported_on"))
        if not bounds["first"]:
            return []
        years = range(bounds["last"].year, bounds["first"].year - 1, -1)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if not self.value() or not self.value().isdigit():
            return queryset
        return queryset.filter(reported_on__year=int(self.value()))


# --- Plans ---------------------------------------------------------------------------------


class SteeringMembershipInline(PlanScopedInline, AccessibleWidgets, admin.TabularInline):
    model = SteeringMembership
    formset = PeriodFormSet
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Plan)
class PlanAdmin(PlanScopedAdmin, CaiAdmin, SimpleHistoryAdmin):
    plan_lookups = ("pk",)
    title_column = truncated_column("title", _("intitulé"))
    list_display = [
        "title_column",
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
    inlines = [SteeringMembershipInline]
    fieldsets = [
        (None, {"fields": ["code", "kind", "title", "summary", "status", "is_published"]}),
        (_("Période et territoire"), {"fields": ["start_year", "end_year", "scope", "communes"]}),
        (_("Cadre"), {"fields": ["framework", "adopted_by", "adopted_on", "predecessor"]}),
        (_("Équipe du CAI"), {"fields": ["team"]}),
    ]
    # The plan's page links to its annual report (plans/reporting/views.py).
    change_form_template = "plans/report_plan_change_form.html"

    def get_urls(self):
        from .reporting.views import report_urls

        return report_urls(self) + super().get_urls()

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(action_count=count_of_actions("plan"))

    def get_readonly_fields(self, request, obj=None):
        # Who follows a plan is the administrators' decision: it opens the plan to them.
        if is_administrator(request.user):
            return self.readonly_fields
        return [*self.readonly_fields, "team"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "team":
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("période"), ordering="start_year")
    def period(self, plan):
        return plan.period_display

    @admin.display(description=_("actions"), ordering="action_count")
    def action_count(self, plan):
        return plan.action_count


class MilestoneSourceInline(PlanScopedInline, admin.TabularInline):
    formfield_overrides = HTTPS_URL_FIELDS
    model = MilestoneSource
    fields = ["position", "kind", "reference", "pages", "note", "url"]
    extra = 0


class MilestoneAcronymInline(PlanScopedInline, admin.TabularInline):
    model = MilestoneAcronym
    fields = ["position", "acronym", "expansion"]
    autocomplete_fields = ["acronym"]
    extra = 0


class MilestoneResourceInline(PlanScopedInline, admin.TabularInline):
    formfield_overrides = HTTPS_URL_FIELDS
    model = MilestoneResource
    extra = 0


@admin.register(Milestone)
class MilestoneAdmin(PlanScopedAdmin, CaiAdmin, ExchangeAdmin, SimpleHistoryAdmin):
    resource_classes = [CardResource]
    plan_lookups = ("plans",)
    title_column = truncated_column("title", _("titre"))
    list_display = ["title_column", "card_number", "date_display", "is_published"]
    list_filter = ["audiences", "intervention_axes", "themes", "plans", "is_published"]
    search_fields = ["title", "narrative", "=card_number"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["plans"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MilestoneSourceInline, MilestoneAcronymInline, MilestoneResourceInline]
    fieldsets = [
        (None, {"fields": ["card_number", "title", "slug", "occurred_on", "precision"]}),
        (_("Récit"), {"fields": ["narrative", "in_brief"]}),
        (_("Plans et publication"), {"fields": ["plans", "is_published"]}),
        (_("Classement"), {"fields": ["audiences", *TAXONOMY_FIELDS]}),
    ]

    @admin.display(description=_("date"), ordering="occurred_on")
    def date_display(self, milestone):
        return milestone.date_display

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """A workbook of cards has their sources in a second sheet; a CSV file, one table."""
        if not isinstance(file_format, formats.XLSX):
            return super().get_export_data(file_format, request, queryset, **kwargs)
        if not self.has_export_permission(request):
            raise PermissionDenied
        cards = self.export_resource(request)
        sources = MilestoneSourceResource()
        card_columns, source_columns = cards.spreadsheet_columns(), sources.spreadsheet_columns()
        of_cards = MilestoneSource.objects.filter(milestone__in=queryset.values("pk"))
        return xlsx_bytes(
            [
                (Milestone._meta.verbose_name_plural, card_columns, cards.export_rows(queryset)),
                (SOURCES_SHEET, source_columns, sources.export_rows(of_cards)),
            ],
            [*card_columns, *source_columns],
        )


@admin.register(MilestoneSource)
class MilestoneSourceAdmin(PlanScopedAdmin, CaiAdmin, ExchangeAdmin, SimpleHistoryAdmin):
    """The cards' sources as one list, for their spreadsheet (the cards' second sheet)."""

    formfield_overrides = HTTPS_URL_FIELDS
    resource_classes = [MilestoneSourceResource]
    plan_lookups = ("milestone__plans",)
    reference_column = truncated_column("reference", _("référence"))
    milestone_column = truncated_column("milestone", _("jalon"), ordering="milestone")
    list_display = ["reference_column", "pages", "kind", "milestone_column", "position"]
    list_filter = ["kind"]
    list_select_related = ["milestone"]
    search_fields = ["reference", "note", "milestone__title"]
    autocomplete_fields = ["milestone"]


# --- Diagnostics -----------------------------------------------------------------------------


class FindingInline(PlanScopedInline, admin.StackedInline):
    model = Finding
    extra = 0
    fields = ["code", "kind", "statement", "axis", "priority", "is_published"]
    show_change_link = True


@admin.register(Diagnostic)
class DiagnosticAdmin(PlanScopedAdmin, CaiAdmin, admin.ModelAdmin):
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
class FindingAdmin(PlanScopedAdmin, CaiAdmin, ExchangeAdmin, SimpleHistoryAdmin):
    plan_lookups = ("diagnostic__plan",)
    resource_classes = [FindingResource]
    list_display = ["code", "short_statement", "kind", "axis", "priority", "diagnostic"]
    list_filter = ["kind", "priority", "axis", "diagnostic", "communes", "is_published"]
    list_select_related = ["axis", "diagnostic"]
    search_fields = ["code", "statement"]
    autocomplete_fields = ["diagnostic", "communes"]

    short_statement = truncated_column("statement", _("constat"))


# --- Objectives and actions ------------------------------------------------------------------


@admin.register(Objective)
class ObjectiveAdmin(PlanScopedAdmin, CaiAdmin, admin.ModelAdmin):
    list_display = ["code", "title_column", "plan_column", "axis", "action_count"]
    title_column = truncated_column("title", _("intitulé"))
    plan_column = truncated_column("plan", _("plan"), ordering="plan")
    list_filter = ["plan", "axis"]
    list_select_related = ["plan", "axis"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["plan", "findings"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(action_count=count_of_actions("objective"))

    @admin.display(description=_("actions"), ordering="action_count")
    def action_count(self, objective):
        return objective.action_count


class ActionPartnerInline(PlanScopedInline, AccessibleWidgets, admin.TabularInline):
    model = ActionPartner
    verbose_name = _("partenaire")
    verbose_name_plural = _("partenaires")
    extra = 0
    autocomplete_fields = ["organisation"]


class NewUpdateInline(PlanScopedInline, AccessibleWidgets, admin.TabularInline):
    """One form to record where the action stands now; the past is in UpdateHistoryInline."""

    model = ActionUpdate
    # One form (max_num): the admin titles it with the singular name.
    verbose_name = _("nouveau point d'avancement")
    extra = 1
    max_num = 1
    can_delete = False
    fields = ["reported_on", "status", "progress", "note", "author"]
    autocomplete_fields = ["author"]

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class UpdateHistoryInline(PlanScopedInline, admin.TabularInline):
    """The updates that count, newest first, read-only: history is not edited by accident
    (an update is corrected on its own page, under "Points d'avancement"). Partners' updates
    under review are in "Points à valider"."""

    model = ActionUpdate
    verbose_name = _("point d'avancement")
    verbose_name_plural = _("Historique des points d'avancement")
    extra = 0
    fields = ["reported_on_display", "status", "progress_display", "note", "author"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .counted()
            .select_related("author")
            .order_by(*ActionUpdate.LATEST_FIRST)
        )

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    reported_on_display = long_date_column("reported_on", _("date du point"))

    @admin.display(description=_("avancement"))
    def progress_display(self, update):
        return f"{update.progress} %"


class IndicatorInline(PlanScopedInline, admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "kind", "unit", "target"]
    show_change_link = True


@admin.register(Action)
class ActionAdmin(PlanScopedAdmin, CaiAdmin, LargeTableAdmin, ExchangeAdmin, SimpleHistoryAdmin):
    form = ActionAdminForm
    # By plan then code, in the order of the unique index (plan, code): the model's order,
    # through the plan's years and titles, would sort a hundred thousand joined rows.
    ordering = ["plan_id", "code"]
    resource_classes = [ActionResource]
    # Thousands of actions: the filtered list also downloads as a streamed CSV.
    streamed_export = True
    # The columns a coordinator reads first come first; long texts are cut to one line.
    list_display = [
        "code",
        "title_column",
        "status",
        "progress_display",
        "lead_column",
        "plan_column",
        "axis",
        "is_published",
    ]
    title_column = truncated_column("title", _("intitulé"))
    lead_column = truncated_column("lead_organisation", _("porteur"), "lead_organisation__name")
    plan_column = truncated_column("plan", _("plan"), ordering="plan")
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
    # Plan, objective and axis are plain selects: a person puts actions under a few plans,
    # and static/admin-cai/action-form.js narrows the objectives and axes to the chosen one.
    autocomplete_fields = [
        "lead_organisation",
        "communes",
        "concertation_space",
        "recommendations",
    ]
    readonly_fields = ["status", "progress_display"]
    inlines = [ActionPartnerInline, IndicatorInline, NewUpdateInline, UpdateHistoryInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "plan",
                    "objective",
                    "code",
                    "title",
                    "description",
                    "is_published",
                    "opened_version",
                ]
            },
        ),
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

    class Media:
        js = ["admin-cai/action-form.js"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "plan":
            kwargs["form_class"] = PlanChoiceField
        elif db_field.name == "objective":
            kwargs["form_class"] = ObjectiveChoiceField
            kwargs["queryset"] = Objective.objects.under_plans(self.selectable_plans(request))
        elif db_field.name == "axis":
            kwargs["form_class"] = AxisChoiceField
            kwargs["queryset"] = RightsAxis.objects.in_grids_of(self.selectable_plans(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def selectable_plans(self, request):
        """The plans a new or moved action may be put under."""
        ids = editable_plan_ids(request)
        return Plan.objects.all() if ids is None else Plan.objects.filter(pk__in=ids)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        plans = list(self.selectable_plans(request)[:2])
        if "plan" not in initial and len(plans) == 1:
            initial["plan"] = plans[0].pk  # the one plan this person follows
        return initial

    @admin.display(description=_("avancement"), ordering="progress")
    def progress_display(self, action):
        return f"{action.progress} %"


@admin.register(ActionUpdate)
class ActionUpdateAdmin(
    PlanScopedAdmin, CaiAdmin, LargeTableAdmin, ExchangeAdmin, SimpleHistoryAdmin
):
    """Every update but partners' drafts. The CAI's own updates count at once; a partner's
    update is reviewed in "Points à valider" and, once approved, is no longer changed."""

    plan_lookups = ("action__plan",)
    resource_classes = [ActionUpdateResource]
    list_display = [
        "action_column",
        "reported_on_display",
        "status",
        "progress",
        "review_status",
        "author",
    ]
    action_column = truncated_column("action", _("action"), ordering="action")
    list_filter = ["review_status", ReportedYearFilter, "status", "action__plan", "action__axis"]
    list_select_related = ["action", "author"]
    search_fields = ["action__code", "action__title", "note"]
    # Newest first, in the order of an index (actionupdate_recent_idx): a million updates
    # are never sorted for one page. (A date hierarchy would read every row for its years.)
    ordering = ["-reported_on", "-created_at"]
    autocomplete_fields = ["action", "author"]
    readonly_fields = ["review_status", "reviewed_by", "reviewed_at", "return_reason"]

    reported_on_display = long_date_column("reported_on", _("date du point"))

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(review_status=ActionUpdate.Review.DRAFT)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.review_status != ActionUpdate.Review.APPROVED:
            return False  # the partner's, until a coordinator approves it
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.review_status != ActionUpdate.Review.APPROVED:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # A bulk delete skips ActionUpdate.delete(): move the actions back by hand.
        action_ids = list(queryset.values_list("action_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        Action.objects.filter(pk__in=action_ids).follow_latest_updates()


class ReviewForm(forms.ModelForm):
    """A coordinator's decision on a partner's update: approve it, or return it with a reason."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approuver : le point compte dès maintenant")
        RETURN = "return", _("Renvoyer au partenaire, avec un motif")

    # Sent by the button pressed, "Approuver" or "Renvoyer au partenaire"
    # (templates/plans/submittedupdate_review.html).
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=Decision.choices,
        error_messages={"required": _("Choisissez « Approuver » ou « Renvoyer au partenaire ».")},
    )

    class Meta:
        model = SubmittedUpdate
        fields = ["return_reason"]
        widgets = {
            "return_reason": forms.Textarea(
                attrs={"rows": 3, "cols": 60, "aria-describedby": "return-reason-help"}
            )
        }

    def clean(self):
        cleaned_data = super().clean()
        reason = cleaned_data.get("return_reason", "").strip()
        if cleaned_data.get("decision") == self.Decision.RETURN and not reason:
            self.add_error("return_reason", _("Dites au partenaire ce qu'il doit corriger."))
        # Reviewed meanwhile by another coordinator, or taken back: nothing to decide.
        current = (
            ActionUpdate.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("review_status", flat=True)
            .first()
        )
        if current != ActionUpdate.Review.SUBMITTED:
            raise ValidationError(
                _("Ce point n'attend plus de validation : il a déjà été traité."),
                code="already_reviewed",
            )
        return cleaned_data


@admin.register(SubmittedUpdate)
class SubmittedUpdateAdmin(PlanScopedAdmin, CaiAdmin, admin.ModelAdmin):
    """The queue of partners' updates waiting for a coordinator of the plan."""

    plan_lookups = ("action__plan",)
    form = ReviewForm
    list_display = [
        "action_column",
        "plan_column",
        "organisation_column",
        "reported_on_display",
        "progress",
        "submitted_at",
    ]
    list_filter = ["action__plan"]
    list_select_related = ["action__plan", "action__lead_organisation"]
    search_fields = ["action__code", "action__title", "note"]
    # The page shows the action as it stands beside the proposal, its recent history, and
    # the two decisions as buttons; the form holds only the decision and its reason.
    change_form_template = "plans/submittedupdate_review.html"
    fields = ["decision", "return_reason"]

    actions = ["approve_selected"]
    action_column = truncated_column("action", _("action"), ordering="action")
    plan_column = truncated_column("action.plan", _("plan"), ordering="action__plan")
    organisation_column = truncated_column(
        "action.lead_organisation", _("organisation"), ordering="action__lead_organisation__name"
    )
    reported_on_display = long_date_column("reported_on", _("date du point"))

    def get_queryset(self, request):
        queryset = super().get_queryset(request).awaiting_review()
        ids = editable_plan_ids(request)
        return queryset if ids is None else queryset.in_plans(ids)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        may_review = request.user.has_perm("plans.review_actionupdate")
        return may_review and super().has_change_permission(request, obj)

    @admin.display(description=_("rédigé par"))
    def reported_by(self, update):
        # The name, not a link: coordinators do not open the users' admin.
        author = update.author
        if author is None:
            return "—"
        return f"{author.get_full_name() or author.get_username()} ({author.organisation or '—'})"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.review_context(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_context(self, update):
        """The action as it stands, its recent approved history, and the proposed indicator
        values each beside the value the indicator has for the update's year."""
        action = update.action
        approved = action.updates.counted().order_by(*ActionUpdate.LATEST_FIRST)
        history = list(approved[:REVIEW_HISTORY_ROWS])
        proposed = list(update.indicator_values.select_related("indicator"))
        current = dict(
            IndicatorValue.objects.filter(
                indicator__in=[value.indicator_id for value in proposed],
                year=update.reported_on.year,
            ).values_list("indicator_id", "value")
        )
        for value in proposed:
            value.current = current.get(value.indicator_id)
        return {
            "title": _("Valider le point d'avancement de l'action %(code)s")
            % {"code": action.code},
            "subtitle": f"{action.code} — {action.title}",
            "action": action,
            "history": history,
            "latest": history[0] if history else None,
            "progress_change": update.progress - action.progress,
            "status_changes": update.status != action.status,
            "proposed_values": proposed,
            "reported_by": self.reported_by(update),
        }

    @admin.display(description=_("plan"), ordering="action__plan")
    def plan(self, update):
        return update.action.plan

    @admin.display(description=_("organisation"))
    def organisation(self, update):
        return update.action.lead_organisation

    @admin.action(description=_("Approuver les points sélectionnés"), permissions=["change"])
    def approve_selected(self, request, queryset):
        approved = 0
        with transaction.atomic():
            for update in queryset.select_related("action").select_for_update(of=("self",)):
                if self.has_change_permission(request, update):
                    update.approve(by=request.user)
                    approved += 1
        self.message_user(
            request,
            ngettext("%(count)d point approuvé.", "%(count)d points approuvés.", approved)
            % {"count": approved},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        if form.cleaned_data["decision"] == ReviewForm.Decision.APPROVE:
            obj.approve(by=request.user)
        else:
            obj.return_to_partner(by=request.user, reason=form.cleaned_data["return_reason"])

    def response_change(self, request, obj):
        self.message_user(request, self.decision_message(obj), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:plans_submittedupdate_changelist"))

    def decision_message(self, update):
        if update.review_status == ActionUpdate.Review.APPROVED:
            return _("Point approuvé : l'avancement de l'action %(code)s est à jour.") % {
                "code": update.action.code
            }
        return _("Point renvoyé au partenaire avec votre motif (action %(code)s).") % {
            "code": update.action.code
        }


class IndicatorValueInline(PlanScopedInline, admin.TabularInline):
    model = IndicatorValue
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(PlanScopedAdmin, CaiAdmin, LargeTableAdmin, ExchangeAdmin, admin.ModelAdmin):
    plan_lookups = ("action__plan",)
    resource_classes = [IndicatorResource]
    list_display = ["name_column", "action_column", "kind", "unit", "target"]
    name_column = truncated_column("name", _("intitulé"))
    action_column = truncated_column("action", _("action"), ordering="action")
    list_filter = ["kind", "action__plan"]
    list_select_related = ["action"]
    search_fields = ["name", "action__code", "action__title"]
    autocomplete_fields = ["action"]
    inlines = [IndicatorValueInline]
    # Newest first, on the primary key: the model's order (through action, plan) would sort
    # every joined indicator for one page.
    ordering = ["-pk"]


# --- Memorandums -----------------------------------------------------------------------------


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ["code", "text", "theme", "axis", "level", "cost", "follow_up", "follow_up_note"]
    show_change_link = True


@admin.register(Memorandum)
class MemorandumAdmin(CaiAdmin, SimpleHistoryAdmin):
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
class RecommendationAdmin(CaiAdmin, ExchangeAdmin, SimpleHistoryAdmin):
    resource_classes = [RecommendationResource]
    list_display = ["code", "short_text", "memorandum", "level", "cost", "follow_up"]
    list_filter = ["follow_up", "level", "cost", "memorandum", "theme"]
    list_select_related = ["memorandum"]
    search_fields = ["code", "text"]
    autocomplete_fields = ["memorandum"]

    short_text = truncated_column("text", _("recommandation"))
