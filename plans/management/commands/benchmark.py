import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from plans import benchmarking
from plans.benchmarking import exports, imports, load, pages


class Command(BaseCommand):
    help = _(
        "Mesure l'application sur la base PostgreSQL configurée et imprime un tableau : "
        "requêtes et temps serveur (médiane, 95e centile) de chaque page publique, de "
        "l'espace partenaires et de chaque liste de l'administration ; gros exports CSV "
        "comparés au COPY de PostgreSQL ; imports en lignes par seconde ; charge sous "
        "gunicorn avec locust. Ne modifie pas la base. Ne fait pas partie de make test."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=20, help=_("Requêtes mesurées par page (20).")
        )
        parser.add_argument(
            "--markdown", action="store_true", help=_("Tableau en Markdown (pour le README).")
        )
        parser.add_argument("--import-rows", type=int, default=5_000, help=_("Lignes importées."))
        parser.add_argument(
            "--load-seconds", type=int, default=60, help=_("Durée de la charge (60 s).")
        )
        parser.add_argument(
            "--users", type=int, default=50, help=_("Visiteurs simultanés de la charge (50).")
        )
        parser.add_argument(
            "--spawn-rate", type=int, default=10, help=_("Visiteurs ajoutés par seconde (10).")
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=load.default_workers(),
            help=_("Processus gunicorn (2 par cœur + 1)."),
        )
        for part in ("pages", "exports", "imports", "load"):
            parser.add_argument(
                f"--skip-{part}",
                action="store_true",
                help=_("Ne pas mesurer cette partie (%(part)s).") % {"part": part},
            )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                _(
                    "Le benchmark mesure PostgreSQL, la base de production ; cette base est "
                    "%(vendor)s. Pointez DATABASE_URL vers une base PostgreSQL de mesure."
                )
                % {"vendor": connection.vendor}
            )
        started = time.monotonic()
        self.stdout.write(benchmarking.scale())
        rows, slow = self.measure(options)
        self.stdout.write(benchmarking.table(rows, markdown=options["markdown"]))
        if options["verbosity"] >= 2:
            self.write_slow_queries(slow)
        missed = sum(row.met is False for row in rows)
        self.stdout.write(
            _("%(rows)d mesures, %(missed)d objectifs manqués, en %(seconds).0f s.")
            % {"rows": len(rows), "missed": missed, "seconds": time.monotonic() - started}
        )

    def measure(self, options):
        """Rows in the order of the table; the exports first, while the process is small."""
        found, slow = {}, []
        with benchmarking.measuring():
            if not options["skip_exports"]:
                found["exports"] = exports.measure_exports()
            if not options["skip_pages"]:
                found["pages"] = pages.measure_pages(options["repeat"], slow_queries=slow)
            if not options["skip_imports"]:
                found["imports"] = imports.measure_imports(options["import_rows"])
        if not options["skip_load"]:
            try:
                found["load"] = load.run_load(
                    seconds=options["load_seconds"],
                    users=options["users"],
                    spawn_rate=options["spawn_rate"],
                    workers=options["workers"],
                )
            except load.LoadRunError as error:
                raise CommandError(str(error)) from error
        order = ["pages", "exports", "imports", "load"]
        return [row for part in order for row in found.get(part, [])], slow

    def write_slow_queries(self, slow):
        """For each page that misses a target, its slowest queries: where to look first."""
        for url, queries in slow:
            total = sum(float(query["time"]) for query in queries) * 1000
            self.stderr.write(
                _("%(url)s : %(count)d requêtes, %(total).0f ms de SQL ; les plus lentes :")
                % {"url": url, "count": len(queries), "total": total}
            )
            for query in sorted(queries, key=lambda q: -float(q["time"]))[:3]:
                self.stderr.write(f"  {float(query['time']) * 1000:8.1f} ms  {query['sql'][:400]}")
