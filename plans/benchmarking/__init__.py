"""The benchmark behind `manage.py benchmark`: how the application holds at a given scale.

It measures, on the configured PostgreSQL database, what the issue "Performance at scale"
sets targets for: every page (queries, median and 95th-percentile server time), the large
CSV exports next to PostgreSQL's own COPY of the same rows, imports in rows per second, and a
load run against gunicorn. Each measure is one Row of one table; the row says whether it
meets its target. The modules: `pages`, `exports`, `imports`, `load`.
"""

import statistics
from dataclasses import dataclass

from django.db import connection
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from cai.models import Organisation
from concertation.models import Meeting
from plans.models import Action, ActionUpdate, Plan

# Targets, from the issue, at the "wallonia" scale on a 2-core machine.
MAX_QUERIES = 15
PAGE_MEDIAN_MS, PAGE_P95_MS = 100, 250
ADMIN_P95_MS = 500
EXPORT_RATIO_TO_COPY = 3
EXPORT_MEMORY_MB = 100


@dataclass
class Row:
    """One line of the table. `met` is None when the measure has no target."""

    section: str
    what: str
    queries: int | None = None
    median_ms: float | None = None
    p95_ms: float | None = None
    other: str = ""
    met: bool | None = None


def measuring():
    """The settings of a production process for the in-process measures: DEBUG off (no query
    log, no template debugging), no HTTPS redirect or second factor in the way, and the test
    client's host allowed."""
    return override_settings(
        DEBUG=False,
        ALLOWED_HOSTS=["testserver"],
        SECURE_SSL_REDIRECT=False,
        REQUIRE_ADMIN_2FA=False,
    )


def page_row(section, what, queries, times, *, median_ms=None, p95_ms=None, other=""):
    """A page's row from its query count and its server times (seconds), against targets."""
    median, p95 = 1000 * statistics.median(times), 1000 * percentile(times, 95)
    met = queries <= MAX_QUERIES
    if median_ms is not None:
        met = met and median <= median_ms
    if p95_ms is not None:
        met = met and p95 <= p95_ms
    return Row(section, what, queries, median, p95, other, met)


def percentile(values, rank):
    """The nearest-rank percentile: the value under which `rank` % of the values fall."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, -(-rank * len(ordered) // 100) - 1))
    return ordered[index]


def scale():
    """How big the database is, in the words of the issue's scales."""
    counts = {
        _("actions"): Action.objects.count(),
        _("points d'avancement"): ActionUpdate.objects.count(),
        _("plans"): Plan.objects.count(),
        _("organisations"): Organisation.objects.count(),
        _("réunions"): Meeting.objects.count(),
    }
    figures = ", ".join(f"{number:,} {label}".replace(",", " ") for label, number in counts.items())
    return _("Échelle : %(figures)s (%(vendor)s, base %(name)s).") % {
        "figures": figures,
        "vendor": connection.vendor,
        "name": connection.settings_dict["NAME"],
    }


def headers():
    return [
        _("partie"),
        _("mesure"),
        _("requêtes"),
        _("médiane ms"),
        _("p95 ms"),
        _("autre"),
        _("objectif"),
    ]


def cells(row):
    return [
        str(row.section),
        str(row.what),
        "" if row.queries is None else str(row.queries),
        "" if row.median_ms is None else f"{row.median_ms:.0f}",
        "" if row.p95_ms is None else f"{row.p95_ms:.0f}",
        row.other,
        {True: "✓", False: "✗", None: "—"}[row.met],
    ]


def table(rows, *, markdown=False):
    """The rows as one table: aligned plain text, or Markdown for the README."""
    lines = [headers(), *(cells(row) for row in rows)]
    if markdown:
        escaped = [[cell.replace("|", "\\|") for cell in line] for line in lines]
        separator = ["---", "---", "---:", "---:", "---:", "---", ":---:"]
        return "\n".join(
            f"| {' | '.join(line)} |" for line in [escaped[0], separator, *escaped[1:]]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    right = {2, 3, 4}
    return "\n".join(
        "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    )
