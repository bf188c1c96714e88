"""The load run: gunicorn configured as in production, locust's visitors on the public pages.

gunicorn serves the measured database with DEBUG off and collected static files; locust
(bench/locustfile.py) sends simulated visitors for a given time at addresses drawn here from
the database. Locust's own statistics (its CSV files) give the rows: requests, errors and
percentiles per kind of page, then in all. gunicorn is stopped at the end, whatever happens.
"""

import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cai.models import Commune, RightsAxis
from concertation.models import Space
from plans.models import Action, Plan

from . import Row

SECTION = gettext_lazy("charge")
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(settings.BASE_DIR) / "bench" / "locustfile.py"
SAMPLE_SIZE = 200  # addresses drawn per kind of page
READY_SECONDS = 60


class LoadRunError(Exception):
    """The server or the load tool did not run; the message says why, in French."""


def default_workers():
    """gunicorn's own advice for synchronous workers: two per core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def sample_urls():
    """Public addresses by kind of page, drawn at random from the published rows."""
    actions = Action.objects.published().select_related("plan").order_by("?")[:SAMPLE_SIZE]
    communes = Commune.objects.with_published_actions().order_by("?")[:SAMPLE_SIZE]
    plans = Plan.objects.published().order_by("?")[:SAMPLE_SIZE]
    spaces = Space.objects.published().order_by("?")[:SAMPLE_SIZE]
    return {
        "accueil": [reverse("plans:home")],
        "plans": [reverse("plans:plan-list")],
        "plan": [plan.get_absolute_url() for plan in plans],
        "action": [a.get_absolute_url() for a in actions],
        "communes": [reverse("plans:commune-list")],
        "commune": [c.get_absolute_url() for c in communes],
        "axe": [
            reverse("plans:axis-detail", args=[axis.code])
            for axis in RightsAxis.objects.filter(actions__is_published=True).distinct()
        ],
        "chronologie": [reverse("plans:chronology")],
        "concertation": [reverse("concertation:space-list")]
        + [space.get_absolute_url() for space in spaces],
    }


def run_load(*, seconds, users, spawn_rate, workers):
    """Rows of the load run: one per kind of page, then all of them together."""
    with tempfile.TemporaryDirectory(prefix="cai-benchmark-") as folder:
        folder = Path(folder)
        urls = folder / "urls.json"
        urls.write_text(json.dumps(sample_urls()))
        env = production_env(folder)
        manage = [BIN / "python", Path(settings.BASE_DIR) / "manage.py"]
        run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], env, folder)
        port = free_port()
        server = start_server(env, port, workers, folder)
        try:
            wait_until_ready(server, port, folder)
            locust = [
                *(BIN / "locust", "-f", LOCUSTFILE, "--headless", "--only-summary"),
                *("-u", users, "-r", spawn_rate, "-t", f"{seconds}s"),
                *("--host", f"http://127.0.0.1:{port}", "--csv", folder / "locust"),
            ]
            run(locust, {**os.environ, "CAI_BENCH_URLS": str(urls)}, folder, seconds + 120)
        finally:
            stop(server)
        return rows_of(folder / "locust_stats.csv")


def production_env(folder):
    """The environment of a production process on this database (README, "Production")."""
    if "DATABASE_URL" not in os.environ:
        raise LoadRunError(_("La charge demande DATABASE_URL : gunicorn lit la base par là."))
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(folder / "static"),
        "DATABASE_URL": os.environ["DATABASE_URL"],
    }


def run(command, env, folder, timeout=600):
    """Run a tool to its end; its output goes to a log kept for the error message."""
    log = folder / "tool.log"
    with log.open("a") as output:
        completed = subprocess.run(
            [str(part) for part in command],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    # locust ends with 1 when some requests failed: the table counts them.
    accepted = {0, 1} if Path(command[0]).name == "locust" else {0}
    if completed.returncode not in accepted:
        raise LoadRunError(
            _("%(tool)s a échoué (code %(code)d) : %(log)s")
            % {"tool": Path(command[0]).name, "code": completed.returncode, "log": tail(log)}
        )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env, port, workers, folder):
    command = [
        *(BIN / "gunicorn", "cai.wsgi", "--bind", f"127.0.0.1:{port}"),
        *("--workers", workers, "--error-logfile", folder / "gunicorn.log"),
    ]
    return subprocess.Popen([str(part) for part in command], env=env, cwd=settings.BASE_DIR)


def wait_until_ready(server, port, folder):
    """Until the health probe answers: the workers are up and reach the database."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise LoadRunError(
        _("gunicorn ne répond pas : %(log)s") % {"log": tail(folder / "gunicorn.log")}
    )


def stop(server):
    """A graceful stop (SIGTERM lets the workers finish their requests), then a hard one."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def tail(log, lines=5):
    try:
        return " | ".join(log.read_text().strip().splitlines()[-lines:])
    except OSError:
        return ""


def rows_of(stats_file):
    """The rows of locust's statistics: per kind of page, then "Aggregated" (all pages)."""
    with stats_file.open(newline="") as stats:
        return [row_of(line) for line in csv.DictReader(stats)]


def row_of(line):
    requests, failures = int(line["Request Count"]), int(line["Failure Count"])
    what = _("toutes les pages") if line["Name"] == "Aggregated" else line["Name"]
    other = _("%(requests)d requêtes, %(failures)d erreurs, p99 %(p99)s ms, %(rps).0f req/s") % {
        "requests": requests,
        "failures": failures,
        "p99": line["99%"],
        "rps": float(line["Requests/s"]),
    }
    return Row(
        SECTION,
        what,
        median_ms=float(line["50%"]) if requests else None,
        p95_ms=float(line["95%"]) if requests else None,
        other=other,
        met=failures == 0 and requests > 0,
    )
