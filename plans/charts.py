"""The public pages' charts and the map of the communes, as geometry ready for a template.

Drawn on the server as inline SVG (templates/includes/charts/), so they need no JavaScript,
and every chart sits beside a table or a sentence giving the same figures. Colours are SVG
attributes, not stylesheet classes, so that a chart looks the same in the annual report's
standalone HTML file as on the site; each colour has at least 3:1 contrast on white, and a
shape, a dash or a written figure says the same thing as the colour.

Hand-made rather than drawn with pygal: pygal's SVG relies on its own embedded stylesheet
and script for labels and tooltips, its charts cannot hold links (the map needs one per
commune), and it would be one more library for a few rectangles and polylines.
"""

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Status

# The statuses' colours, the same as static/css/site.css (≥ 4.5:1 on white).
STATUS_COLOURS = {
    Status.PLANNED: "#6b6b78",
    Status.IN_PROGRESS: "#0b5394",
    Status.DONE: "#1e6b34",
    Status.POSTPONED: "#a05a00",
    Status.ABANDONED: "#8b1a1a",
}
INK = "#1b1b1f"
MUTED = "#4a4a55"
GRID = "#c9ccd5"
TARGET = "#8b1a1a"


# --- Actions per status: one stacked bar ------------------------------------------------------


@dataclass
class Segment:
    status: str
    label: str
    count: int
    percent: float
    offset: float

    @property
    def colour(self):
        return STATUS_COLOURS[self.status]


@dataclass
class StatusBar:
    """Actions per status as one bar 100 wide, and the same figures for the words beside."""

    segments: list
    total: int

    @classmethod
    def of(cls, counts, **extra):
        """From {status: count} (ActionQuerySet.status_counts(), counts_by_axis()…)."""
        total = sum(counts.get(status, 0) for status in Status.values)
        segments, offset = [], 0.0
        for status, label in Status.choices:
            count = counts.get(status, 0)
            percent = 100 * count / total if total else 0
            segments.append(Segment(status, label, count, percent, offset))
            offset += percent
        return cls(segments=segments, total=total, **extra)

    @property
    def present_segments(self):
        """The statuses that have actions, for the figures written out."""
        return [segment for segment in self.segments if segment.count]

    @property
    def done_percent(self):
        done = next(s for s in self.segments if s.status == Status.DONE)
        return round(done.percent)


# --- Values over time: a line against a target ------------------------------------------------


@dataclass
class Point:
    x: float
    y: float
    label: str  # the value written beside the point
    key: str  # the year or the date, under the axis


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class LineChart:
    """Points joined by a line on a 0…top scale, with an optional dashed target line."""

    width: int
    height: int
    left: int
    top: int
    bottom: int  # y of the baseline
    right: int  # x of the right end
    points: list
    ticks: list
    target_y: float | None = None
    target_label: str = ""
    step: bool = False  # a progress holds until the next update: steps, not slopes

    @property
    def path(self):
        """The line through the points, as the "d" of an SVG path."""
        moves = []
        for index, point in enumerate(self.points):
            if index and self.step:
                moves.append(f"H{point.x:.1f}")
            moves.append(f"{'L' if index else 'M'}{point.x:.1f} {point.y:.1f}")
        return " ".join(moves)


WIDTH, HEIGHT = 560, 220
# Room on the right for the target's label, beyond the end of its line.
LEFT, RIGHT, TOP, BOTTOM = 48, 72, 20, 36


def nice_top(value):
    """A round number at or above value, for the top of a scale (83 → 100, 1240 → 1500)."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _number(value):
    """12, or 12,5 in French (never 12,50): what floatformat:"-2" writes in the pages."""
    return floatformat(value, "-2")


def _scale(values, target):
    top = nice_top(max([*values, target or 0]))
    span = (HEIGHT - BOTTOM) - TOP
    ticks = [Tick(HEIGHT - BOTTOM - span * part / 4, _number(top * part / 4)) for part in range(5)]
    return top, span, ticks


def _x_positions(count):
    inner = WIDTH - LEFT - RIGHT
    if count == 1:
        return [LEFT + inner / 2]
    return [LEFT + 12 + (inner - 24) * index / (count - 1) for index in range(count)]


def indicator_chart(indicator):
    """An indicator's values per year against its target; None without any value."""
    values = sorted(indicator.values.all(), key=lambda value: value.year)
    if not values:
        return None
    numbers = [float(value.value) for value in values]
    target = float(indicator.target) if indicator.target is not None else None
    top, span, ticks = _scale(numbers, target)
    xs = _x_positions(len(values))
    points = [
        Point(x, HEIGHT - BOTTOM - span * number / top, _number(value.value), str(value.year))
        for x, number, value in zip(xs, numbers, values, strict=True)
    ]
    return LineChart(
        WIDTH,
        HEIGHT,
        LEFT,
        TOP,
        HEIGHT - BOTTOM,
        WIDTH - RIGHT,
        points,
        ticks,
        target_y=None if target is None else HEIGHT - BOTTOM - span * target / top,
        target_label=_number(indicator.target) if target is not None else "",
    )


def progress_chart(updates):
    """An action's progress after each of its approved updates, oldest first; None when
    there is none. Dates are placed in proportion to the time between them."""
    updates = sorted(updates, key=lambda update: (update.reported_on, update.created_at))
    if not updates:
        return None
    first, last = updates[0].reported_on.toordinal(), updates[-1].reported_on.toordinal()
    span = HEIGHT - BOTTOM - TOP
    inner = WIDTH - LEFT - RIGHT - 24
    ticks = [Tick(HEIGHT - BOTTOM - span * part / 4, f"{25 * part} %") for part in range(5)]
    points = []
    for update in updates:
        share = (update.reported_on.toordinal() - first) / (last - first) if last > first else 0.5
        points.append(
            Point(
                LEFT + 12 + inner * share,
                HEIGHT - BOTTOM - span * update.progress / 100,
                f"{update.progress} %",
                date_format(update.reported_on, "M Y"),
            )
        )
    return LineChart(
        WIDTH, HEIGHT, LEFT, TOP, HEIGHT - BOTTOM, WIDTH - RIGHT, points, ticks, step=True
    )


# --- The annual report: actions per axis, indicators against targets -------------------------

REPORT_GROUPS = [
    ("done", STATUS_COLOURS[Status.DONE]),
    ("in_progress", STATUS_COLOURS[Status.IN_PROGRESS]),
    ("next_year", STATUS_COLOURS[Status.PLANNED]),
]


@dataclass
class Bar:
    x: float
    width: float
    colour: str
    count: int


@dataclass
class Row:
    y: float
    label: str
    bars: list = field(default_factory=list)
    figure: str = ""  # written at the right of the bar
    marker_x: float | None = None  # the target, on indicator rows


@dataclass
class BarChart:
    width: int
    height: int
    left: int  # where bars start; labels are written above each bar
    right: int
    rows: list
    row_height: int = 40
    bar_height: int = 16


def report_axes_chart(report):
    """Per axis, the actions done in the year, under way and planned for next year."""
    left, right = 8, 470
    largest = max((section.count for section in report.axes), default=0) or 1
    rows = []
    for index, section in enumerate(report.axes):
        row = Row(y=index * 40, label=f"{section.number}. {section.name}")
        x = left
        for group, colour in REPORT_GROUPS:
            count = len(getattr(section, group))
            width = (right - left) * count / largest
            if count:
                row.bars.append(Bar(x, width, colour, count))
            x += width
        row.figure = " / ".join(str(len(getattr(section, group))) for group, _c in REPORT_GROUPS)
        rows.append(row)
    return BarChart(WIDTH, max(len(rows), 1) * 40, left, right, rows)


@dataclass
class IndicatorRatio:
    action_code: str
    name: str
    unit: str
    value: Decimal
    target: Decimal
    percent: int


def report_indicators(report):
    """The indicators of the actions in the report that have a target and a value for the
    year, with the share of the target reached."""
    ratios = []
    for action in report.actions:
        if action.left_out_reason:
            continue
        for indicator in action.indicators:
            if indicator.target and indicator.value is not None:
                percent = round(100 * indicator.value / indicator.target)
                ratios.append(
                    IndicatorRatio(
                        action.code,
                        indicator.name,
                        indicator.unit,
                        indicator.value,
                        indicator.target,
                        percent,
                    )
                )
    return ratios


def report_indicators_chart(ratios):
    """One bar per indicator, its length the share of the target reached (the target is the
    dashed line at 100 %; beyond 150 % the bar stops at the edge and the figure says it)."""
    left, right = 8, 470
    full = (right - left) / 1.5
    rows = []
    for index, ratio in enumerate(ratios):
        row = Row(y=index * 40, label=f"{ratio.action_code} — {ratio.name}")
        width = full * min(ratio.percent, 150) / 100
        colour = STATUS_COLOURS[Status.DONE if ratio.percent >= 100 else Status.IN_PROGRESS]
        row.bars.append(Bar(left, max(width, 1), colour, ratio.percent))
        row.figure = f"{ratio.percent} %"
        row.marker_x = left + full
        rows.append(row)
    return BarChart(WIDTH, max(len(rows), 1) * 40, left, right, rows)


# --- The map of the communes ------------------------------------------------------------------

GEOMETRY = (
    Path(__file__).resolve().parent.parent / "cai" / "data" / "communes_province_namur.geojson"
)
MAP_WIDTH = 500
# Points closer than this (in map units) to the last one kept are dropped: a tenth of the
# file's points, the same drawing at any width a screen gives the map.
MAP_TOLERANCE = 0.6
# Fill for 0 actions, then for each class of more; the boundaries (MUTED) carry the shapes.
SHADES = ["#f3f4f7", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
COVERED, NOT_COVERED = "#0b5394", "#f3f4f7"


@dataclass(frozen=True)
class Outline:
    nis_code: str
    name: str
    path: str


@dataclass(frozen=True)
class Outlines:
    width: int
    height: int
    shapes: tuple


def _ring_path(ring, project):
    moves, last = [], None
    for lon, lat in ring:
        x, y = project(lon, lat)
        if last and math.dist(last, (x, y)) < MAP_TOLERANCE:
            continue
        moves.append(f"{x:.1f} {y:.1f}")
        last = (x, y)
    return "M" + " L".join(moves) + " Z"


@cache
def province_outlines():
    """The communes' outlines as SVG paths, keyed by NIS code: read once per process from
    the reference file shipped in cai/data (never changed at run time), in an
    equirectangular projection true at the province's middle latitude."""
    features = json.loads(GEOMETRY.read_text(encoding="utf-8"))["features"]
    rings = [ring for feature in features for ring in _rings(feature["geometry"])]
    lons = [lon for ring in rings for lon, _lat in ring]
    lats = [lat for ring in rings for _lon, lat in ring]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    scale = MAP_WIDTH / ((max(lons) - min(lons)) * shrink)

    def project(lon, lat):
        return (lon - min(lons)) * shrink * scale, (max(lats) - lat) * scale

    shapes = tuple(
        Outline(
            feature["properties"]["nis_code"],
            feature["properties"]["name"],
            " ".join(_ring_path(ring, project) for ring in _rings(feature["geometry"])),
        )
        for feature in features
    )
    return Outlines(MAP_WIDTH, math.ceil((max(lats) - min(lats)) * scale), shapes)


def _rings(geometry):
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [ring for polygon in polygons for ring in polygon]


@dataclass
class Area:
    outline: Outline
    commune: object  # cai.models.Commune; None for a commune drawn without a link
    fill: str
    label: str  # the link's accessible name: the commune and its figure
    is_covered: bool = False  # on a plan's map: the commune is in the plan's territory


@dataclass
class Shade:
    fill: str
    label: str


@dataclass
class CommuneMap:
    width: int
    height: int
    areas: list
    legend: list


def shade_classes(largest):
    """[(lowest count, highest count)] of each shade after the first (0 actions): four
    classes of equal width up to the largest count, fewer when counts are small."""
    if largest <= 0:
        return []
    width = math.ceil(largest / (len(SHADES) - 1))
    return [(start, min(start + width - 1, largest)) for start in range(1, largest + 1, width)]


def action_map(communes, counts):
    """The province's communes shaded by their number of published actions.

    communes: the Commune rows to draw (those without an outline, such as the demo's
    made-up communes, are left out of the map and stay in the table); counts: {NIS code:
    number of published actions}."""
    outlines = province_outlines()
    by_code = {commune.pk: commune for commune in communes}
    classes = shade_classes(max((counts.get(code, 0) for code in by_code), default=0))

    def fill(count):
        for index, (low, high) in enumerate(classes, start=1):
            if low <= count <= high:
                return SHADES[index]
        return SHADES[0]

    areas = [
        Area(
            outline,
            by_code[outline.nis_code],
            fill(counts.get(outline.nis_code, 0)),
            _action_count_label(by_code[outline.nis_code].name, counts.get(outline.nis_code, 0)),
        )
        for outline in outlines.shapes
        if outline.nis_code in by_code
    ]
    legend = [Shade(SHADES[0], _("aucune action"))] + [
        Shade(SHADES[index], _range_label(low, high))
        for index, (low, high) in enumerate(classes, start=1)
    ]
    return CommuneMap(outlines.width, outlines.height, areas, legend)


def territory_map(communes, *, covered_codes):
    """The province with the plan's communes filled in and linked; covered_codes None: all
    of them. The other communes are drawn unlinked, named from the reference file: the map
    needs no row of theirs."""
    outlines = province_outlines()
    by_code = {commune.pk: commune for commune in communes}
    areas = []
    for outline in outlines.shapes:
        covered = outline.nis_code in by_code and (
            covered_codes is None or outline.nis_code in covered_codes
        )
        label = _("%(name)s : couverte par le plan") if covered else _("%(name)s : hors du plan")
        areas.append(
            Area(
                outline,
                by_code[outline.nis_code] if covered else None,
                COVERED if covered else NOT_COVERED,
                label % {"name": by_code[outline.nis_code].name if covered else outline.name},
                is_covered=covered,
            )
        )
    legend = [
        Shade(COVERED, _("commune couverte par le plan")),
        Shade(NOT_COVERED, _("autre commune")),
    ]
    return CommuneMap(outlines.width, outlines.height, areas, legend)


def _action_count_label(name, count):
    return ngettext(
        "%(name)s : %(count)d action publiée", "%(name)s : %(count)d actions publiées", count
    ) % {"name": name, "count": count}


def _range_label(low, high):
    if low == high:
        return str(low)
    return _("de %(low)d à %(high)d") % {"low": low, "high": high}
