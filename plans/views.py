"""Public pages: what the plans do, for partners, elected officials and the public.

Only published records appear; an unpublished one answers 404 even by its direct URL.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from cai.models import Commune, RightsAxis, RightsFramework
from concertation.models import Meeting, Space

from .exports import actions_csv, milestones_csv
from .filters import ActionFilter, MilestoneFilter
from .models import (
    Action,
    ActionUpdate,
    Finding,
    Indicator,
    Memorandum,
    Milestone,
    Plan,
    Recommendation,
    Status,
)

ACTIONS_PER_PAGE = 20
MILESTONES_PER_PAGE = 50


@dataclass
class Segment:
    status: str
    label: str
    count: int
    percent: float
    offset: float


@dataclass
class AxisProgress:
    """One axis's actions per status, ready for a bar and for its figures in words."""

    axis: RightsAxis
    segments: list
    total: int

    @classmethod
    def build(cls, axis, counts):
        total = sum(counts.values())
        segments, offset = [], 0.0
        for status, label in Status.choices:
            percent = 100 * counts[status] / total if total else 0
            segments.append(Segment(status, label, counts[status], percent, offset))
            offset += percent
        return cls(axis, segments, total)

    @property
    def present_segments(self):
        """The statuses that have actions, for the figures written out."""
        return [segment for segment in self.segments if segment.count]


def progress_by_axis(axes, actions):
    counts = actions.counts_by_axis()
    empty = dict.fromkeys(Status.values, 0)
    return [AxisProgress.build(axis, counts.get(axis.pk, empty)) for axis in axes]


def _page(request, queryset, per_page):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@require_safe
def home(request):
    plans = Plan.objects.published().filter(status=Plan.Status.IN_FORCE)
    frameworks = RightsFramework.objects.filter(plans__in=plans).distinct().order_by("-start_year")
    actions = Action.objects.published().filter(plan__in=plans)
    axes = RightsAxis.objects.filter(framework__in=frameworks).select_related("framework")
    return render(
        request,
        "plans/home.html",
        {
            "plans": plans.order_by("title"),
            "progress": progress_by_axis(axes, actions),
            "latest_updates": ActionUpdate.objects.published()
            .select_related("action__plan")
            .order_by("-reported_on", "-created_at")[:8],
            "communes": Commune.objects.with_published_actions(),
            "next_meetings": Meeting.objects.published()
            .upcoming(timezone.localdate())
            .select_related("space", "commune")[:6],
        },
    )


@require_safe
def plan_list(request):
    plans = Plan.objects.published().select_related("framework").prefetch_related("communes")
    return render(request, "plans/plan_list.html", {"plans": plans})


@require_safe
def plan_detail(request, code):
    plan = get_object_or_404(
        Plan.objects.published().select_related("framework", "predecessor"), code=code
    )
    actions = Action.objects.published().filter(plan=plan)
    published_actions = Prefetch("actions", queryset=actions.for_public_list())
    objectives = plan.objectives.select_related("axis").prefetch_related(
        published_actions, Prefetch("findings", queryset=Finding.objects.published())
    )
    axes = plan.framework.axes.all() if plan.framework else RightsAxis.objects.none()
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "successors": plan.successors.published(),
            "communes": plan.communes.all(),
            "steering": plan.steering_memberships.select_related("organisation"),
            "milestones": plan.milestones.published(),
            "progress": progress_by_axis(axes, actions),
            "objectives": objectives,
            "actions_without_objective": actions.filter(objective=None).for_public_list(),
            "spaces": plan.spaces.published(),
            "recommendations": Recommendation.objects.published()
            .filter(actions__in=actions)
            .select_related("memorandum")
            .distinct(),
            "diagnostics": plan.diagnostics.published(),
        },
    )


@require_safe
def action_detail(request, plan_code, code):
    action = get_object_or_404(
        Action.objects.published().select_related(
            "plan", "axis__framework", "lead_organisation", "objective", "concertation_space"
        ),
        plan__code=plan_code,
        code=code,
    )
    space = action.concertation_space
    return render(
        request,
        "plans/action_detail.html",
        {
            "action": action,
            "updates": action.updates.counted().order_by(*ActionUpdate.LATEST_FIRST),
            "indicators": Indicator.objects.filter(action=action).prefetch_related("values"),
            "partnerships": action.partnerships.select_related("organisation"),
            "communes": action.communes.all(),
            "themes": action.themes.all(),
            "intervention_axes": action.intervention_axes.all(),
            "target_publics": action.target_publics.all(),
            "findings": Finding.objects.published()
            .filter(objectives=action.objective_id)
            .select_related("diagnostic", "axis")
            if action.objective_id
            else [],
            "recommendations": action.recommendations.published().select_related("memorandum"),
            "space": space if space and space.is_published else None,
        },
    )


def _filtered_actions(request, axis):
    actions = Action.objects.published().filter(axis=axis).for_public_list()
    return ActionFilter(request.GET, queryset=actions.order_by("plan__code", "code"))


@require_safe
def axis_detail(request, code):
    axis = get_object_or_404(RightsAxis.objects.select_related("framework"), code=code)
    filterset = _filtered_actions(request, axis)
    return render(
        request,
        "plans/axis_detail.html",
        {
            "axis": axis,
            "filter": filterset,
            "status_counts": [
                (label, count)
                for (status, label), count in zip(
                    Status.choices, filterset.qs.status_counts().values(), strict=True
                )
            ],
            "page": _page(request, filterset.qs, ACTIONS_PER_PAGE),
        },
    )


@require_safe
def axis_csv(request, code):
    axis = get_object_or_404(RightsAxis, code=code)
    return actions_csv(_filtered_actions(request, axis).qs, f"actions-{slugify(axis.code)}.csv")


@require_safe
def commune_list(request):
    communes = Commune.objects.select_related("arrondissement").with_action_counts()
    return render(request, "plans/commune_list.html", {"communes": communes})


@require_safe
def commune_detail(request, nis_code):
    commune = get_object_or_404(Commune.objects.select_related("arrondissement"), pk=nis_code)
    actions = Action.objects.published().filter(communes=commune)
    axes = RightsAxis.objects.filter(actions__in=actions).distinct().select_related("framework")
    return render(
        request,
        "plans/commune_detail.html",
        {
            "commune": commune,
            "plans": Plan.objects.published().covering(commune),
            "progress": progress_by_axis(axes, actions),
            "page": _page(
                request, actions.for_public_list().order_by("axis__code", "code"), ACTIONS_PER_PAGE
            ),
            "spaces": Space.objects.published().filter(communes=commune),
        },
    )


@require_safe
def memorandum_list(request):
    memorandums = Memorandum.objects.published().annotate(
        recommendation_count=Count("recommendations")
    )
    return render(request, "plans/memorandum_list.html", {"memorandums": memorandums})


@require_safe
def memorandum_detail(request, code):
    memorandum = get_object_or_404(Memorandum.objects.published(), code=code)
    answering = Action.objects.published().select_related("plan")
    recommendations = memorandum.recommendations.select_related("theme", "axis").prefetch_related(
        Prefetch("actions", queryset=answering)
    )
    return render(
        request,
        "plans/memorandum_detail.html",
        {
            "memorandum": memorandum,
            "co_authors": memorandum.co_authors.all(),
            "recommendations": recommendations,
        },
    )


def _filtered_milestones(request):
    milestones = (
        Milestone.objects.published()
        .select_related("plan")
        .prefetch_related("audiences", "intervention_axes", "themes")
    )
    return MilestoneFilter(request.GET, queryset=milestones)


@require_safe
def chronology(request):
    filterset = _filtered_milestones(request)
    return render(
        request,
        "plans/chronology.html",
        {"filter": filterset, "page": _page(request, filterset.qs, MILESTONES_PER_PAGE)},
    )


@require_safe
def chronology_csv(request):
    return milestones_csv(_filtered_milestones(request).qs, "chronologie.csv")
