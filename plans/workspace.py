"""The coordinator's home in the admin: what waits for them today, in the plans they follow.

Five questions a coordinator asks on arriving in the morning, each answered by one list
whose every line links to where it is dealt with: how far are my plans; which partners'
updates wait for my review (oldest first: they have waited longest); which of my actions
have gone quiet for six months or run past their end date without being done; which
meetings of my spaces come next; which of last year's reports are still to freeze for the
plenary. Each list is one query however many rows lie behind it, and shows its first rows
only with the total beside them.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F

from concertation.models import Meeting

from .models import Action, Plan, SubmittedUpdate

FIRST_ROWS = 10


@dataclass
class Workspace:
    today: datetime.date
    plans: list
    waiting_count: int
    waiting: list  # the oldest submitted updates first
    attention_count: int
    attention: list  # actions past their end date or quiet for REMINDER_STALE_MONTHS
    quiet_since: datetime.date
    meetings: list
    report_year: int
    reports_to_freeze: list  # plans whose report of report_year is not frozen yet
    may_review: bool
    may_freeze: bool


def months_before(day, months):
    """The same day `months` months earlier (the month's last day when it has fewer days)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def coordinator_workspace(*, user, today):
    """What waits for `user` on `today` in the plans they follow (Plan.team)."""
    mine = Plan.objects.assigned_to(user)
    # The same period as the reminders', so that the home and the digest name the same actions.
    quiet_since = months_before(today, settings.REMINDER_STALE_MONTHS)
    waiting = (
        SubmittedUpdate.objects.awaiting_review()
        .in_plans(mine)
        .select_related("action__plan", "action__lead_organisation", "author")
        .order_by("submitted_at", "pk")
    )
    attention = (
        Action.objects.in_plans(mine)
        .needing_attention(today=today, quiet_since=quiet_since)
        .select_related("plan")
        # Overdue first, then the longest quiet (never updated first).
        .order_by("-is_overdue", "ended_on", F("last_update_on").asc(nulls_first=True), "code")
    )
    meetings = (
        Meeting.objects.for_plans(mine).upcoming(today).select_related("space", "plan", "commune")
    )
    report_year = today.year - 1
    to_freeze = mine.running_in(report_year).without_frozen_report(report_year)
    may_review = user.has_perm("plans.review_actionupdate")
    may_freeze = user.has_perm("plans.freeze_report")
    return Workspace(
        today=today,
        plans=list(mine.with_progress().order_by("-start_year", "title")),
        waiting_count=waiting.count() if may_review else 0,
        waiting=list(waiting[:FIRST_ROWS]) if may_review else [],
        attention_count=attention.count(),
        attention=list(attention[:FIRST_ROWS]),
        quiet_since=quiet_since,
        meetings=list(meetings[:FIRST_ROWS]),
        report_year=report_year,
        reports_to_freeze=list(to_freeze.order_by("title")) if may_freeze else [],
        may_review=may_review,
        may_freeze=may_freeze,
    )
