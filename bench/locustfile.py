"""Visitors of the public site, for the load run of `manage.py benchmark` (README, "Benchmark").

Each simulated visitor reads a page, pauses as a reader does, and reads another: most often an
action, then the home page, a plan, a commune or an axis. The addresses are real ones, drawn
from the measured database: the benchmark writes them to the JSON file named by
CAI_BENCH_URLS ({"action": ["/plans/…/actions/A-2.1/", …], …}). Run alone, without that
variable, this file draws them itself through Django (DJANGO_SETTINGS_MODULE, DATABASE_URL):

    .venv/bin/locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s \
        --host http://127.0.0.1:8000
"""

import json
import os
import random
import sys
from pathlib import Path

from locust import HttpUser, between, task

# How often a visitor asks for each kind of page, relative to the others.
WEIGHTS = {
    "action": 5,
    "accueil": 3,
    "plan": 2,
    "commune": 2,
    "axe": 2,
    "plans": 1,
    "communes": 1,
    "chronologie": 1,
    "concertation": 1,
}


def load_urls():
    if "CAI_BENCH_URLS" in os.environ:
        return json.loads(Path(os.environ["CAI_BENCH_URLS"]).read_text())
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cai.settings")
    import django

    django.setup()
    from plans.benchmarking.load import sample_urls

    return sample_urls()


URLS = {kind: urls for kind, urls in load_urls().items() if urls}
KINDS = [kind for kind in WEIGHTS if kind in URLS]


class Visitor(HttpUser):
    # A reader stays on a page a moment before the next one.
    wait_time = between(0.5, 2)

    @task
    def read_a_page(self):
        kind = random.choices(KINDS, weights=[WEIGHTS[kind] for kind in KINDS])[0]
        self.client.get(random.choice(URLS[kind]), name=kind)
