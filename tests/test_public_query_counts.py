"""Every public page, and every download, costs as many queries for 25 rows as for 2.

The data grows around one plan, one axis, one commune, one space and one memorandum, so
that each page below shows more rows of everything it lists when more rows are added.
"""

import datetime
import re
from collections import Counter
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factory import (
    make_acronym,
    make_action,
    make_action_partner,
    make_attendance,
    make_audience,
    make_axis,
    make_commune,
    make_diagnostic,
    make_finding,
    make_framework,
    make_indicator,
    make_indicator_value,
    make_intervention_axis,
    make_meeting,
    make_membership,
    make_memorandum,
    make_milestone,
    make_milestone_resource,
    make_milestone_source,
    make_objective,
    make_organisation,
    make_plan,
    make_recommendation,
    make_space,
    make_steering_membership,
    make_target_public,
    make_theme,
    make_update,
    new_nis_code,
)

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",  # home
    "/plans/",
    "/plans/plan-compte/",
    "/plans/plan-compte/actions/A-0/",
    "/axes/axe-compte/",
    "/axes/axe-compte/?plan=plan-compte&objective=OBJ-compte",  # linked from the plan page
    "/axes/axe-compte/?organisation=organisation",  # every organisation's name matches
    "/axes/axe-compte/actions.csv",
    "/axes/axe-compte/actions.csv?organisation=organisation",
    "/communes/",
    "/communes/92137/",
    "/concertation/",
    "/concertation/espace-compte/",
    "/memorandums/",
    "/memorandums/memo-compte/",
    "/chronologie/",
    "/chronologie.csv",
    "/chronologie/fiche-compte/",
]


@pytest.fixture
def world(db):
    """The records every page is about; add_rows() hangs more and more rows from them."""
    framework = make_framework()
    axis = make_axis(framework=framework, code="axe-compte")
    commune = make_commune(nis_code="92137", name="Sambreville")
    plan = make_plan(code="plan-compte", framework=framework)
    plan.communes.add(commune)
    objective = make_objective(plan=plan, axis=axis, code="OBJ-compte")
    return SimpleNamespace(
        framework=framework,
        axis=axis,
        commune=commune,
        plan=plan,
        objective=objective,
        diagnostic=make_diagnostic(plan=plan, is_published=True),
        action=make_action(plan=plan, objective=objective, axis=axis, code="A-0"),
        space=make_space(code="espace-compte", is_published=True),
        memorandum=make_memorandum(code="memo-compte", is_published=True),
        audience=make_audience(),
        intervention_axis=make_intervention_axis(),
        theme=make_theme(),
        card=make_milestone(plan=plan, slug="fiche-compte", is_published=True),
    )


def add_rows(world, n):
    """n more rows of everything the public pages list."""
    for day in range(n):
        organisation = make_organisation()
        commune = make_commune(nis_code=new_nis_code())
        add_plan_rows(world, organisation, commune)
        add_action_rows(world, organisation, commune, day)
        add_concertation_rows(world, organisation, commune, day)
        add_memorandum_and_milestone_rows(world, organisation)


def add_plan_rows(world, organisation, commune):
    make_plan(framework=world.framework, predecessor=world.plan).communes.add(commune)
    make_steering_membership(plan=world.plan, organisation=organisation)
    make_diagnostic(plan=world.plan, is_published=True)
    world.objective.findings.add(make_finding(diagnostic=world.diagnostic))


def add_action_rows(world, organisation, commune, day):
    recommendation = make_recommendation(memorandum=world.memorandum, axis=world.axis)
    with_objective = make_action(
        plan=world.plan, objective=world.objective, axis=world.axis, lead_organisation=organisation
    )
    without_objective = make_action(plan=world.plan, axis=world.axis)
    for action in (with_objective, without_objective, world.action):
        action.communes.add(world.commune, commune)
        make_action_partner(action=action, organisation=organisation)
        action.recommendations.add(recommendation)
        make_update(action, reported_on=datetime.date(2025, 1, 1) + datetime.timedelta(day))
    world.action.themes.add(make_theme())
    world.action.intervention_axes.add(make_intervention_axis())
    world.action.target_publics.add(make_target_public())
    indicator = make_indicator(action=world.action)
    make_indicator_value(indicator=indicator, year=2024)
    make_indicator_value(indicator=indicator, year=2025)


def add_concertation_rows(world, organisation, commune, day):
    local = make_space(is_published=True)
    local.plans.add(world.plan)
    local.communes.add(world.commune, commune)
    make_membership(space=local, organisation=organisation)
    make_membership(space=world.space, organisation=organisation)
    world.space.communes.add(commune)
    world.space.plans.add(make_plan())
    world.space.axes.add(make_axis(framework=world.framework))
    world.space.themes.add(make_theme())
    meeting = make_meeting(
        space=world.space,
        commune=commune,
        held_on=timezone.localdate() + datetime.timedelta(days=day + 1),
        place="Tamines",
        is_published=True,
    )
    make_attendance(meeting=meeting, organisation=organisation, people_count=2)


def add_memorandum_and_milestone_rows(world, organisation):
    world.memorandum.co_authors.add(organisation)
    make_recommendation(memorandum=make_memorandum(is_published=True))
    for plan in (world.plan, None):
        milestone = make_milestone(plan=plan, is_published=True)
        milestone.audiences.add(world.audience, make_audience())
        milestone.intervention_axes.add(world.intervention_axis)
        milestone.themes.add(world.theme, make_theme())
    card = world.card
    card.plans.add(make_plan())
    card.audiences.add(make_audience())
    card.intervention_axes.add(make_intervention_axis())
    card.target_publics.add(make_target_public())
    card.themes.add(make_theme())
    make_milestone_source(milestone=card, reference=f"RA {card.sources.count()}", pages="p 2")
    make_milestone_resource(milestone=card, url="https://cai.example/fiche")
    card.declared_acronyms.create(acronym=make_acronym(), expansion="Sigle de la fiche")


def fetch(visitor, url):
    """The page's queries and its size, a download read to its end inside the capture.

    The cache is emptied first, so that a page that keeps figures there (the commune list)
    is counted as it runs when they have expired."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries], len(body)


def test_no_public_page_makes_more_queries_for_25_rows_than_for_2_nor_more_than_15(visitor, world):
    # One data set serves every page: building 25 rows of everything once keeps this fast.
    add_rows(world, 2)
    few = {url: fetch(visitor, url) for url in PUBLIC_URLS}
    add_rows(world, 23)
    many = {url: fetch(visitor, url) for url in PUBLIC_URLS}

    for url in PUBLIC_URLS:
        assert many[url][1] > few[url][1], f"{url} should show more rows with more data"
    assert query_counts(many) == query_counts(few), loops(few, many)
    assert max(query_counts(many).values()) <= 15, query_counts(many)


def query_counts(fetched):
    return {url: len(queries) for url, (queries, _size) in fetched.items()}


def loops(few, many):
    """The queries each page runs more often for more rows, ids blurred: where it loops."""

    def shapes(queries):
        blurred = (re.sub(r"\b\d+\b", "N", sql) for sql in queries)
        return Counter(re.sub(r"IN \(N(, N)*\)", "IN (…)", sql) for sql in blurred)

    lines = []
    for url in PUBLIC_URLS:
        if len(many[url][0]) == len(few[url][0]):
            continue
        grown = shapes(many[url][0]) - shapes(few[url][0])
        lines += [f"{url}: {times} more {sql[:300]}" for sql, times in grown.most_common()]
    return "\n".join(lines)
