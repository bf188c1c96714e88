"""The large CSV downloads, each next to PostgreSQL's own COPY of the same rows.

COPY is the floor: the database writing the same columns itself, with no Python in the way.
An export is measured through its view, as a browser would get it (streamed, every byte read):
its time, its queries, and how much memory the process grew while writing it.
"""

import os
import resource
import time
import tracemalloc
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cai.models import (
    Audience,
    Commune,
    InterventionAxis,
    Organisation,
    RightsAxis,
    TargetPublic,
    Theme,
)
from concertation.models import Space
from plans.models import Action, ActionPartner, Milestone, Objective, Plan, Status

from . import EXPORT_MEMORY_MB, EXPORT_RATIO_TO_COPY, Row
from .pages import admin_client

SECTION = gettext_lazy("export")


def measure_exports():
    """One row per large CSV download, as a superuser made for the measure (rolled back)."""
    with transaction.atomic():
        rows = measure_downloads(admin_client())
        transaction.set_rollback(True)
    return rows


@dataclass
class Export:
    """A large download and the COPY it is compared with. Only the export of every action
    is held to the time target (the issue's 100,000 actions)."""

    what: str
    url_name: str
    args: list
    copy_query: str
    copy_params: list
    held_to_copy: bool = False


@dataclass
class Download:
    status: int
    size: int
    lines: int
    seconds: float
    queries: int
    memory: int  # the most the process grew by while writing it, in bytes


def measure_downloads(client):
    published = Q(actions__is_published=True, actions__plan__is_published=True)
    axis = (
        RightsAxis.objects.annotate(published=Count("actions", filter=published))
        .order_by("-published", "code")
        .first()
    )
    exports = [
        Export(
            _("admin : toutes les actions, en flux"),
            "admin:plans_action_streamed_export",
            [],
            COPY_ALL_ACTIONS,
            [],
            held_to_copy=True,
        ),
        Export(
            _("public : actions de l'axe %(axis)s") % {"axis": axis.code},
            "plans:axis-csv",
            [axis.code],
            COPY_AXIS_ACTIONS,
            [axis.pk],
        ),
        Export(_("public : chronologie"), "plans:chronology-csv", [], COPY_MILESTONES, []),
    ]
    return [measure_export(client, export) for export in exports]


def measure_export(client, export):
    try:
        url = reverse(export.url_name, args=export.args)
    except NoReverseMatch:
        unknown = _("non mesurée : adresse %s inconnue") % export.url_name
        return Row(SECTION, export.what, other=unknown)
    download = timed_download(client, url)
    copy_seconds, copy_size = timed_copy(export.copy_query, export.copy_params)
    ratio = download.seconds / copy_seconds
    met = (
        download.status == 200
        and download.memory <= EXPORT_MEMORY_MB * 2**20
        and (ratio <= EXPORT_RATIO_TO_COPY or not export.held_to_copy)
    )
    other = _(
        "%(lines)d lignes, %(seconds).1f s ; COPY %(copy).2f s (×%(ratio).1f) ; "
        "mémoire +%(memory).0f Mo ; %(size).1f Mo (COPY %(copy_size).1f Mo)"
    ) % {
        "lines": download.lines,
        "seconds": download.seconds,
        "copy": copy_seconds,
        "ratio": ratio,
        "memory": download.memory / 2**20,
        "size": download.size / 2**20,
        "copy_size": copy_size / 2**20,
    }
    if download.status != 200:
        other = f"HTTP {download.status} ; {other}"
    return Row(SECTION, f"{export.what} ({url})", download.queries, other=other, met=met)


def timed_download(client, url):
    """One download timed with its queries counted, its memory read two ways: the process's
    peak size, and Python's own peak (tracemalloc, on a second download: it slows the code
    it watches)."""
    counter = QueryCounter()
    size_before = rss()
    reset_peak_rss()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        status, size, lines = drain(client.get(url))
        seconds = time.perf_counter() - started
    memory = max(peak_rss() - size_before, traced_peak(client, url))
    return Download(status, size, lines - 1, seconds, counter.count, memory)


class QueryCounter:
    """Counts the queries run, without keeping their text (which would weigh in memory)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def drain(response):
    """Read the whole download, as a browser would: status, bytes, lines."""
    size = lines = 0
    for chunk in response.streaming_content if response.streaming else [response.content]:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return response.status_code, size, lines


def traced_peak(client, url):
    """The most memory Python held at once during a download (tracemalloc): exact where
    the process's size may hide memory reused from earlier work."""
    tracemalloc.start()
    try:
        drain(client.get(url))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def timed_copy(query, params):
    """Seconds and bytes of PostgreSQL writing the same rows itself."""
    query = query.format(**tables())
    size = 0
    started = time.perf_counter()
    with connection.cursor() as cursor, cursor.cursor.copy(query, params or None) as copy:
        for data in copy:
            size += len(data)
    return time.perf_counter() - started, size


def rss():
    return _proc_status("VmRSS") or 0


def reset_peak_rss():
    """Linux lets a process reset its peak size, so that the peak is the export's own."""
    try:
        with open(f"/proc/{os.getpid()}/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        pass


def peak_rss():
    peak = _proc_status("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _proc_status(key):
    try:
        with open(f"/proc/{os.getpid()}/status") as status:
            for line in status:
                if line.startswith(f"{key}:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def tables():
    """Table and column names for the COPY queries, read from the models."""
    names = {
        "action": Action,
        "plan": Plan,
        "objective": Objective,
        "axis": RightsAxis,
        "organisation": Organisation,
        "space": Space,
        "partner": ActionPartner,
        "commune": Commune,
        "theme": Theme,
        "intervention": InterventionAxis,
        "audience": Audience,
        "public": TargetPublic,
        "milestone": Milestone,
    }
    found = {name: model._meta.db_table for name, model in names.items()}
    links = {
        "action_communes": Action.communes,
        "action_themes": Action.themes,
        "action_interventions": Action.intervention_axes,
        "action_publics": Action.target_publics,
        "milestone_audiences": Milestone.audiences,
        "milestone_interventions": Milestone.intervention_axes,
        "milestone_themes": Milestone.themes,
        "milestone_publics": Milestone.target_publics,
        "milestone_plans": Milestone.plans,
    }
    for name, descriptor in links.items():
        through, field = descriptor.through, descriptor.field
        found[name] = through._meta.db_table
        found[f"{name}_target"] = through._meta.get_field(field.m2m_reverse_field_name()).column
    found["status_labels"] = status_labels()
    return found


def status_labels():
    """A CASE of the status labels, as the export writes them (quoted for SQL)."""

    def quoted(text):
        return "'" + str(text).replace("'", "''") + "'"

    whens = " ".join(
        f"WHEN {quoted(value)} THEN {quoted(label)}" for value, label in Status.choices
    )
    return f"CASE a.status {whens} END"


# The admin's export of every action: the columns of plans.resources.ActionResource.
COPY_ALL_ACTIONS = """
COPY (
  WITH themes AS (
    SELECT l.action_id, string_agg(t.slug, ', ' ORDER BY t.slug) AS codes
    FROM {action_themes} l JOIN {theme} t ON t.id = l.{action_themes_target} GROUP BY l.action_id
  ), interventions AS (
    SELECT l.action_id, string_agg(t.slug, ', ' ORDER BY t.slug) AS codes
    FROM {action_interventions} l JOIN {intervention} t ON t.id = l.{action_interventions_target}
    GROUP BY l.action_id
  ), publics AS (
    SELECT l.action_id, string_agg(t.slug, ', ' ORDER BY t.slug) AS codes
    FROM {action_publics} l JOIN {public} t ON t.id = l.{action_publics_target}
    GROUP BY l.action_id
  ), communes AS (
    SELECT l.action_id, string_agg(l.{action_communes_target}, ', '
      ORDER BY l.{action_communes_target}) AS codes
    FROM {action_communes} l GROUP BY l.action_id
  ), partners AS (
    SELECT ap.action_id, string_agg(org.code || ' (' || ap.role || ')', ', ' ORDER BY org.code)
      AS codes
    FROM {partner} ap JOIN {organisation} org ON org.id = ap.organisation_id
    GROUP BY ap.action_id
  )
  SELECT p.code, a.code, a.title, a.description, o.code, ax.code, themes.codes,
    interventions.codes, publics.codes, communes.codes, lead.code, partners.codes, s.code,
    to_char(a.started_on, 'DD/MM/YYYY'), to_char(a.ended_on, 'DD/MM/YYYY'),
    a.pcs_action_reference, a.internal_note, CASE WHEN a.is_published THEN 'oui' ELSE 'non' END
  FROM {action} a
  JOIN {plan} p ON p.id = a.plan_id
  LEFT JOIN {objective} o ON o.id = a.objective_id
  JOIN {axis} ax ON ax.id = a.axis_id
  JOIN {organisation} lead ON lead.id = a.lead_organisation_id
  LEFT JOIN {space} s ON s.id = a.concertation_space_id
  LEFT JOIN themes ON themes.action_id = a.id
  LEFT JOIN interventions ON interventions.action_id = a.id
  LEFT JOIN publics ON publics.action_id = a.id
  LEFT JOIN communes ON communes.action_id = a.id
  LEFT JOIN partners ON partners.action_id = a.id
  ORDER BY p.code, a.code
) TO STDOUT WITH (FORMAT csv, DELIMITER ';', HEADER true)
"""

# A public list of actions (plans.exports.ACTION_COLUMNS): the published actions of one axis.
COPY_AXIS_ACTIONS = """
COPY (
  SELECT p.code, p.title, a.code, a.title, ax.code, ax.name, {status_labels}, a.progress,
    lead.code, lead.name, partners.names, communes.codes, communes.names,
    to_char(a.started_on, 'DD/MM/YYYY'), to_char(a.ended_on, 'DD/MM/YYYY')
  FROM {action} a
  JOIN {plan} p ON p.id = a.plan_id
  JOIN {axis} ax ON ax.id = a.axis_id
  JOIN {organisation} lead ON lead.id = a.lead_organisation_id
  LEFT JOIN LATERAL (
    SELECT string_agg(org.name, ', ' ORDER BY ap.id) AS names
    FROM {partner} ap JOIN {organisation} org ON org.id = ap.organisation_id
    WHERE ap.action_id = a.id
  ) partners ON true
  LEFT JOIN LATERAL (
    SELECT string_agg(c.nis_code, ', ' ORDER BY c.name) AS codes,
      string_agg(c.name, ', ' ORDER BY c.name) AS names
    FROM {action_communes} l JOIN {commune} c ON c.nis_code = l.{action_communes_target}
    WHERE l.action_id = a.id
  ) communes ON true
  WHERE a.axis_id = %s AND a.is_published AND p.is_published
  ORDER BY p.code, a.code
) TO STDOUT WITH (FORMAT csv, DELIMITER ';', HEADER true)
"""

# The chronology (plans.exports.MILESTONE_COLUMNS): every published milestone.
COPY_MILESTONES = """
COPY (
  SELECT to_char(m.occurred_on, 'DD/MM/YYYY'), m.title, plans.codes, audiences.names,
    interventions.names, publics.names, themes.names, m.narrative
  FROM {milestone} m
  LEFT JOIN LATERAL (
    SELECT string_agg(p.code, ', ' ORDER BY p.start_year DESC, p.title) AS codes,
      bool_or(NOT p.is_published) AS hidden
    FROM {milestone_plans} l JOIN {plan} p ON p.id = l.{milestone_plans_target}
    WHERE l.milestone_id = m.id
  ) plans ON true
  LEFT JOIN LATERAL (
    SELECT string_agg(t.name, ', ' ORDER BY t.position, t.name) AS names
    FROM {milestone_audiences} l JOIN {audience} t ON t.id = l.{milestone_audiences_target}
    WHERE l.milestone_id = m.id
  ) audiences ON true
  LEFT JOIN LATERAL (
    SELECT string_agg(t.name, ', ' ORDER BY t.position, t.name) AS names
    FROM {milestone_interventions} l
    JOIN {intervention} t ON t.id = l.{milestone_interventions_target}
    WHERE l.milestone_id = m.id
  ) interventions ON true
  LEFT JOIN LATERAL (
    SELECT string_agg(t.name, ', ' ORDER BY t."group", t.position, t.name) AS names
    FROM {milestone_publics} l JOIN {public} t ON t.id = l.{milestone_publics_target}
    WHERE l.milestone_id = m.id
  ) publics ON true
  LEFT JOIN LATERAL (
    SELECT string_agg(t.name, ', ' ORDER BY t.position, t.name) AS names
    FROM {milestone_themes} l JOIN {theme} t ON t.id = l.{milestone_themes_target}
    WHERE l.milestone_id = m.id
  ) themes ON true
  WHERE m.is_published AND plans.hidden IS NOT TRUE
  ORDER BY m.occurred_on, m.title
) TO STDOUT WITH (FORMAT csv, DELIMITER ';', HEADER true)
"""
