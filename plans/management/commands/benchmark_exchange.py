import os
import resource as rusage
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from cai.exchange.formats import CSV
from cai.exchange.resources import describe_problems
from cai.spreadsheets import Column, csv_bytes, csv_lines
from plans import demo
from plans.models import Action
from plans.resources import ActionResource

BENCH_PREFIX = "BENCH-"


class Command(BaseCommand):
    help = _(
        "Mesure l'échange de tableurs sur la base configurée, par le code même de "
        "l'administration : import d'un CSV d'actions (aperçu puis import confirmé, en "
        "mises à jour puis en créations), puis export CSV en flux de toutes les actions "
        "(temps, mémoire ; comparé à COPY sur PostgreSQL). Modifie la base : à lancer sur une "
        "base de mesure, jamais en production. Ne fait pas partie de make test."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows", type=int, default=10_000, help=_("Lignes du CSV importé (10 000).")
        )
        parser.add_argument(
            "--skip-import", action="store_true", help=_("Ne mesurer que l'export.")
        )
        parser.add_argument(
            "--skip-export", action="store_true", help=_("Ne mesurer que l'import.")
        )

    def handle(self, *args, rows, skip_import, skip_export, **options):
        if Action.objects.count() < rows:
            if demo.demo_data_present():
                raise CommandError(
                    _(
                        "Moins de %(rows)d actions dans cette base : mesurez sur une base "
                        "sans démonstration (elle sera créée) ou après "
                        "« manage.py demo_data --size 100000 »."
                    )
                    % {"rows": rows}
                )
            call_command("demo_data", size=str(rows), seed=1, stdout=self.stdout)
        self.table = []
        if not skip_export:
            self.measure_export()
        if not skip_import:
            self.measure_import(rows)
        self.print_table()

    # --- import

    def measure_import(self, rows):
        actions = Action.objects.order_by("pk")[:rows]
        updated = self.csv_of(actions, title=toggle_suffix)
        self.import_csv(updated, _("mises à jour"))
        created = self.csv_of(actions, code=lambda code: f"{BENCH_PREFIX}{code}"[:20])
        try:
            self.import_csv(created, _("créations"))
        finally:
            Action.objects.filter(code__startswith=BENCH_PREFIX).delete()

    def csv_of(self, actions, **changes):
        """The admin's CSV export of the actions, with some columns changed."""
        resource = ActionResource()
        columns = []
        for column in resource.spreadsheet_columns():
            change = changes.get(resource.fields[_field_name(resource, column)].attribute)
            if change:
                column = Column(column.header, column.description, _changed(column, change))
            columns.append(column)
        return csv_bytes(columns, resource.export_rows(actions))

    def import_csv(self, content, label):
        started = time.perf_counter()
        dataset = CSV().create_dataset(content)
        self.record(_("lecture du CSV (%(label)s)") % {"label": label}, len(dataset), started)
        user = get_user_model().objects.filter(is_superuser=True).first()
        for dry_run, step in [(True, _("aperçu")), (False, _("import confirmé"))]:
            started = time.perf_counter()
            result = ActionResource().import_data(
                dataset,
                dry_run=dry_run,
                rollback_on_validation_errors=True,
                retain_instance_in_row_result=True,
                user=user,
            )
            if result.has_errors() or result.has_validation_errors():
                problems = describe_problems(result)
                raise CommandError(
                    _("L'import a échoué (%(count)d erreurs) : %(first)s")
                    % {"count": len(problems), "first": " | ".join(problems[:5])}
                )
            self.record(f"{step} ({label})", len(dataset), started)

    # --- export

    def measure_export(self):
        actions = Action.objects.order_by("plan", "code")
        count = actions.count()
        resource = ActionResource()
        columns = resource.spreadsheet_columns()
        rss_before = rss_now()
        reset_peak_rss()
        started = time.perf_counter()
        size = sum(len(line.encode()) for line in csv_lines(columns, resource.export_rows(actions)))
        seconds = self.record(_("export CSV en flux"), count, started)
        self.rss = (rss_before, rss_now(), peak_rss())
        self.traced_peaks = [
            (rows, traced_peak(columns, resource, actions[:rows]))
            for rows in sorted({min(count, 10_000), count})
        ]
        self.export_size = size
        if connection.vendor == "postgresql":
            started = time.perf_counter()
            copied = postgresql_copy()
            copy_seconds = self.record(_("COPY PostgreSQL, mêmes colonnes"), count, started)
            self.copy = (copied, seconds / copy_seconds)

    # --- report

    def record(self, step, rows, started):
        seconds = time.perf_counter() - started
        self.table.append((step, rows, seconds))
        return seconds

    def print_table(self):
        self.stdout.write(
            _("Base : %(vendor)s, %(actions)d actions.")
            % {"vendor": connection.vendor, "actions": Action.objects.count()}
        )
        self.stdout.write(
            f"{_('étape'):<44} {_('lignes'):>8} {_('secondes'):>9} {_('lignes/s'):>9}"
        )
        for step, rows, seconds in self.table:
            self.stdout.write(f"{step:<44} {rows:>8} {seconds:>9.2f} {rows / seconds:>9.0f}")
        if hasattr(self, "rss"):
            before, after, peak = (value / 2**20 for value in self.rss)
            self.stdout.write(
                _(
                    "Export en flux : %(size).1f Mo écrits ; RSS %(before).0f Mo avant, "
                    "%(after).0f Mo après, pic %(peak).0f Mo ; pic tracemalloc %(traced)s."
                )
                % {
                    "size": self.export_size / 2**20,
                    "before": before,
                    "after": after,
                    "peak": peak,
                    "traced": ", ".join(
                        _("%(mb).1f Mo pour %(rows)d lignes") % {"mb": b / 2**20, "rows": rows}
                        for rows, b in self.traced_peaks
                    ),
                }
            )
        if hasattr(self, "copy"):
            self.stdout.write(
                _("COPY : %(size).1f Mo ; l'export en flux prend %(ratio).1f fois son temps.")
                % {"size": self.copy[0] / 2**20, "ratio": self.copy[1]}
            )


def traced_peak(columns, resource, actions):
    """The most memory Python held at once while writing the export (tracemalloc)."""
    tracemalloc.start()
    for _line in csv_lines(columns, resource.export_rows(actions)):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def toggle_suffix(title):
    """Every title changes, and a second run brings them back."""
    return title.removesuffix(" (bis)") if title.endswith(" (bis)") else f"{title[:240]} (bis)"


def _field_name(resource, column):
    return next(name for name, f in resource.fields.items() if f.column_name == column.header)


def _changed(column, change):
    return lambda row: change(column.cell(row))


def rss_now():
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def reset_peak_rss():
    """Linux lets a process reset its peak RSS, so the peak is the export's own."""
    try:
        with open(f"/proc/{os.getpid()}/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        pass


def peak_rss():
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return rusage.getrusage(rusage.RUSAGE_SELF).ru_maxrss * 1024


def postgresql_copy():
    """The same columns as the export, written by PostgreSQL itself: the floor to compare to."""
    query = COPY_QUERY.format(**{name: model._meta.db_table for name, model in _tables().items()})
    size = 0
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(query) as copy:
        for data in copy:
            size += len(data)
    return size


def _tables():
    from cai.models import Commune, InterventionAxis, Organisation, RightsAxis, TargetPublic, Theme
    from concertation.models import Space
    from plans.models import ActionPartner, Objective, Plan

    return {
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
        "public": TargetPublic,
        "action_communes": Action.communes.through,
        "action_themes": Action.themes.through,
        "action_interventions": Action.intervention_axes.through,
        "action_publics": Action.target_publics.through,
    }


COPY_QUERY = """
COPY (
  WITH themes AS (
    SELECT l.action_id, string_agg(t.slug, ', ' ORDER BY t.slug) AS codes
    FROM {action_themes} l JOIN {theme} t ON t.id = l.theme_id GROUP BY l.action_id
  ), interventions AS (
    SELECT l.action_id, string_agg(t.slug, ', ' ORDER BY t.slug) AS codes
    FROM {action_interventions} l JOIN {intervention} t ON t.id = l.interventionaxis_id
    GROUP BY l.action_id
  ), publics AS (
    SELECT l.action_id, string_agg(t.slug, ', ' ORDER BY t.slug) AS codes
    FROM {action_publics} l JOIN {public} t ON t.id = l.targetpublic_id GROUP BY l.action_id
  ), communes AS (
    SELECT l.action_id, string_agg(l.commune_id, ', ' ORDER BY l.commune_id) AS codes
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
) TO STDOUT WITH (FORMAT csv, DELIMITER ';', HEADER false)
"""
