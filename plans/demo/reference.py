"""What every stage of the demo builds on: its fixed calendar and the reference rows.

The demo never reads the clock. Its "today" is DEMO_TODAY, so the same seed gives the same
rows next year too, while the public pages still find past reports and meetings to come.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from cai.models import Audience, Commune, InterventionAxis, RightsFramework, TargetPublic, Theme

from .content import content_of

DEMO_PREFIX = "demo-"
DEMO_SUFFIX = " (démonstration)"
# The demo's today: what has been reported lies before it, what is announced after it.
DEMO_TODAY = datetime.date(2026, 11, 15)
# The demo plans run over these years, read against the grid of the PCS 2020–2025.
FIRST_YEAR, LAST_YEAR = 2020, 2026
FIRST_DAY, LAST_DAY = datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)
PCS_YEARS = "2020–2025"
# Meetings are announced up to about eight months ahead.
LAST_ANNOUNCED_DAY = DEMO_TODAY + datetime.timedelta(days=240)

# Reference rows the demo is built on, looked up by their stable codes (never created here).
FRAMEWORK_CODE = "pcs-2020-2025"
HOUSING_AXIS_CODE = "pcs2020-2"
SAMBREVILLE, FLORENNES = "92137", "93022"

MISSING_REFERENCE = _("Chargez d'abord les données de référence : manage.py loaddata reference")


class DemoDataError(Exception):
    """The demo cannot be made in this database; the message says why, in French."""


def date_between(rng, first, last):
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def spread(rng, total, weights):
    """Deal `total` items among holders in proportion to their weights; counts per holder."""
    counts = [0] * len(weights)
    if total > 0 and any(weights):
        for index in rng.choices(range(len(weights)), weights=weights, k=total):
            counts[index] += 1
    return counts


class Reference:
    """The reference rows the demo is built on, read in a fixed order."""

    def __init__(self):
        framework = RightsFramework.objects.filter(code=FRAMEWORK_CODE).first()
        self.axes = list(framework.axes.order_by("number")) if framework else []
        self.housing = next((a for a in self.axes if a.code == HOUSING_AXIS_CODE), None)
        named = Commune.objects.select_related("arrondissement__province").filter(
            nis_code__in=[SAMBREVILLE, FLORENNES]
        )
        named = {commune.nis_code: commune for commune in named}
        self.themes = {theme.slug: theme for theme in Theme.objects.order_by("slug")}
        self.intervention_axes = list(InterventionAxis.objects.order_by("slug"))
        self.audiences = {audience.slug: audience for audience in Audience.objects.order_by("slug")}
        publics = list(TargetPublic.objects.order_by("slug"))
        self.people = [p for p in publics if p.group == TargetPublic.Group.PEOPLE]
        self.operators = [p for p in publics if p.group == TargetPublic.Group.OPERATORS]
        if not (self.housing and len(named) == 2 and self.themes and self.intervention_axes):
            raise DemoDataError(MISSING_REFERENCE)
        if not (self.people and self.operators):
            raise DemoDataError(MISSING_REFERENCE)
        self.sambreville, self.florennes = named[SAMBREVILLE], named[FLORENNES]
        province = self.sambreville.arrondissement.province
        self.province = province.name
        self.communes = list(Commune.objects.in_province(province).order_by("nis_code"))
        self.specific_themes = [t for t in self.themes.values() if t.group == Theme.Group.SPECIFIC]

    def theme_for(self, axis):
        return self.themes.get(content_of(axis)["theme"])
