"""The weekly digest: what each person should report on or review (send_reminders).

To the users of an action's lead organisation: its actions with no approved update for
REMINDER_STALE_MONTHS months, or past their end date and not done. To the coordinators of a
plan: the same for the plans they follow, plus the partners' updates waiting for more than
seven days. At most one digest per person in seven days, so a daily run sends each person
one a week at most, and a second run the same day sends nothing.

The selection reads a fixed number of queries (one per kind of thing, whatever the number
of actions or people), then groups in memory: 5,000 actions are a few hundred kilobytes.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from plans.models import Action, ActionUpdate, Plan
from plans.workspace import months_before

from .models import Digest, Kind
from .outbox import compose, link, queue, reviewers, wanting

WEEK = datetime.timedelta(days=7)
# A digest lists this many actions; the rest are counted, and the link opens them all.
LISTED = 30


@dataclass
class DueDigest:
    user: object
    actions: list = field(default_factory=list)
    waiting_updates: list = field(default_factory=list)


def digests_due(*, now, stale_months):
    """The digests to send now, one per person who has something to hear about."""
    today = timezone.localdate(now)
    users = get_user_model().objects.exclude(digests__sent_at__gt=now - WEEK)
    actions = list(
        Action.objects.needing_news(today=today, stale_since=months_before(today, stale_months))
        .select_related("plan")
        .order_by("plan__code", "code")
    )
    waiting = list(
        ActionUpdate.objects.awaiting_review()
        .filter(submitted_at__lt=now - WEEK)
        .select_related("action__plan", "action__lead_organisation")
        .order_by("submitted_at", "pk")
    )
    by_organisation, by_plan = defaultdict(list), defaultdict(list)
    waiting_by_plan = defaultdict(list)
    for action in actions:
        by_organisation[action.lead_organisation_id].append(action)
        by_plan[action.plan_id].append(action)
    for update in waiting:
        waiting_by_plan[update.action.plan_id].append(update)

    due = {}
    partners = wanting(users.filter(organisation__in=list(by_organisation)), Kind.DIGEST)
    for user in partners:
        due[user.pk] = DueDigest(user, actions=by_organisation[user.organisation_id])
    coordinators = wanting(reviewers(users.filter(assigned_plans__isnull=False)), Kind.DIGEST)
    coordinators = {user.pk: user for user in coordinators}
    follows = Plan.team.through.objects.filter(user__in=list(coordinators)).order_by("plan_id")
    for user_id, plan_id in follows.values_list("user_id", "plan_id"):
        digest = due.setdefault(user_id, DueDigest(coordinators[user_id]))
        digest.actions.extend(by_plan[plan_id])
        digest.waiting_updates.extend(waiting_by_plan[plan_id])
    return [digest for digest in due.values() if digest.actions or digest.waiting_updates]


@transaction.atomic
def send_digests(*, now, stale_months):
    """Queue the digests due in the outbox, and record them; returns how many."""
    due = digests_due(now=now, stale_months=stale_months)
    emails = queue([_compose(digest) for digest in due], deliver_now=False)
    Digest.objects.bulk_create(
        Digest(
            user=digest.user,
            sent_at=now,
            action_count=len(digest.actions),
            waiting_update_count=len(digest.waiting_updates),
            email=email,
        )
        for digest, email in zip(due, emails, strict=True)
    )
    return len(due)


def _compose(digest):
    return compose(user=digest.user, kind=Kind.DIGEST, context=lambda: _context(digest))


def _context(digest):
    is_partner = digest.user.organisation_id is not None
    action_page = "partners:action-detail" if is_partner else "admin:plans_action_change"
    return {
        "actions": [(a, link(action_page, a.pk)) for a in digest.actions[:LISTED]],
        "more_actions": max(len(digest.actions) - LISTED, 0),
        "waiting": [
            (update, link("admin:plans_submittedupdate_change", update.pk))
            for update in digest.waiting_updates[:LISTED]
        ],
        "more_waiting": max(len(digest.waiting_updates) - LISTED, 0),
        "all_link": link("partners:action-list" if is_partner else "admin:index"),
    }
