"""The benchmark: it measures PostgreSQL only, every page it should, and leaves no trace.

The command itself runs for minutes on a large database (README, "Benchmark"); these tests
call its parts on the small demo, on whatever database the suite runs on.
"""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import resolve

from cai.models import User
from plans import benchmarking
from plans.benchmarking import exports, imports, load, pages
from plans.models import Action, ActionUpdate

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's own"
)


@pytest.fixture
def small_demo(db):
    """The reference data and the small demo: three plans, sixty actions."""
    call_command("loaddata", "reference", verbosity=0)
    call_command("demo_data", stdout=io.StringIO())


def test_the_command_refuses_a_database_other_than_postgresql(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("benchmark", stdout=io.StringIO())


def test_it_measures_every_public_page_and_every_admin_changelist_and_leaves_no_trace(
    small_demo,
):
    updates = ActionUpdate.objects.count()
    with benchmarking.measuring():
        rows = pages.measure_pages(repeat=1)
    measured = {resolve(row.what).view_name for row in rows}
    public = [
        "plans:home",
        "plans:plan-list",
        "plans:plan-detail",
        "plans:action-detail",
        "plans:axis-detail",
        "plans:commune-list",
        "plans:commune-detail",
        "plans:memorandum-list",
        "plans:memorandum-detail",
        "plans:chronology",
        "concertation:space-list",
        "concertation:space-detail",
    ]
    changelists = [
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
    ]
    assert set(public + changelists) <= measured
    for row in rows:
        assert row.other == "", f"{row.what}: {row.other}"
        assert row.queries > 0 and row.median_ms > 0 and row.met is not None
    # The users it logged in as and the draft it opened were rolled back.
    assert not User.objects.filter(username__startswith="benchmark-").exists()
    assert ActionUpdate.objects.count() == updates


def test_imports_are_measured_in_rows_per_second_and_rolled_back(small_demo):
    actions, updates = Action.objects.count(), ActionUpdate.objects.count()
    rows = imports.measure_imports(10)
    assert [row.what for row in rows] == [
        "actions : aperçu",
        "actions : import confirmé",
        "points : aperçu",
        "points : import confirmé",
    ]
    assert all("lignes/s" in row.other for row in rows)
    assert (Action.objects.count(), ActionUpdate.objects.count()) == (actions, updates)


@on_postgresql
def test_each_large_export_is_compared_with_postgresqls_copy_of_the_same_rows(small_demo):
    with benchmarking.measuring():
        rows = exports.measure_exports()
    assert len(rows) == 3
    for row in rows:
        assert "COPY" in row.other and "HTTP" not in row.other


def test_a_page_is_held_to_its_targets():
    fast, slow = [0.05] * 20, [0.05] * 18 + [0.3, 0.3]
    assert benchmarking.page_row("public", "/", 10, fast, median_ms=100, p95_ms=250).met
    assert not benchmarking.page_row("public", "/", 10, slow, median_ms=100, p95_ms=250).met
    assert not benchmarking.page_row("public", "/", 16, fast, median_ms=100, p95_ms=250).met


def test_the_table_marks_each_target_met_missed_or_absent():
    rows = [
        benchmarking.Row("public", "/", 6, 40.0, 80.0, met=True),
        benchmarking.Row("admin", "/admin/plans/action/", 9, 300.0, 600.0, met=False),
        benchmarking.Row("import", "actions : aperçu", other="10 lignes/s"),
    ]
    text = benchmarking.table(rows).splitlines()
    assert [line[-1] for line in text[1:]] == ["✓", "✗", "—"]
    assert len({line.index("requêtes") for line in text[:1]}) == 1
    markdown = benchmarking.table(rows, markdown=True).splitlines()
    assert markdown[0].startswith("| partie | mesure | requêtes")
    assert markdown[1].startswith("| --- |")


def test_the_load_run_reads_locusts_statistics(tmp_path):
    stats = tmp_path / "locust_stats.csv"
    stats.write_text(
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
        "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
        "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
        "GET,action,120,0,45,50,20,300,9000,2.0,0.0,45,50,55,60,80,120,200,250,300,300,300\n"
        ",Aggregated,300,2,40,48,10,400,8000,5.0,0.03,40,45,50,55,70,110,190,240,400,400,400\n"
    )
    action, everything = load.rows_of(stats)
    assert (action.what, action.median_ms, action.p95_ms, action.met) == ("action", 45, 120, True)
    assert "p99 250 ms" in action.other
    assert (everything.what, everything.met) == ("toutes les pages", False)
    assert "2 erreurs" in everything.other
