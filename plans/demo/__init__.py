"""Demonstration data: fictitious plans and their whole chain, to show the product and load it.

A visitor of the demo follows the backbone of the application — finding → objective → action
→ updates → plenary assembly — on fiches action that read like real ones, without ever
mistaking them for real records: codes start with "demo-", plan, space and diagnostic titles
end with " (démonstration)", organisations are "fictives".

The same seed always gives the same rows: one local random.Random drives every choice,
reference rows are read in a fixed order, and dates are told from a fixed DEMO_TODAY, never
from the clock: updates are reported up to it, meetings after it are only announced.
Rows are written with bulk_create (the large size makes 100,000 updates), which bypasses
ActionUpdate.save(): each action's status and progress are set once, at the end, from its
latest update.

The stages live by sub-domain: `plans` (plans, diagnostics, objectives, memorandum, actions
and their follow-up, milestones, steering committees), `concertation` (organisations, spaces,
memberships, meetings); `content` holds the French they are written in and `reference` what
they all build on.
"""

import random

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cai.models import Organisation
from plans.models import Action, Plan

from . import concertation, plans
from .reference import DEMO_PREFIX, DEMO_TODAY, DemoDataError, Reference, bulk

__all__ = [
    "DEMO_TODAY",
    "SIZES",
    "DemoDataError",
    "counts_for",
    "create_demo_data",
    "demo_data_present",
]

# Counts per model for each named size. More sizes (a whole CRI over twenty years: "cai";
# the eight Walloon centres: "wallonia") are one more line each.
SIZES = {
    "small": {
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
    "large": {
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
}

ALREADY_PRESENT = _(
    "Des données de démonstration existent déjà : utilisez --if-empty ou repartez d'une base vide."
)
UNKNOWN_SIZE = _(
    "Taille inconnue : %(size)s. Choisissez small, medium, large ou un nombre d'actions."
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


@transaction.atomic
def create_demo_data(*, size="small", seed=1):
    """Create the fictitious plans and all that hangs from them; return counts per model."""
    counts = counts_for(size)
    if demo_data_present():
        raise DemoDataError(ALREADY_PRESENT)
    demo = Demo(random.Random(seed), Reference(), counts)
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
        self.plans, self.plan_communes = [], {}  # communes by plan code; none when provincial
        self.organisations, self.local_organisations = [], {}  # by commune NIS code
        self.findings, self.objectives = {}, {}  # by (plan code, axis code)
        self.recommendations = {}  # by axis code
        self.spaces, self.spaces_of_plan, self.space_communes, self.members = [], {}, {}, {}
        self.plenaries = {}  # by (plan code, year)
        self.actions, self.drafts = [], []  # drafts: what each action links to, in order
        self.last_reported = {}  # date of each reported action's latest update, by id

    def save(self, model, rows, label):
        rows = bulk(model, rows)
        self.created[label] = self.created.get(label, 0) + len(rows)
        return rows

    def communes_of(self, plan):
        """The communes an action of this plan may be located in."""
        return self.plan_communes[plan.code] or self.ref.communes

    def organisations_in(self, communes):
        """Organisations active in these communes (in creation order), or all of them."""
        found = [o for c in communes for o in self.local_organisations.get(c.nis_code, [])]
        return list(dict.fromkeys(found)) or self.organisations
