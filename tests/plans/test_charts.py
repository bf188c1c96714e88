"""The charts and the map of the public pages and of the annual report (plans/charts.py).

Each chart is checked as the visitor gets it: drawn in the page, with its figures in words
beside it, names escaped, and nothing unpublished counted in a bar, a shade or a figure.
"""

import datetime
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.charts import nice_top, province_outlines, shade_classes
from plans.models import Action, Plan
from plans.reporting import build_report, render_html
from tests.browser.audit import html_errors
from tests.factory import (
    make_action,
    make_axis,
    make_commune,
    make_framework,
    make_indicator,
    make_indicator_value,
    make_memorandum,
    make_milestone,
    make_plan,
    make_recommendation,
    make_update,
)

pytestmark = pytest.mark.django_db

NAMUR, DINANT, ANDENNE = "92094", "91034", "92003"


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def text_of(response):
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html_of(response))).split())
    return text.replace(" ,", ",")


def map_label(html, nis_code):
    """The accessible name of a commune's link on the map."""
    match = re.search(rf'<a href="/communes/{nis_code}/" aria-label="([^"]*)">', html)
    return unescape(match.group(1)) if match else None


@pytest.fixture
def framework(db):
    return make_framework(name="PCS 2020–2025")


@pytest.fixture
def plan(framework):
    plan = make_plan(code="pli-namur", title="PLI de Namur", framework=framework)
    plan.communes.add(make_commune(nis_code=NAMUR, name="Namur"))
    return plan


@pytest.fixture
def axis(framework):
    return make_axis(framework=framework, code="axe-logement", number=2, name="Logement")


def published_and_hidden_actions(plan, axis):
    """Two published actions in Namur (one done, one under way), and two that must count
    nowhere: an unpublished one, and one of an unpublished plan."""
    namur = plan.communes.get()
    done = make_action(plan=plan, axis=axis, code="A-1")
    make_update(done, status=Action.Status.DONE, progress=100)
    under_way = make_action(plan=plan, axis=axis, code="A-2")
    make_update(under_way, status=Action.Status.IN_PROGRESS, progress=40)
    hidden = make_action(plan=plan, axis=axis, code="A-3", is_published=False)
    make_update(hidden, status=Action.Status.POSTPONED, progress=10)
    other_plan = make_plan(framework=plan.framework, is_published=False)
    elsewhere = make_action(plan=other_plan, axis=axis, code="A-4")
    make_update(elsewhere, status=Action.Status.ABANDONED, progress=0)
    for action in (done, under_way, hidden, elsewhere):
        action.communes.add(namur)
    return done, under_way


# --- The map ---------------------------------------------------------------------------------


def test_the_reference_file_gives_an_outline_to_each_of_the_38_communes_of_the_province():
    outlines = province_outlines()

    assert len(outlines.shapes) == 38
    assert {shape.nis_code for shape in outlines.shapes} >= {NAMUR, DINANT, ANDENNE}
    assert all(shape.path.startswith("M") and shape.path.endswith("Z") for shape in outlines.shapes)
    assert outlines.width == 500 and 500 < outlines.height < 700  # taller than wide, as Namur


def test_shades_split_the_counts_into_at_most_four_classes_of_equal_width():
    assert shade_classes(0) == []
    assert shade_classes(2) == [(1, 1), (2, 2)]
    assert shade_classes(17) == [(1, 5), (6, 10), (11, 15), (16, 17)]


def test_the_communes_map_shades_each_commune_by_its_published_actions_only(visitor, plan, axis):
    published_and_hidden_actions(plan, axis)
    make_commune(nis_code=DINANT, name="Dinant")

    html = html_of(visitor.get("/communes/"))

    assert map_label(html, NAMUR) == "Namur : 2 actions publiées"
    assert map_label(html, DINANT).startswith("Dinant : 0 action")
    assert "Limites communales : bmesuere/belgium-topojson (CC0 1.0)" in unescape(html)
    legend = re.search(r'<ul class="map-legend"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", " ", legend).split() == ["aucune", "action", "1", "2"]
    # The table below keeps the same figure (its cells' labels for phones left out).
    assert re.search(
        r'<th scope="row"><a href="/communes/92094/">Namur</a></th><td>92094</td>'
        r"<td>[^<]*</td><td>2</td>",
        re.sub(r' data-label="[^"]*"', "", html),
    )


def test_a_commune_without_outline_stays_in_the_table_and_off_the_map(visitor, plan, axis):
    published_and_hidden_actions(plan, axis)
    made_up = make_commune(nis_code="01234", name="Montroux (fictive)")

    html = html_of(visitor.get("/communes/"))

    assert f'<a href="/communes/{made_up.nis_code}/">Montroux (fictive)</a>' in html
    assert map_label(html, made_up.nis_code) is None


def test_the_home_page_shows_the_same_map(visitor, plan, axis):
    published_and_hidden_actions(plan, axis)
    plan.status = Plan.Status.IN_FORCE
    plan.save()

    html = html_of(visitor.get("/"))

    assert map_label(html, NAMUR) == "Namur : 2 actions publiées"


def test_commune_names_are_escaped_on_the_map(visitor):
    make_commune(nis_code=ANDENNE, name='Andenne <script>"x"</script>')

    html = html_of(visitor.get("/communes/"))

    assert "<script>" not in html
    assert 'aria-label="Andenne &lt;script&gt;&quot;x&quot;&lt;/script&gt; : 0 action' in html


def test_the_plan_page_maps_its_territory(visitor, plan, axis):
    make_commune(nis_code=DINANT, name="Dinant")

    html = html_of(visitor.get("/plans/pli-namur/"))

    assert map_label(html, NAMUR) == "Namur : couverte par le plan"
    # The other communes are drawn from the reference file, without a link.
    assert map_label(html, DINANT) is None
    assert "<title>Dinant : hors du plan</title>" in html
    assert html.count("<path") == 38


def test_a_provincial_plan_covers_every_commune_on_its_map(visitor, framework):
    make_plan(code="ppli", framework=framework, scope=Plan.Scope.PROVINCIAL)
    make_commune(nis_code=DINANT, name="Dinant")

    html = html_of(visitor.get("/plans/ppli/"))

    assert map_label(html, DINANT) == "Dinant : couverte par le plan"


def test_a_plan_on_made_up_communes_only_has_no_map(visitor, framework):
    plan = make_plan(code="demo", framework=framework)
    plan.communes.add(make_commune(nis_code="01235", name="Montroux (fictive)"))

    html = html_of(visitor.get("/plans/demo/"))

    assert 'class="commune-map"' not in html
    assert "Montroux (fictive)" in html


# --- Plans' overall progress -----------------------------------------------------------------


def test_the_plan_list_draws_each_plans_progress_from_its_published_actions(visitor, plan, axis):
    published_and_hidden_actions(plan, axis)

    page = text_of(visitor.get("/plans/"))

    assert "PLI de Namur" in page
    assert "2 actions — en cours 1, réalisée 1" in page
    assert "reportée" not in page and "abandonnée" not in page


def test_the_plan_page_draws_its_overall_progress(visitor, plan, axis):
    published_and_hidden_actions(plan, axis)

    html = html_of(visitor.get("/plans/pli-namur/"))

    assert 'class="chart-status-bar"' in html
    assert "Avancement des actions 2 actions — en cours 1, réalisée 1" in text_of(
        visitor.get("/plans/pli-namur/")
    )


def test_the_axis_page_draws_its_actions_per_status(visitor, plan, axis):
    published_and_hidden_actions(plan, axis)

    html = html_of(visitor.get("/axes/axe-logement/"))

    # One rectangle per status that has published actions, none for the hidden ones.
    bar = re.search(r'<svg class="chart-status-bar".*?</svg>', html, re.S).group(0)
    assert bar.count('fill="#1e6b34"') == 1  # done
    assert bar.count('fill="#0b5394"') == 1  # under way
    assert 'fill="#a05a00"' not in bar and 'fill="#8b1a1a"' not in bar  # postponed, abandoned


# --- An action: its indicators and its progress over time ------------------------------------


@pytest.fixture
def measured_action(plan, axis):
    action = make_action(plan=plan, axis=axis, code="A-9", title="Permanence logement")
    indicator = make_indicator(action=action, name="Ménages <logés>", unit="ménages", target=83)
    for year, value in [(2021, 77), (2022, 73), (2023, 88)]:
        make_indicator_value(indicator=indicator, year=year, value=value)
    make_update(action, reported_on=datetime.date(2023, 3, 1), progress=20)
    make_update(action, reported_on=datetime.date(2024, 9, 1), progress=60)
    return action


def test_an_indicator_is_drawn_per_year_against_its_target_with_a_table_of_its_values(
    visitor, measured_action
):
    response = visitor.get("/plans/pli-namur/actions/A-9/")
    html, page = html_of(response), text_of(response)

    chart = re.search(r'<svg class="chart-line".*?</svg>', html, re.S).group(0)
    assert chart.count("<circle") == 3
    assert "stroke-dasharray" in chart  # the target line
    assert "cible 83" in chart
    assert "2021 77 % 2022 73 88 % 2023 88 106 %" not in page  # not a list: a table
    assert "Année Valeur Part de la cible 2021 77 ménages 93 % 2022 73 ménages 88 %" in page
    assert "Ménages &lt;logés&gt;" in html and "<logés>" not in html


def test_the_action_history_is_drawn_as_steps_from_its_approved_updates(visitor, measured_action):
    make_update(
        measured_action, reported_on=datetime.date(2024, 10, 1), progress=95, review_status="draft"
    )
    html = html_of(visitor.get("/plans/pli-namur/actions/A-9/"))

    charts = re.findall(r'<svg class="chart-line".*?</svg>', html, re.S)
    progress = charts[-1]
    assert progress.count("<circle") == 2  # the draft is not drawn
    assert "20 %" in progress and "60 %" in progress and "95 %" not in progress
    assert "2 points d'avancement, de 20 % le 1er mars 2023 à 60 % le 1er septembre 2024." in (
        unescape(html)
    )


def test_an_action_without_values_or_updates_says_so_instead_of_an_empty_chart(visitor, plan, axis):
    action = make_action(plan=plan, axis=axis, code="A-8")
    make_indicator(action=action, name="Participants")

    response = visitor.get("/plans/pli-namur/actions/A-8/")

    assert 'class="chart-line"' not in html_of(response)
    assert "Aucune valeur encodée pour l'instant." in text_of(response)


def test_nice_top_rounds_a_scale_up_to_a_readable_number():
    assert [nice_top(value) for value in (0, 8, 83, 92, 1240)] == [1, 8, 100, 100, 1500]


# --- Chronology by year ----------------------------------------------------------------------


def test_the_chronology_groups_milestones_by_year_with_an_index_of_years(visitor):
    for year in (1992, 1996, 1996, 2009):
        make_milestone(occurred_on=datetime.date(year, 1, 1), is_published=True)
    make_milestone(occurred_on=datetime.date(2001, 1, 1), is_published=False)

    html = html_of(visitor.get("/chronologie/"))

    index = re.search(r'<nav class="toc year-index".*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="#annee-(\d+)"', index) == ["1992", "1996", "2009"]
    assert 'aria-label="1996 : 2 jalons"' in index
    assert re.findall(r'<h2 id="annee-(\d+)"', html) == ["1992", "1996", "2009"]


def test_the_year_index_links_to_the_page_where_the_year_starts(visitor):
    for day in range(55):
        day = datetime.date(1990, 1, 1) + datetime.timedelta(day)
        make_milestone(occurred_on=day, is_published=True)
    make_milestone(occurred_on=datetime.date(2020, 1, 1), is_published=True)

    html = html_of(visitor.get("/chronologie/"))

    assert 'href="#annee-1990"' in html
    assert 'href="?page=2#annee-2020"' in html


# --- Tables of contents ----------------------------------------------------------------------


def test_the_plan_page_lists_its_sections_and_says_its_empty_ones_in_one_sentence(
    visitor, plan, axis
):
    published_and_hidden_actions(plan, axis)

    html = html_of(visitor.get("/plans/pli-namur/"))
    page = text_of(visitor.get("/plans/pli-namur/"))

    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="#([a-z-]+)"', toc) == ["territoire", "avancement", "objectifs"]
    assert (
        "Rien n'est encore publié pour : comité de pilotage, diagnostics, espaces de "
        "concertation, recommandations rencontrées, jalons."
    ) in page
    assert 'id="pilotage"' not in html


def test_the_commune_and_memorandum_pages_have_a_table_of_contents(visitor, plan, axis):
    published_and_hidden_actions(plan, axis)
    memorandum = make_memorandum(code="memo-2024", is_published=True)
    make_recommendation(memorandum=memorandum, code="R-1", text="Ouvrir un guichet")

    commune = html_of(visitor.get(f"/communes/{NAMUR}/"))
    memo = html_of(visitor.get("/memorandums/memo-2024/"))

    assert re.findall(r'href="#([a-z-]+)"', commune.split('class="toc"')[1].split("</nav>")[0]) == [
        "plans",
        "avancement",
        "actions",
    ]
    assert '<a href="#r-1"><span class="code">R-1</span> Ouvrir un guichet</a>' in memo


# --- Queries stay flat -----------------------------------------------------------------------


def queries_of(visitor, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert visitor.get(url).status_code == 200
    return len(queries)


CHART_URLS = [
    "/",
    "/plans/",
    "/plans/pli-namur/",
    "/plans/pli-namur/actions/A-9/",
    "/axes/axe-logement/",
    "/communes/",
    f"/communes/{NAMUR}/",
    "/chronologie/",
]


def add_charted_rows(plan, axis, action, start, n):
    """n more outlined communes with actions, plans, indicator values, updates and years of
    milestones: more areas on the maps, more bars, points and years."""
    codes = [shape.nis_code for shape in province_outlines().shapes if shape.nis_code != NAMUR]
    indicator = action.indicators.get()
    for index in range(start, start + n):
        commune = make_commune(nis_code=codes[index])
        plan.communes.add(commune)
        make_plan(framework=plan.framework).communes.add(commune)
        other = make_action(plan=plan, axis=axis)
        other.communes.add(commune, plan.communes.get(nis_code=NAMUR))
        make_update(other, status=Action.Status.DONE, progress=100)
        make_indicator_value(indicator=indicator, year=1900 + index, value=index)
        make_update(action, reported_on=datetime.date(2010 + index, 1, 1), progress=index)
        make_milestone(occurred_on=datetime.date(1950 + index, 1, 1), is_published=True)


def test_charts_and_maps_cost_as_many_queries_for_25_rows_as_for_2(
    visitor, plan, axis, measured_action
):
    plan.status = Plan.Status.IN_FORCE
    plan.save()
    add_charted_rows(plan, axis, measured_action, 0, 2)
    few = {url: queries_of(visitor, url) for url in CHART_URLS}
    add_charted_rows(plan, axis, measured_action, 2, 23)
    many = {url: queries_of(visitor, url) for url in CHART_URLS}

    assert many == few
    assert html_of(visitor.get("/communes/")).count("<path") == 26


# --- The annual report -----------------------------------------------------------------------


@pytest.fixture
def report(plan, axis):
    under_way = make_action(plan=plan, axis=axis, code="A-1", title="Séances <d'accueil>")
    make_update(under_way, reported_on=datetime.date(2025, 3, 1), progress=40)
    sessions = make_indicator(action=under_way, name="Séances", unit="séances", target=10)
    make_indicator_value(indicator=sessions, year=2025, value=7)
    make_indicator(action=under_way, name="Sans cible", unit="personnes")
    return build_report(plan=plan, year=2025)


def test_the_report_draws_its_actions_per_axis_and_its_indicators_against_their_target(report):
    html = render_html(report)

    assert '<a href="#indicateurs">Indicateurs et cibles</a>' in html
    axes = re.search(r'<svg class="chart-bars"[^>]*>.*?</svg>', html, re.S).group(0)
    assert "2. Logement" in axes and "0 / 1 / 0" in axes
    indicators = re.findall(r'<svg class="chart-bars"[^>]*>.*?</svg>', html, re.S)[1]
    assert "A-1 — Séances" in indicators and "70 %" in indicators
    assert "Sans cible" not in indicators  # no target: nothing to compare with
    assert "<td>7 séances</td><td>10 séances</td><td>70&nbsp;%</td>" in html
    assert "Séances &lt;d&#x27;accueil&gt;" in html


def test_the_report_with_its_charts_is_valid_html(report):
    assert html_errors(render_html(report)) == []
