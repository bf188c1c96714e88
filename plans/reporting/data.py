"""The annual report as plain data: dataclasses that templates and spreadsheets read, the
figures with the records behind each, and the JSON form a frozen report keeps."""

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans import charts


class Group(models.TextChoices):
    """Where an action stands in the report of a year."""

    DONE = "done", gettext_lazy("Réalisée dans l'année")
    IN_PROGRESS = "in_progress", gettext_lazy("En cours")
    NEXT_YEAR = "next_year", gettext_lazy("Perspective pour l'année suivante")
    LEFT_OUT = "left_out", gettext_lazy("Non reprise")


class LeftOut(models.TextChoices):
    """Why an action of the plan is not in the report of a year."""

    DONE_BEFORE = "done_before", gettext_lazy("réalisée avant l'année du rapport")
    ABANDONED = "abandoned", gettext_lazy("abandonnée")
    ENDED = "ended", gettext_lazy("prévue ou reportée, mais sa date de fin est passée")


# Plans since the 1990s; a year far ahead is a typo, not a report.
FIRST_YEAR, YEARS_AHEAD = 1990, 10


def is_report_year(year):
    return FIRST_YEAR <= year <= timezone.localdate().year + YEARS_AHEAD


# --- The report, as plain data ---------------------------------------------------------------


@dataclass
class PartnerRow:
    code: str
    name: str
    role: str
    role_label: str


@dataclass
class CommuneRow:
    nis_code: str
    name: str


@dataclass
class IndicatorRow:
    name: str
    kind_label: str
    unit: str
    target: Decimal | None
    value: Decimal | None  # the value of the report's year, None if not entered


@dataclass
class ActionRow:
    code: str
    title: str
    axis_code: str
    axis_name: str
    group: str
    group_label: str
    left_out_reason: str  # a LeftOut value, "" for actions in the report
    left_out_label: str
    status: str  # at the end of the year
    status_label: str
    progress: int
    done_on: datetime.date | None
    lead_code: str
    lead_name: str
    partners: list[PartnerRow]
    communes: list[CommuneRow]
    indicators: list[IndicatorRow]


@dataclass
class AxisSection:
    code: str
    number: int
    name: str
    done: list[ActionRow] = field(default_factory=list)
    in_progress: list[ActionRow] = field(default_factory=list)
    next_year: list[ActionRow] = field(default_factory=list)

    @property
    def count(self):
        return len(self.done) + len(self.in_progress) + len(self.next_year)


@dataclass
class SpaceRow:
    code: str
    name: str
    kind_label: str
    meeting_count: int


@dataclass
class MeetingRow:
    held_on: datetime.date
    title: str
    kind_label: str
    space_code: str
    space_name: str
    organisation_count: int
    people_count: int


@dataclass
class AttendeeRow:
    code: str
    name: str
    meeting_count: int
    people_count: int


@dataclass
class Concertation:
    spaces: list[SpaceRow]
    meetings: list[MeetingRow]
    organisations: list[AttendeeRow]
    people_count: int


@dataclass
class RecommendationRow:
    key: str  # memorandum code / recommendation code: unique and stable
    code: str
    text: str
    memorandum_code: str
    memorandum_title: str
    level_label: str
    follow_up: str
    follow_up_label: str
    action_codes: list[str]


@dataclass
class FollowUpCount:
    follow_up: str
    label: str
    keys: list[str]  # the recommendations behind the count


@dataclass
class FindingRow:
    key: str  # diagnostic code / finding code: unique and stable
    code: str
    statement: str
    kind_label: str
    diagnostic_code: str
    diagnostic_title: str
    axis_code: str
    axis_name: str
    priority_label: str
    action_codes: list[str]


@dataclass
class Figure:
    """One number of the report, with the codes of the records it counts."""

    key: str
    label: str
    value: int
    axis_code: str = ""
    codes: list[str] = field(default_factory=list)


@dataclass
class Report:
    plan_code: str
    plan_title: str
    plan_kind_label: str
    plan_period: str
    framework_name: str
    year: int
    closing_on: datetime.date
    built_at: datetime.datetime
    axes: list[AxisSection]
    left_out: list[ActionRow]
    concertation: Concertation
    recommendations: list[RecommendationRow]
    follow_ups: list[FollowUpCount]
    findings: list[FindingRow]

    @property
    def next_year(self):
        return self.year + 1

    @property
    def actions(self):
        """Every action of the plan, in the report or left out."""
        in_report = [a for s in self.axes for a in (*s.done, *s.in_progress, *s.next_year)]
        return in_report + self.left_out

    @property
    def totals(self):
        """Actions per group, all axes together."""
        return {
            group: sum(len(getattr(section, group)) for section in self.axes)
            for group in (Group.DONE.value, Group.IN_PROGRESS.value, Group.NEXT_YEAR.value)
        }

    @property
    def covered_findings(self):
        return [finding for finding in self.findings if finding.action_codes]

    @property
    def uncovered_findings(self):
        return [finding for finding in self.findings if not finding.action_codes]

    @property
    def figures(self):
        return action_figures(self) + other_figures(self)

    @property
    def axes_chart(self):
        return charts.report_axes_chart(self)

    @property
    def indicator_ratios(self):
        return charts.report_indicators(self)

    @property
    def indicators_chart(self):
        return charts.report_indicators_chart(self.indicator_ratios)


# --- The figures, each with what it counts ---------------------------------------------------

# Stable keys of the figures, in the files and in the comparison with a frozen report.
GROUP_FIGURES = {
    Group.DONE: "realisees",
    Group.IN_PROGRESS: "en-cours",
    Group.NEXT_YEAR: "perspectives",
}


def _codes(rows):
    return [row.code for row in rows]


def _keys(rows):
    return [row.key for row in rows]


def action_figures(report):
    labels = {
        Group.DONE: _("Actions réalisées en %(year)s") % {"year": report.year},
        Group.IN_PROGRESS: _("Actions en cours fin %(year)s") % {"year": report.year},
        Group.NEXT_YEAR: _("Perspectives %(year)s") % {"year": report.next_year},
    }
    figures = []
    for group, label in labels.items():
        key = GROUP_FIGURES[group]
        every = [row for section in report.axes for row in getattr(section, group.value)]
        figures.append(Figure(key, label, len(every), codes=_codes(every)))
        for section in report.axes:
            rows = getattr(section, group.value)
            figures.append(Figure(key, label, len(rows), section.code, _codes(rows)))
    left_out = report.left_out
    label = _("Actions du plan non reprises dans le rapport")
    figures.append(Figure("non-reprises", label, len(left_out), codes=_codes(left_out)))
    return figures


def other_figures(report):
    c, year = report.concertation, report.year
    covered, uncovered = report.covered_findings, report.uncovered_findings
    return [
        Figure(
            "espaces",
            _("Espaces de concertation liés au plan"),
            len(c.spaces),
            codes=_codes(c.spaces),
        ),
        Figure("reunions", _("Réunions tenues en %(year)s") % {"year": year}, len(c.meetings)),
        Figure(
            "organisations",
            _("Organisations présentes aux réunions (distinctes)"),
            len(c.organisations),
            codes=_codes(c.organisations),
        ),
        Figure("personnes", _("Personnes présentes aux réunions"), c.people_count),
        Figure(
            "recommandations",
            _("Recommandations rencontrées par les actions du plan"),
            len(report.recommendations),
            codes=_keys(report.recommendations),
        ),
        *[
            Figure(
                f"suivi-{count.follow_up}",
                _("Recommandations au suivi « %(follow_up)s »") % {"follow_up": count.label},
                len(count.keys),
                codes=count.keys,
            )
            for count in report.follow_ups
        ],
        Figure(
            "constats",
            _("Constats du diagnostic"),
            len(report.findings),
            codes=_keys(report.findings),
        ),
        Figure(
            "constats-avec-action",
            _("Constats avec au moins une action"),
            len(covered),
            codes=_keys(covered),
        ),
        Figure(
            "constats-sans-action",
            _("Constats sans action"),
            len(uncovered),
            codes=_keys(uncovered),
        ),
    ]


# --- As JSON, to store and to compare --------------------------------------------------------


def report_data(report):
    """The report as a JSON-serialisable dict: what a frozen report keeps of its figures."""
    data = dataclasses.asdict(report)
    data["figures"] = [dataclasses.asdict(figure) for figure in report.figures]
    return _jsonable(data)


def _jsonable(value):
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):  # datetimes included
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)
