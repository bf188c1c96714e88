"""Building the annual report from the records, in a fixed number of queries whatever the
size of the plan (the definitions are in the package docstring)."""

import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cai.models import RightsAxis
from concertation.models import Attendance, Meeting, Space

from ..models import (
    Action,
    ActionPartner,
    Finding,
    Indicator,
    IndicatorValue,
    Objective,
    Plan,
    Recommendation,
    Status,
)
from .data import (
    ActionRow,
    AttendeeRow,
    AxisSection,
    CommuneRow,
    Concertation,
    FindingRow,
    FollowUpCount,
    Group,
    IndicatorRow,
    LeftOut,
    MeetingRow,
    PartnerRow,
    RecommendationRow,
    Report,
    SpaceRow,
)


def build_report(*, plan, year, today=None):
    """The report of `plan` for `year`, as the records say it now.

    `today` (default: today in Brussels) only decides which meetings of the year are
    already held when the year is not over.
    """
    today = today or timezone.localdate()
    plan = Plan.objects.select_related("framework").get(pk=plan.pk)
    closing_on = datetime.date(year, 12, 31)
    actions = list(actions_of(plan, closing_on))
    rows = {action.pk: action_row(action, year) for action in actions}
    return Report(
        plan_code=plan.code,
        plan_title=plan.title,
        plan_kind_label=plan.get_kind_display(),
        plan_period=plan.period_display,
        framework_name=plan.framework.name if plan.framework else "",
        year=year,
        closing_on=closing_on,
        built_at=timezone.now(),
        axes=axis_sections(plan, actions, rows),
        left_out=[row for row in rows.values() if row.group == Group.LEFT_OUT],
        concertation=concertation(plan, year, min(closing_on, today)),
        **recommendations(actions),
        findings=findings(plan, actions),
    )


def actions_of(plan, closing_on):
    indicators = Indicator.objects.prefetch_related(
        Prefetch("values", IndicatorValue.objects.filter(year=closing_on.year))
    )
    return (
        Action.objects.filter(plan=plan)
        .with_state_on(closing_on)
        .select_related("axis", "lead_organisation")
        .prefetch_related(
            Prefetch("partnerships", ActionPartner.objects.select_related("organisation")),
            "communes",
            Prefetch("indicators", indicators),
            Prefetch("recommendations", Recommendation.objects.select_related("memorandum")),
        )
        .order_by("code")
    )


def group_of(action, year):
    """(group, reason left out) of an action annotated by with_state_on(31 Dec of year)."""
    status = action.status_on
    if status == Status.DONE:
        if action.done_on and action.done_on.year == year:
            return Group.DONE, ""
        return Group.LEFT_OUT, LeftOut.DONE_BEFORE
    if status == Status.IN_PROGRESS:
        return Group.IN_PROGRESS, ""
    if status == Status.ABANDONED:
        return Group.LEFT_OUT, LeftOut.ABANDONED
    if action.ended_on is None or action.ended_on > datetime.date(year, 12, 31):
        return Group.NEXT_YEAR, ""
    return Group.LEFT_OUT, LeftOut.ENDED


def group_label(group, reason, year):
    if group == Group.DONE:
        return _("Réalisée en %(year)s") % {"year": year}
    if group == Group.IN_PROGRESS:
        return _("En cours fin %(year)s") % {"year": year}
    if group == Group.NEXT_YEAR:
        return _("Perspective %(year)s") % {"year": year + 1}
    return _("Non reprise : %(reason)s") % {"reason": LeftOut(reason).label}


def action_row(action, year):
    group, reason = group_of(action, year)
    return ActionRow(
        code=action.code,
        title=action.title,
        axis_code=action.axis.code,
        axis_name=action.axis.name,
        group=group.value,
        group_label=group_label(group, reason, year),
        left_out_reason=reason and reason.value,
        left_out_label=str(reason.label) if reason else "",
        status=action.status_on,
        status_label=str(Status(action.status_on).label),
        progress=action.progress_on,
        done_on=action.done_on,
        lead_code=action.lead_organisation.code,
        lead_name=action.lead_organisation.name,
        partners=[
            PartnerRow(p.organisation.code, p.organisation.name, p.role, p.get_role_display())
            for p in action.partnerships.all()
        ],
        communes=[CommuneRow(c.nis_code, c.name) for c in action.communes.all()],
        indicators=[indicator_row(indicator) for indicator in action.indicators.all()],
    )


def indicator_row(indicator):
    values = list(indicator.values.all())  # prefetched: the report's year only
    return IndicatorRow(
        name=indicator.name,
        kind_label=indicator.get_kind_display(),
        unit=indicator.unit,
        target=indicator.target,
        value=values[0].value if values else None,
    )


def axis_sections(plan, actions, rows):
    """The axes of the plan's grid in their order, then any other axis an action uses."""
    axes = {axis.pk: axis for axis in RightsAxis.objects.filter(framework_id=plan.framework_id)}
    for action in actions:
        axes.setdefault(action.axis_id, action.axis)
    ordered = sorted(axes.values(), key=lambda a: (a.framework_id != plan.framework_id, a.number))
    sections = {axis.pk: AxisSection(axis.code, axis.number, axis.name) for axis in ordered}
    for action in actions:
        row = rows[action.pk]
        if row.group != Group.LEFT_OUT:
            getattr(sections[action.axis_id], row.group).append(row)
    return list(sections.values())


def concertation(plan, year, last_day):
    spaces = list(Space.objects.filter(plans=plan).order_by("name", "code"))
    meetings = list(
        Meeting.objects.filter(
            Q(space__in=Space.objects.filter(plans=plan)) | Q(plan=plan),
            held_on__gte=datetime.date(year, 1, 1),
            held_on__lte=last_day,
        )
        .select_related("space")
        .prefetch_related(
            Prefetch("attendances", Attendance.objects.select_related("organisation"))
        )
        .order_by("held_on", "title", "pk")
    )
    attendees = {}
    for meeting in meetings:
        for attendance in meeting.attendances.all():
            organisation = attendance.organisation
            row = attendees.setdefault(
                organisation.pk, AttendeeRow(organisation.code, organisation.name, 0, 0)
            )
            row.meeting_count += 1
            row.people_count += attendance.people_count
    meeting_rows = [meeting_row(meeting) for meeting in meetings]
    return Concertation(
        spaces=[
            SpaceRow(
                space.code,
                space.name,
                space.get_kind_display(),
                sum(1 for m in meetings if m.space_id == space.pk),
            )
            for space in spaces
        ],
        meetings=meeting_rows,
        organisations=sorted(attendees.values(), key=lambda row: (row.name, row.code)),
        people_count=sum(row.people_count for row in meeting_rows),
    )


def meeting_row(meeting):
    attendances = meeting.attendances.all()
    return MeetingRow(
        held_on=meeting.held_on,
        title=meeting.title,
        kind_label=meeting.get_kind_display(),
        space_code=meeting.space.code if meeting.space else "",
        space_name=meeting.space.name if meeting.space else "",
        organisation_count=len(attendances),
        people_count=sum(a.people_count for a in attendances) + meeting.other_participants_count,
    )


def recommendations(actions):
    """The distinct recommendations the plan's actions answer, and how many per follow-up."""
    answered = {}
    for action in actions:
        for recommendation in action.recommendations.all():
            answered.setdefault(recommendation.pk, (recommendation, []))[1].append(action.code)
    ordered = sorted(
        answered.values(), key=lambda pair: (-pair[0].memorandum.year, recommendation_key(pair[0]))
    )
    rows = [recommendation_row(recommendation, codes) for recommendation, codes in ordered]
    follow_ups = [
        FollowUpCount(value, str(label), [row.key for row in rows if row.follow_up == value])
        for value, label in Recommendation.FollowUp.choices
    ]
    return {"recommendations": rows, "follow_ups": follow_ups}


def recommendation_key(recommendation):
    return f"{recommendation.memorandum.code}/{recommendation.code}"


def recommendation_row(recommendation, action_codes):
    return RecommendationRow(
        key=recommendation_key(recommendation),
        code=recommendation.code,
        text=recommendation.text,
        memorandum_code=recommendation.memorandum.code,
        memorandum_title=recommendation.memorandum.title,
        level_label=recommendation.get_level_display(),
        follow_up=recommendation.follow_up,
        follow_up_label=recommendation.get_follow_up_display(),
        action_codes=sorted(action_codes),
    )


def findings(plan, actions):
    """The findings of the plan's diagnostics, with the plan's actions answering each."""
    by_objective = {}
    for action in actions:
        if action.objective_id:
            by_objective.setdefault(action.objective_id, []).append(action.code)
    links = Objective.findings.through.objects.filter(finding__diagnostic__plan=plan)
    by_finding = {}
    for finding_id, objective_id in links.values_list("finding_id", "objective_id"):
        by_finding.setdefault(finding_id, set()).update(by_objective.get(objective_id, []))
    rows = (
        Finding.objects.filter(diagnostic__plan=plan)
        .select_related("diagnostic", "axis")
        .order_by("diagnostic__start_year", "diagnostic__code", "priority", "code")
    )
    return [finding_row(finding, sorted(by_finding.get(finding.pk, ()))) for finding in rows]


def finding_row(finding, action_codes):
    return FindingRow(
        key=f"{finding.diagnostic.code}/{finding.code}",
        code=finding.code,
        statement=finding.statement,
        kind_label=finding.get_kind_display(),
        diagnostic_code=finding.diagnostic.code,
        diagnostic_title=finding.diagnostic.title,
        axis_code=finding.axis.code if finding.axis else "",
        axis_name=finding.axis.name if finding.axis else "",
        priority_label=finding.get_priority_display(),
        action_codes=action_codes,
    )
