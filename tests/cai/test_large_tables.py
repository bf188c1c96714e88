"""The admin lists of the big tables never count the whole table on each page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cai import admin as cai_admin
from tests.factory import make_action, make_plan

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the estimate reads PostgreSQL's statistics"
)


def counts_of_actions(queries):
    return [q["sql"] for q in queries if "COUNT(" in q["sql"] and "plans_action" in q["sql"]]


@pytest.fixture
def actions(db):
    plan = make_plan()
    return [make_action(plan=plan) for _ in range(3)]


@postgresql_only
def test_the_unfiltered_action_list_takes_its_total_from_the_statistics(
    coordinator_client, actions, monkeypatch
):
    monkeypatch.setattr(cai_admin, "ESTIMATE_FROM", 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE plans_action")
    make_action(plan=actions[0].plan)  # the statistics do not know it yet
    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get(reverse("admin:plans_action_changelist"))
    assert "3 actions" in response.content.decode()  # the estimate, not the 4 rows
    assert [q for q in counts_of_actions(queries) if "reltuples" not in q] == []


def test_a_filtered_list_is_counted_exactly(coordinator_client, actions, monkeypatch):
    monkeypatch.setattr(cai_admin, "ESTIMATE_FROM", 1)
    url = reverse("admin:plans_action_changelist") + f"?plan__id__exact={actions[0].plan_id}"
    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get(url)
    assert "3 actions" in response.content.decode()
    assert len(counts_of_actions(queries)) == 1


def test_a_small_table_is_counted_exactly_even_unfiltered(coordinator_client, actions):
    response = coordinator_client.get(reverse("admin:plans_action_changelist"))
    assert "3 actions" in response.content.decode()


@postgresql_only
def test_small_and_large_tables_cost_the_same_queries(coordinator_client, actions, monkeypatch):
    url = reverse("admin:plans_action_changelist")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE plans_action")
    with CaptureQueriesContext(connection) as counted_exactly:
        coordinator_client.get(url)
    monkeypatch.setattr(cai_admin, "ESTIMATE_FROM", 1)
    with CaptureQueriesContext(connection) as estimated:
        coordinator_client.get(url)
    assert len(counted_exactly) == len(estimated)
