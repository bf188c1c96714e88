"""Public pages: what the plans do, for partners, elected officials and the public.

Only published records appear; an unpublished one answers 404 even by its direct URL.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cai.models import Commune, RightsAxis, RightsFramework
from concertation.models import Meeting, Space

from .charts import (
    StatusBar,
    action_map,
    indicator_chart,
    progress_chart,
    territory_map,
)
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
class AxisProgress(StatusBar):
    """One axis's actions per status, ready for a bar and for its figures in words."""

    axis: RightsAxis = None

    @classmethod
    def build(cls, axis, counts):
        return cls.of(counts, axis=axis)


def progress_by_axis(axes, counts):
    """An AxisProgress per axis, from ActionQuerySet.counts_by_axis()."""
    empty = dict.fromkeys(Status.values, 0)
    return [AxisProgress.build(axis, counts.get(axis.pk, empty)) for axis in axes]


@dataclass
class Section:
    """One section of a long page, for its table of contents."""

    anchor: str
    title: str
    is_empty: bool = False


def table_of_contents(*sections):
    """The page's sections with content, linked from its table of contents, and the titles
    of the empty ones, said together in one sentence instead of one empty section each (an
    old plan often has no steering committee, spaces or milestones on record)."""
    return {
        "contents": [section for section in sections if not section.is_empty],
        "shown": {section.anchor for section in sections if not section.is_empty},
        "empty_sections": [
            section.title[:1].lower() + section.title[1:]
            for section in sections
            if section.is_empty
        ],
    }


def actions_per_commune():
    """{NIS code: number of published actions located there}, from the cache."""
    return cached_figures("published-actions-per-commune", Commune.objects.published_action_counts)


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
            "map": action_map(Commune.objects.all(), actions_per_commune()),
            "next_meetings": Meeting.objects.published()
            .upcoming(timezone.localdate())
            .select_related("space", "commune")[:6],
        },
    )


@require_safe
def plan_list(request):
    plans = Plan.objects.published().select_related("framework").prefetch_related("communes")
    counts = Action.objects.published().counts_by_plan()
    return render(
        request,
        "plans/plan_list.html",
        {"plans": [(plan, StatusBar.of(counts.get(plan.pk, {}))) for plan in plans]},
    )


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


def _territory(plan, communes):
    """The map of the plan's communes; the whole province for a provincial plan; None when
    none of its communes has an outline (the demo's made-up communes)."""
    if plan.scope == Plan.Scope.PROVINCIAL:
        return territory_map(Commune.objects.all(), covered_codes=None)
    area = territory_map(communes, covered_codes={commune.pk for commune in communes})
    return area if any(a.is_covered for a in area.areas) else None


@require_safe
def plan_detail(request, code):
    plan = get_object_or_404(
        Plan.objects.published().select_related("framework", "predecessor"), code=code
    )
    actions = Action.objects.published().filter(plan=plan)
    groups = action_groups(actions)
    objectives = list(
        plan.objectives.select_related("axis").prefetch_related(
            Prefetch("findings", queryset=Finding.objects.published())
        )
    )
    axes = plan.framework.axes.all() if plan.framework else RightsAxis.objects.none()
    counts = actions.counts_by_axis()
    communes = list(plan.communes.all())
    steering = list(plan.steering_memberships.select_related("organisation"))
    spaces = list(plan.spaces.published())
    recommendations = list(
        Recommendation.objects.published()
        .filter(actions__in=actions)
        .select_related("memorandum")
        .distinct()
    )
    milestones = list(plan.milestones.published())
    diagnostics = list(plan.diagnostics.published())
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "successors": plan.successors.published(),
            "communes": communes,
            "territory": _territory(plan, communes),
            "steering": steering,
            "milestones": milestones,
            "overall": StatusBar.of(
                {status: sum(c[status] for c in counts.values()) for status in Status.values}
            ),
            "progress": progress_by_axis(axes, counts),
            "objectives": [
                (objective, groups.get(objective.pk, ActionGroup([], 0)))
                for objective in objectives
            ],
            "actions_without_objective": groups.get(None),
            "spaces": spaces,
            "recommendations": recommendations,
            "diagnostics": diagnostics,
            **table_of_contents(
                Section("territoire", _("Territoire")),
                Section("pilotage", _("Comité de pilotage"), not steering),
                Section("avancement", _("Avancement par axe"), not counts),
                Section(
                    "objectifs",
                    _("Objectifs, besoins rencontrés et actions"),
                    not objectives and not groups,
                ),
                Section("diagnostics", _("Diagnostics"), not diagnostics),
                Section("concertation", _("Espaces de concertation"), not spaces),
                Section("recommandations", _("Recommandations rencontrées"), not recommendations),
                Section("jalons", _("Jalons"), not milestones),
            ),
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
    updates = list(action.updates.counted().order_by(*ActionUpdate.LATEST_FIRST))
    return render(
        request,
        "plans/action_detail.html",
        {
            "action": action,
            "updates": updates,
            "progress_chart": progress_chart(updates),
            "indicators": [
                (indicator, indicator_chart(indicator))
                for indicator in Indicator.objects.filter(action=action).prefetch_related("values")
            ],
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
    return ActionFilter(request.GET, queryset=actions.in_code_order())


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
            "bar": StatusBar.of(counts),
            "page": _page(request, filterset.qs, ACTIONS_PER_PAGE, count=sum(counts.values())),
        },
    )


@require_safe
def axis_csv(request, code):
    axis = get_object_or_404(RightsAxis, code=code)
    return actions_csv(_filtered_actions(request, axis).qs, f"actions-{slugify(axis.code)}.csv")


@require_safe
def commune_list(request):
    counts = actions_per_commune()
    communes = list(Commune.objects.select_related("arrondissement"))
    return render(
        request,
        "plans/commune_list.html",
        {
            "communes": [(commune, counts.get(commune.pk, 0)) for commune in communes],
            "map": action_map(communes, counts),
        },
    )


@require_safe
def commune_detail(request, nis_code):
    commune = get_object_or_404(Commune.objects.select_related("arrondissement"), pk=nis_code)
    actions = Action.objects.published().filter(communes=commune)
    axes = RightsAxis.objects.filter(actions__in=actions).distinct().select_related("framework")
    plans = list(Plan.objects.published().covering(commune))
    page = _page(request, actions.for_public_list().in_code_order(within="axis"), ACTIONS_PER_PAGE)
    spaces = list(Space.objects.published().filter(communes=commune))
    return render(
        request,
        "plans/commune_detail.html",
        {
            "commune": commune,
            "plans": plans,
            "progress": progress_by_axis(axes, actions.counts_by_axis()),
            "page": page,
            "spaces": spaces,
            **table_of_contents(
                Section("plans", _("Plans qui couvrent la commune"), not plans),
                Section("avancement", _("Avancement par axe dans la commune"), not page),
                Section("actions", _("Actions menées dans la commune"), not page),
                Section("concertation", _("Concertation locale"), not spaces),
            ),
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
    first = Action.objects.published().counted_per_recommendation().only("pk").in_code_order()
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


@dataclass
class Year:
    """A year of the chronology: its milestones on this page, and the page it starts on."""

    year: int
    count: int
    page_number: int
    milestones: list = field(default_factory=list)


def chronology_years(milestones, per_page):
    """Every year the filtered milestones cover, in order, with the page where each starts
    (the list is in date order, so a year's first milestone decides its page)."""
    counts = (
        milestones.order_by()
        .values_list("occurred_on__year")
        .annotate(n=Count("pk"))
        .order_by("occurred_on__year")
    )
    years, before = [], 0
    for year, count in counts:
        years.append(Year(year, count, before // per_page + 1))
        before += count
    return years


@require_safe
def chronology(request):
    filterset = _filtered_milestones(request)
    page = _page(request, filterset.qs, MILESTONES_PER_PAGE)
    years = chronology_years(filterset.qs, MILESTONES_PER_PAGE)
    by_year = {year.year: year for year in years}
    for milestone in page.object_list:
        by_year[milestone.occurred_on.year].milestones.append(milestone)
    return render(
        request,
        "plans/chronology.html",
        {
            "filter": filterset,
            "page": page,
            "years": years,
            "page_years": [year for year in years if year.milestones],
        },
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
