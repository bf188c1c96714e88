"""Every page, measured in-process: its queries and its server time over repeated requests.

Pages are found from the URL configuration, so that a page added later is measured too (or
reported as not measured when no sample object is known for it). Each is asked for the
heaviest sample there is: the plan with the most actions, the action with the most updates,
the commune with the most actions… so that the figures are the worst a visitor meets.
"""

import time
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils.translation import gettext as _

from cai.models import Commune, RightsAxis
from concertation.calendars import in_calendars
from concertation.models import Space
from plans.models import Action, ActionUpdate, Indicator, Memorandum, Milestone, Plan

from . import ADMIN_P95_MS, PAGE_MEDIAN_MS, PAGE_P95_MS, Row, page_row

PUBLIC_NAMESPACES = ["plans", "concertation"]
PARTNER_NAMESPACE = "partners"
# Where each page finds its sample object; a page missing here takes no argument.
PUBLIC_ARGS = {
    "plans:plan-detail": lambda s: [s.plan.code],
    "plans:action-detail": lambda s: [s.action.plan.code, s.action.code],
    "plans:axis-detail": lambda s: [s.axis.code],
    "plans:commune-detail": lambda s: [s.commune.nis_code],
    "plans:memorandum-detail": lambda s: [s.memorandum.code],
    "plans:milestone-detail": lambda s: [s.milestone.slug],
    "concertation:space-detail": lambda s: [s.space.code],
    "concertation:space-ics": lambda s: [s.space.code],
    "concertation:commune-ics": lambda s: [s.commune.nis_code],
    "concertation:meeting-ics": lambda s: [in_calendars(s.space.meetings.all()).last().pk],
}
PARTNER_ARGS = {
    "partners:action-detail": lambda s: [s.partner_action.pk],
    "partners:update-create": lambda s: [s.partner_action.pk],
    "partners:update-edit": lambda s: [s.partner_update.pk],
    "partners:update-delete": lambda s: [s.partner_update.pk],
}


@dataclass
class Samples:
    """The heaviest object of each kind: what a page is measured on."""

    plan: Plan
    action: Action
    axis: RightsAxis
    commune: Commune
    memorandum: Memorandum | None
    space: Space | None
    milestone: Milestone | None = None
    partner_action: Action | None = None
    partner_update: ActionUpdate | None = None


def heaviest_samples():
    published = Q(actions__is_published=True, actions__plan__is_published=True)
    return Samples(
        plan=Plan.objects.published()
        .annotate(n=Count("actions", filter=Q(actions__is_published=True)))
        .order_by("-n", "code")
        .first(),
        # With indicators, so that the page makes all its queries at every scale.
        action=Action.objects.published()
        .filter(Exists(Indicator.objects.filter(action=OuterRef("pk"))))
        .annotate(n=Count("updates"))
        .select_related("plan")
        .order_by("-n", "pk")
        .first(),
        axis=RightsAxis.objects.annotate(n=Count("actions", filter=published))
        .order_by("-n", "code")
        .first(),
        commune=Commune.objects.with_action_counts().order_by("-action_count", "pk").first(),
        memorandum=Memorandum.objects.published()
        .annotate(n=Count("recommendations__actions"))
        .order_by("-n", "code")
        .first(),
        space=Space.objects.published()
        .annotate(n=Count("meetings"))
        .order_by("-n", "code")
        .first(),
        milestone=Milestone.objects.published()
        .annotate(n=Count("sources"))
        .order_by("-n", "slug")
        .first(),
    )


def measure_pages(repeat, *, slow_queries=None):
    """Rows for every public page, every partner page and every admin changelist.

    Runs in a transaction rolled back at the end: the users it logs in as, and anything a
    page writes, leave no trace. `slow_queries`, a list, receives the captured queries of
    each page that misses its target, for diagnosis.
    """
    with transaction.atomic():
        samples = heaviest_samples()
        rows = [
            *measure_group(_("public"), public_urls(samples), Client(), repeat, slow_queries),
            *partner_rows(samples, repeat, slow_queries),
            *measure_group(_("admin"), admin_urls(), admin_client(), repeat, slow_queries),
        ]
        transaction.set_rollback(True)
    return rows


def public_urls(samples):
    """(url or None, label) of each public page; CSV downloads are measured as exports."""
    names = [name for name in url_names(PUBLIC_NAMESPACES) if not name.endswith("-csv")]
    return [page_url(name, PUBLIC_ARGS, samples) for name in names]


def partner_rows(samples, repeat, slow_queries):
    section = _("partenaires")
    names = url_names([PARTNER_NAMESPACE])
    if not names:
        return []
    client = partner_client(samples)
    if client is None:
        return [Row(section, _("non mesuré : les utilisateurs n'ont pas d'organisation"))]
    urls = [page_url(name, PARTNER_ARGS, samples) for name in names]
    return measure_group(section, urls, client, repeat, slow_queries)


def admin_urls():
    urls = [(reverse("admin:index"), "admin:index")]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        urls.append((reverse(name), name))
    return urls


def url_names(namespaces):
    """The full names of the pages under these URL namespaces, in their order."""
    names = []
    for namespace in namespaces:
        found = get_resolver().namespace_dict.get(namespace)
        if found:
            patterns = found[1].url_patterns
            names += [f"{namespace}:{p.name}" for p in patterns if getattr(p, "name", None)]
    return names


def page_url(name, known_args, samples):
    try:
        return reverse(name, args=known_args[name](samples) if name in known_args else []), name
    except (NoReverseMatch, AttributeError):  # no sample of that kind in this database
        return None, name


def measure_group(section, urls, client, repeat, slow_queries):
    rows = []
    for url, name in urls:
        if url is None:
            rows.append(Row(section, name, other=_("non mesurée : aucun exemple connu")))
            continue
        rows.append(measure_url(section, url, name, client, repeat, slow_queries))
    return rows


def measure_url(section, url, name, client, repeat, slow_queries):
    targets = (
        {"p95_ms": ADMIN_P95_MS}
        if name.startswith("admin:")
        else {"median_ms": PAGE_MEDIAN_MS, "p95_ms": PAGE_P95_MS}
    )
    try:
        with transaction.atomic():  # a page that breaks must not break the next ones
            status, queries, times = measure(client, url, repeat)
    except Exception as error:  # reported in the table, the benchmark goes on
        return Row(section, url, other=_("erreur : %s") % error.__class__.__name__, met=False)
    row = page_row(section, url, len(queries), times, **targets)
    if status != 200:
        row.other, row.met = f"HTTP {status}", False
    if not row.met and slow_queries is not None:
        slow_queries.append((url, queries))
    return row


def measure(client, url, repeat):
    """The status, the queries of one request and the server times of `repeat` requests,
    after one that warms the caches up."""
    timed_get(client, url)
    with CaptureQueriesContext(connection) as captured:
        response, first = timed_get(client, url)
    # Read now: the next request empties the connection's query log.
    queries = captured.captured_queries
    times = [first] + [timed_get(client, url)[1] for _ in range(repeat - 1)]
    return response.status_code, queries, times


def timed_get(client, url):
    """A request and the reading of its whole answer, as a browser would."""
    started = time.perf_counter()
    response = client.get(url)
    for _chunk in response.streaming_content if response.streaming else []:
        pass
    return response, time.perf_counter() - started


def admin_client():
    """A client logged in as a superuser made for the measure (rolled back with it)."""
    user = get_user_model().objects.create_superuser(username="benchmark-admin", password=None)
    client = Client()
    client.force_login(user)
    return client


def partner_client(samples):
    """A client logged in for the organisation that leads the most actions, or None when
    users have no organisation yet. Sets the partner's samples: its action with the most
    updates, and an update of it to open."""
    User = get_user_model()
    if "organisation" not in {field.name for field in User._meta.get_fields()}:
        return None
    leading = (
        Action.objects.values("lead_organisation")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_organisation")
        .first()
    )
    if leading is None:
        return None
    organisation_id = leading["lead_organisation"]
    samples.partner_action = (
        Action.objects.filter(lead_organisation=organisation_id)
        .annotate(n=Count("updates"))
        .order_by("-n", "pk")
        .first()
    )
    samples.partner_update = editable_update(samples.partner_action)
    user = User.objects.create_user(username="benchmark-partner", organisation_id=organisation_id)
    client = Client()
    client.force_login(user)
    return client


def editable_update(action):
    """An update the partner may still edit: a new draft when updates are reviewed."""
    latest = action.updates.order_by(*ActionUpdate.LATEST_FIRST).first()
    review = getattr(ActionUpdate, "Review", None)
    if review is None or latest is None:
        return latest
    return ActionUpdate.objects.create(
        action=action,
        reported_on=latest.reported_on,
        status=latest.status,
        progress=latest.progress,
        note="Brouillon du benchmark.",
        review_status=review.DRAFT,
    )
