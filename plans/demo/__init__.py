"""Demonstration data: fictitious plans and their whole chain, to show the product and load it.

A visitor of the demo follows the backbone of the application — finding → objective → action
→ updates → plenary assembly — on fiches action that read like real ones, without ever
mistaking them for real records: codes start with "demo-", plan, space and diagnostic titles
end with " (démonstration)", organisations are "fictives".

The same seed always gives the same rows: one local random.Random drives every choice,
reference rows are read in a fixed order, and dates are told from a fixed DEMO_TODAY, never
from the clock: updates are reported up to it, meetings after it are only announced.
Rows are written in bulk (the "wallonia" size makes a million updates; `writing` says how),
which bypasses ActionUpdate.save(): each action's status and progress are set once, at the
end, from its latest update.

The stages live by sub-domain: `territory` (the made-up communes of the largest sizes),
`plans` (plans, diagnostics, objectives, memorandum, actions and their follow-up,
milestones, steering committees), `concertation` (organisations, spaces, memberships,
meetings); `content` holds the French they are written in, `reference` what they all build
on and `writing` how their rows reach the database.
"""

import random

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from cai.models import Organisation
from plans.models import Action, Plan

from . import concertation, plans, territory
from .reference import DEMO_PREFIX, DEMO_TODAY, DemoDataError, Reference
from .writing import bulk, write_rows

__all__ = [
    "DEMO_TODAY",
    "SIZES",
    "DemoDataError",
    "counts_for",
    "create_demo_data",
    "demo_data_present",
]

# Counts per model for each named size: "cai" is one integration centre over twenty years,
# "wallonia" the eight Walloon centres on a shared instance (its communes beyond the 38 of the
# province are made up: plans.demo.territory).
SIZES = {
    "small": {
        "communes": 38,
        "plans": 3,
        "organisations": 40,
        "spaces": 6,
        "meetings": 40,
        "findings": 24,
        "objectives": 21,
        "recommendations": 14,
        "actions": 60,
        "updates": 300,
        "indicators": 60,
    },
    "medium": {
        "communes": 38,
        "plans": 5,
        "organisations": 150,
        "spaces": 15,
        "meetings": 300,
        "findings": 60,
        "objectives": 50,
        "recommendations": 20,
        "actions": 1_000,
        "updates": 6_000,
        "indicators": 1_200,
    },
    "cai": {
        "communes": 38,
        "plans": 20,
        "organisations": 1_000,
        "spaces": 80,
        "meetings": 3_000,
        "findings": 300,
        "objectives": 280,
        "recommendations": 40,
        "actions": 5_000,
        "updates": 50_000,
        "indicators": 6_000,
    },
    "large": {
        "communes": 38,
        "plans": 10,
        "organisations": 400,
        "spaces": 40,
        "meetings": 1_500,
        "findings": 150,
        "objectives": 140,
        "recommendations": 30,
        "actions": 10_000,
        "updates": 100_000,
        "indicators": 12_000,
    },
    "wallonia": {
        "communes": 262,
        "plans": 200,
        "organisations": 10_000,
        "spaces": 600,
        "meetings": 50_000,
        "findings": 3_000,
        "objectives": 2_800,
        "recommendations": 60,
        "actions": 100_000,
        "updates": 1_000_000,
        "indicators": 120_000,
    },
}

ALREADY_PRESENT = _(
    "Des données de démonstration existent déjà : utilisez --if-empty ou repartez d'une base vide."
)
UNKNOWN_SIZE = _(
    "Taille inconnue : %(size)s. Choisissez small, medium, cai, large, wallonia ou un nombre "
    "d'actions."
)


def demo_data_present():
    return (
        Organisation.objects.filter(code__startswith=DEMO_PREFIX).exists()
        or Plan.objects.filter(code__startswith=DEMO_PREFIX).exists()
    )


def counts_for(size):
    """Counts per model for a named size, or for a number of actions.

    A number keeps the largest named size below it and scales updates and indicators.
    """
    if str(size) in SIZES:
        return dict(SIZES[str(size)])
    try:
        actions = int(size)
    except ValueError:
        actions = 0
    if actions < 1:
        raise DemoDataError(UNKNOWN_SIZE % {"size": size})
    base = max(
        (counts for counts in SIZES.values() if counts["actions"] <= actions),
        key=lambda counts: counts["actions"],
        default=SIZES["small"],
    )
    scale = actions / base["actions"]
    return {
        **base,
        "actions": actions,
        "updates": round(base["updates"] * scale),
        "indicators": round(base["indicators"] * scale),
    }


def create_demo_data(*, size="small", seed=1):
    """Create the fictitious plans and all that hangs from them; return counts per model."""
    counts = counts_for(size)
    created = _create(counts, seed)
    if connection.vendor == "postgresql" and connection.get_autocommit():
        # Until autovacuum comes by, the planner would take the new tables for empty ones,
        # and no page of them is marked all-visible (index-only scans read the heap): pages
        # measured right after a large load would be planned and read as they never are in
        # production. VACUUM cannot run inside a transaction (a test's, for instance).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return created


@transaction.atomic
def _create(counts, seed):
    if demo_data_present():
        raise DemoDataError(ALREADY_PRESENT)
    demo = Demo(random.Random(seed), Reference(), counts)
    territory.make_communes(demo)
    plans.make_plans(demo)
    concertation.make_organisations(demo)
    plans.make_diagnostics(demo)
    plans.make_objectives(demo)
    plans.make_memorandum(demo)
    concertation.make_spaces(demo)
    concertation.make_meetings(demo)
    plans.make_actions(demo)
    plans.make_updates(demo)
    plans.make_indicators(demo)
    plans.make_milestones(demo)
    plans.make_steering(demo)
    Action.objects.filter(plan__in=demo.plans).follow_latest_updates()
    return demo.created


class Demo:
    """The demo being made: its random generator, the reference rows, the counts asked for,
    and the rows each stage leaves for the later ones to draw from."""

    def __init__(self, rng, reference, counts):
        self.rng, self.ref, self.counts = rng, reference, counts
        self.created = {}
        self.communes = []  # the real ones of the province, then any made-up ones
        self.plans, self.plan_communes = [], {}  # communes by plan code; none when provincial
        self.organisations, self.local_organisations = [], {}  # by commune NIS code
        self.pools = {}  # organisations_in(), by NIS codes
        self.findings, self.objectives = {}, {}  # by (plan code, axis code)
        self.recommendations = {}  # by axis code
        self.spaces, self.spaces_of_plan, self.space_communes, self.members = [], {}, {}, {}
        self.plenaries = {}  # by (plan code, year)
        self.actions, self.flags = [], []  # flags: (planned, showcase) of each action, in order
        self.last_reported = {}  # date of each reported action's latest update, by id

    def save(self, model, rows, label):
        """Write rows that later stages point to; return them with their ids."""
        rows = bulk(model, rows)
        self.count(label, len(rows))
        return rows

    def write(self, model, fields, rows, label):
        """Write rows that nothing points to, tuples of values for `fields`, as they come."""
        self.count(label, write_rows(model, fields, rows))

    def count(self, label, number):
        self.created[label] = self.created.get(label, 0) + number

    def communes_of(self, plan):
        """The communes an action of this plan may be located in."""
        return self.plan_communes[plan.code] or self.ref.communes

    def organisations_in(self, communes):
        """Organisations active in these communes (in creation order), or all of them.

        Asked for each of a hundred thousand actions, mostly about the same communes: the
        answer is kept, and callers only read it."""
        key = tuple(c.nis_code for c in communes)
        if key not in self.pools:
            found = [o for c in key for o in self.local_organisations.get(c, [])]
            self.pools[key] = list({o.code: o for o in found}.values()) or self.organisations
        return self.pools[key]
