"""E-mail notifications, through django-post-office's outbox.

Each e-mail is a row of the outbox (post_office.Email) written in the transaction of the
change it tells about: a change rolled back leaves no e-mail behind, and one committed cannot
lose its e-mail. Right after the commit the process delivers its own e-mails; one the SMTP
server refused stays in the outbox, and `manage.py send_queued_mail` (cron, every minute)
tries it again until it goes through (POST_OFFICE in cai/settings.py). The admin shows each
e-mail's status under Post Office → Emails.
"""

import datetime
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from post_office.models import PRIORITY, STATUS, Email
from post_office.settings import get_retry_timedelta

from cai.models import DatePrecision
from cai.roles import ADMINISTRATORS, COORDINATORS

from .models import Kind, Preferences

# The delivery right after the commit has a minute to itself before `send_queued_mail`
# may take the same e-mail: one e-mail is never sent twice by the two at once.
OWN_DELIVERY_DELAY = datetime.timedelta(minutes=1)


def wanting(users, kind):
    """These users, less those who turned this kind of e-mail off (or did not ask for it)."""
    field = f"notification_preferences__{Preferences.FIELDS[kind]}"
    if Preferences.is_wanted_by_default(kind):
        chosen = users.exclude(**{field: False})
    else:
        chosen = users.filter(**{field: True})
    return (
        chosen.filter(is_active=True).exclude(email="").select_related("notification_preferences")
    )


def reviewers(users):
    """Those of these users who approve or return partners' updates."""
    may_review = Q(is_superuser=True) | Q(groups__name__in=[COORDINATORS, ADMINISTRATORS])
    return users.filter(may_review).distinct()


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def link(url_name, *args):
    """The full address of a page, in the language active (the recipient's, in compose)."""
    return absolute_url(reverse(url_name, args=args))


def compose(*, user, kind, context):
    """An unsaved outbox row: the e-mail to one person, in their language, text and HTML
    (templates/notifications/<kind>_subject.txt, <kind>.txt and <kind>.html). `context` is
    a function, called in that language, so that its links lead to the pages in it."""
    preferences = getattr(user, "notification_preferences", None)
    language = preferences.language if preferences else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            **context(),
            "user": user,
            "kind": Kind(kind).label,
            "preferences_url": link("accounts:account") + "#notifications",
        }
        subject = render_to_string(f"notifications/{kind}_subject.txt", context)
        text = render_to_string(f"notifications/{kind}.txt", context)
        html = render_to_string(f"notifications/{kind}.html", context)
    return Email(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        # Built here rather than by post_office.mail.send, which renders its text as a
        # template: a partner's note must never be read as template code.
        subject=" ".join(subject.split()),
        message=text,
        html_message=html,
        status=STATUS.queued,
        priority=PRIORITY.medium,
    )


def queue(emails, *, deliver_now=True):
    """Write the e-mails into the outbox; deliver them once the transaction commits."""
    if not emails:
        return []
    if deliver_now:
        later = timezone.now() + OWN_DELIVERY_DELAY
        for email in emails:
            email.scheduled_time = later
    saved = Email.objects.bulk_create(emails)
    if deliver_now:
        transaction.on_commit(partial(deliver, [email.pk for email in saved]), robust=True)
    return saved


def deliver(email_ids):
    """Send these outbox e-mails now. A refusal keeps the e-mail for send_queued_mail."""
    retry_at = timezone.now() + get_retry_timedelta()
    pending = list(Email.objects.filter(pk__in=email_ids, status=STATUS.queued))
    for index, email in enumerate(pending):
        if email.dispatch() == STATUS.failed:
            # The server refused or did not answer: the e-mails after this one wait with
            # it, rather than hold the request for EMAIL_TIMEOUT each.
            Email.objects.filter(pk__in=[e.pk for e in pending[index:]]).update(
                status=STATUS.requeued, scheduled_time=retry_at, number_of_retries=1
            )
            break


# --- The events -------------------------------------------------------------------------------


def notify_update_submitted(update):
    """A partner submitted an update: the coordinators who follow the plan review it."""
    coordinators = wanting(reviewers(update.action.plan.team.all()), Kind.UPDATE_SUBMITTED)

    def context():
        page = link("admin:plans_submittedupdate_change", update.pk)
        return {"update": update, "action": update.action, "link": page}

    queue(
        [compose(user=user, kind=Kind.UPDATE_SUBMITTED, context=context) for user in coordinators]
    )


def notify_update_reviewed(update):
    """A coordinator approved or returned an update: its author hears of it."""
    if update.author_id is None:
        return
    authors = wanting(get_user_model().objects.filter(pk=update.author_id), Kind.UPDATE_REVIEWED)

    def context():
        if update.review_status == update.Review.RETURNED:
            page = link("partners:update-edit", update.pk)
        else:
            page = link("partners:action-detail", update.action_id)
        return {"update": update, "action": update.action, "link": page}

    queue([compose(user=user, kind=Kind.UPDATE_REVIEWED, context=context) for user in authors])


# What moves a meeting in its members' calendars.
SCHEDULE_FIELDS = {"held_on", "precision", "start_time", "end_time", "place", "commune"}


def notify_meeting_saved(*, meeting, created, changed_fields):
    """A meeting saved in the admin: announced to the members of its space who asked, when
    it becomes public (added) or its date, time or place changes (moved). Only meetings to
    come with a known day: recording a past meeting or a month is no news."""
    newly_public = created or "is_published" in changed_fields
    moved = not newly_public and bool(SCHEDULE_FIELDS & set(changed_fields))
    is_public = type(meeting).objects.published().filter(pk=meeting.pk).exists()
    if not (newly_public or moved) or not is_public or meeting.space_id is None:
        return
    if meeting.precision != DatePrecision.DAY or meeting.held_on < timezone.localdate():
        return
    members = (
        get_user_model()
        .objects.filter(
            Q(organisation__space_memberships__ended_on__isnull=True)
            | Q(organisation__space_memberships__ended_on__gte=meeting.held_on),
            organisation__space_memberships__space=meeting.space_id,
            organisation__space_memberships__started_on__lte=meeting.held_on,
        )
        .distinct()
    )

    def context():
        return {
            "meeting": meeting,
            "moved": moved,
            "link": link("concertation:space-detail", meeting.space.code),
            "calendar_link": link("concertation:meeting-ics", meeting.pk),
        }

    queue(
        [
            compose(user=user, kind=Kind.MEETING, context=context)
            for user in wanting(members, Kind.MEETING)
        ]
    )
