"""The partner's list and action pages cost as many queries for 25 rows as for 2."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import ActionPartner, ActionUpdate, ReportedIndicatorValue
from tests.factory import (
    make_action,
    make_action_partner,
    make_commune,
    make_indicator,
    make_indicator_value,
    make_organisation,
    make_plan,
    make_theme,
    make_update,
    make_user,
)

from .pages import detail_url

pytestmark = pytest.mark.django_db

Review = ActionUpdate.Review


def add_rows(organisation_a, action, n):
    """n more of everything the two pages list: actions led and partnered (in more plans),
    partners, communes, themes, indicators and their values, updates in every state."""
    for day in range(n):
        plan = make_plan()
        led = make_action(plan=plan, lead_organisation=organisation_a)
        make_action_partner(
            action=make_action(plan=plan),
            organisation=organisation_a,
            role=ActionPartner.Role.EXPERT,
        )
        make_update(led, review_status=Review.DRAFT)
        make_update(led, review_status=Review.SUBMITTED)
        make_action_partner(action=action, organisation=make_organisation())
        action.communes.add(make_commune())
        action.themes.add(make_theme())
        indicator = make_indicator(action=action)
        make_indicator_value(indicator=indicator, year=2020 + day)
        make_update(action, progress=day)
        author = make_user(organisation=organisation_a)
        draft = make_update(
            action, review_status=Review.DRAFT, note=f"Brouillon {day}", author=author
        )
        ReportedIndicatorValue.objects.create(update=draft, indicator=indicator, value=day)
        make_update(action, review_status=Review.RETURNED, return_reason=f"Motif {day}")


def fetch(client, url):
    """The page's queries and its size. The session's activity time, written at most once a
    minute whatever the page (accounts.middleware), is not the page's cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    page_queries = [
        query["sql"]
        for query in queries.captured_queries
        if "django_session" not in query["sql"] and "SAVEPOINT" not in query["sql"]
    ]
    return len(page_queries), len(response.content)


def test_the_partner_pages_make_no_more_queries_for_25_rows_than_for_2(
    partner_a_client, organisation_a, actions
):
    urls = ["/partenaires/", detail_url(actions.led)]
    add_rows(organisation_a, actions.led, 2)
    few = {url: fetch(partner_a_client, url) for url in urls}
    add_rows(organisation_a, actions.led, 23)
    many = {url: fetch(partner_a_client, url) for url in urls}
    for url in urls:
        assert many[url][1] > few[url][1], f"{url} should show more rows with more data"
        assert many[url][0] == few[url][0], url
