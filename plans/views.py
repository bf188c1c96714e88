"""Public pages: what the plans do, for partners, elected officials and the public.

Only published records appear; an unpublished one answers 404 even by its direct URL.
"""

from dataclasses import dataclass

from django.core.cache import cache
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
# A plan page shows this many actions of each objective, and links to the rest.
ACTIONS_PER_OBJECTIVE = 5
# A memorandum page names this many of the actions answering each recommendation.
ACTIONS_PER_RECOMMENDATION = 5
# Figures that add up most of the actions (100,000 for all the Walloon CAIs: a tenth to a fifth
# of a second each) are kept this long in Django's default cache. The settings name no CACHES:
# local memory, one per process. A change shows in them at most that late. Only numbers and
# ids are kept, the same in every language; the actions a page names are read fresh.
FIGURES_CACHE_SECONDS = 5 * 60


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


def progress_by_axis(axes, counts):
    """An AxisProgress per axis, from ActionQuerySet.counts_by_axis()."""
    empty = dict.fromkeys(Status.values, 0)
    return [AxisProgress.build(axis, counts.get(axis.pk, empty)) for axis in axes]


def cached_figures(name, compute):
    """What compute() returns, from the cache when it is there (see FIGURES_CACHE_SECONDS)."""
    return cache.get_or_set(f"plans:{name}", compute, FIGURES_CACHE_SECONDS)


def _page(request, queryset, per_page, *, count=None):
    """The page asked for; `count`, when the view already knows how many rows there are,
    spares the paginator its own COUNT (over a hundred thousand actions, it shows)."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


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
            "progress": progress_by_axis(
                axes, cached_figures("progress-of-plans-in-force", actions.counts_by_axis)
            ),
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


@dataclass
class ActionGroup:
    """The first few actions of an objective, of a recommendation…, and how many there are in
    all: a page lists a few of each, not hundreds."""

    actions: list
    total: int

    @classmethod
    def of(cls, actions):
        """From actions that carry their group's total (`group_total`, see ActionQuerySet)."""
        return cls(actions, actions[0].group_total if actions else 0)

    @property
    def has_more(self):
        return self.total > len(self.actions)


def action_groups(actions):
    """{objective id, None for the actions without objective: its ActionGroup}."""
    grouped = {}
    for action in actions.for_public_list().first_of_each_objective(ACTIONS_PER_OBJECTIVE):
        grouped.setdefault(action.objective_id, []).append(action)
    return {key: ActionGroup.of(shown) for key, shown in grouped.items()}


@require_safe
def plan_detail(request, code):
    plan = get_object_or_404(
        Plan.objects.published().select_related("framework", "predecessor"), code=code
    )
    actions = Action.objects.published().filter(plan=plan)
    groups = action_groups(actions)
    objectives = plan.objectives.select_related("axis").prefetch_related(
        Prefetch("findings", queryset=Finding.objects.published())
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
            "progress": progress_by_axis(axes, actions.counts_by_axis()),
            "objectives": [
                (objective, groups.get(objective.pk, ActionGroup([], 0)))
                for objective in objectives
            ],
            "actions_without_objective": groups.get(None),
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


def _status_counts(filterset, axis):
    """How many of the actions the filters keep are at each status. Without filters, those of
    the whole axis (the page the home links to): kept in the cache with every other axis's."""
    actions = filterset.qs  # reads the filters, first
    if any(filterset.form.cleaned_data.values()):
        return actions.status_counts()
    by_axis = cached_figures(
        "published-actions-per-axis", Action.objects.published().counts_by_axis
    )
    return by_axis.get(axis.pk, dict.fromkeys(Status.values, 0))


@require_safe
def axis_detail(request, code):
    axis = get_object_or_404(RightsAxis.objects.select_related("framework"), code=code)
    filterset = _filtered_actions(request, axis)
    counts = _status_counts(filterset, axis)
    return render(
        request,
        "plans/axis_detail.html",
        {
            "axis": axis,
            "filter": filterset,
            "objective": filterset.form.cleaned_data.get("objective"),
            "status_counts": [
                (label, count)
                for (status, label), count in zip(Status.choices, counts.values(), strict=True)
            ],
            "page": _page(request, filterset.qs, ACTIONS_PER_PAGE, count=sum(counts.values())),
        },
    )


@require_safe
def axis_csv(request, code):
    axis = get_object_or_404(RightsAxis, code=code)
    return actions_csv(_filtered_actions(request, axis).qs, f"actions-{slugify(axis.code)}.csv")


@require_safe
def commune_list(request):
    counts = cached_figures(
        "published-actions-per-commune", Commune.objects.published_action_counts
    )
    communes = [
        (commune, counts.get(commune.pk, 0))
        for commune in Commune.objects.select_related("arrondissement")
    ]
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
            "progress": progress_by_axis(axes, actions.counts_by_axis()),
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


def first_answering_action_ids(memorandum):
    """{recommendation id: (how many published actions answer it, ids of the first few)}.

    Read over every action that answers one of the memorandum's recommendations (thousands
    for a memorandum of all the Walloon CAIs), hence kept in the cache."""
    # Only the ids: thousands of rows are sorted to find the first few of each recommendation.
    first = (
        Action.objects.published()
        .counted_per_recommendation()
        .only("pk")
        .order_by("plan__code", "code")
    )
    recommendations = memorandum.recommendations.prefetch_related(
        Prefetch("actions", queryset=first[:ACTIONS_PER_RECOMMENDATION], to_attr="first_actions")
    )
    return {
        recommendation.pk: (
            ActionGroup.of(recommendation.first_actions).total,
            [action.pk for action in recommendation.first_actions],
        )
        for recommendation in recommendations
    }


def answering_actions(memorandum):
    """{recommendation id: ActionGroup of the published actions answering it}. The actions
    named are read fresh: one unpublished since the figures were kept shows no more."""
    first_ids = cached_figures(
        f"answering-actions-{memorandum.pk}", lambda: first_answering_action_ids(memorandum)
    )
    named = (
        Action.objects.published()
        .select_related("plan")
        .in_bulk([pk for _total, ids in first_ids.values() for pk in ids])
    )
    return {
        recommendation_id: ActionGroup([named[pk] for pk in ids if pk in named], total)
        for recommendation_id, (total, ids) in first_ids.items()
    }


@require_safe
def memorandum_detail(request, code):
    memorandum = get_object_or_404(Memorandum.objects.published(), code=code)
    answering = answering_actions(memorandum)
    recommendations = memorandum.recommendations.select_related("theme", "axis")
    return render(
        request,
        "plans/memorandum_detail.html",
        {
            "memorandum": memorandum,
            "co_authors": memorandum.co_authors.all(),
            "recommendations": [
                (recommendation, answering.get(recommendation.pk, ActionGroup([], 0)))
                for recommendation in recommendations
            ],
        },
    )


def _filtered_milestones(request):
    return MilestoneFilter(request.GET, queryset=Milestone.objects.published().for_public_list())


@require_safe
def chronology(request):
    filterset = _filtered_milestones(request)
    return render(
        request,
        "plans/chronology.html",
        {"filter": filterset, "page": _page(request, filterset.qs, MILESTONES_PER_PAGE)},
    )


@require_safe
def milestone_detail(request, slug):
    milestone = get_object_or_404(Milestone.objects.published().for_card_page(), slug=slug)
    return render(
        request,
        "plans/milestone_detail.html",
        {
            "milestone": milestone,
            "plans": [plan for plan in milestone.plans.all() if plan.is_published],
            "classifications": milestone.classification_boxes(),
        },
    )


@require_safe
def chronology_csv(request):
    return milestones_csv(_filtered_milestones(request).qs, "chronologie.csv")
