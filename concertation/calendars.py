"""Meetings as iCalendar (RFC 5545), for the agendas of partners and of the public.

A feed lists the published meetings of a year back and all those to come, of the whole
site, of one space or of one commune; each meeting also downloads alone. Only meetings
whose day is known are in a calendar (a month or a year is no date for an agenda). A meeting
with a start time is set in Europe/Brussels time (the VTIMEZONE is in the file, summer and
winter time included); without one it is a whole-day event. The UID of a meeting never
changes, so an agenda that reads the feed again moves the event instead of adding a second.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from cai.models import DatePrecision

BRUSSELS = ZoneInfo("Europe/Brussels")
FEED_PAST_DAYS = 365


def in_calendars(meetings):
    """The meetings a calendar may show, with what an event needs, in one query."""
    return (
        meetings.published()
        .filter(precision=DatePrecision.DAY)
        .select_related("space", "commune")
        .order_by("held_on", "start_time", "pk")
    )


def recent_and_coming(meetings, *, today):
    """What a feed lists: a year back, and everything to come."""
    return meetings.filter(held_on__gte=today - datetime.timedelta(days=FEED_PAST_DAYS))


def calendar(meetings, *, name, site_url):
    """An iCalendar file (bytes) of these meetings."""
    cal = Calendar()
    cal.add("prodid", "-//CAI Namur//Plans d'intégration//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for meeting in meetings:
        cal.add_component(event(meeting, stamp=stamp, site_url=site_url))
    cal.add_missing_timezones()
    return cal.to_ical()


def event(meeting, *, stamp, site_url):
    item = Event()
    item.add("uid", f"reunion-{meeting.pk}@plans.cai-namur")
    item.add("dtstamp", stamp)
    item.add("summary", meeting.title)
    if meeting.start_time is None:
        item.add("dtstart", meeting.held_on)
        item.add("dtend", meeting.held_on + datetime.timedelta(days=1))
    else:
        start = datetime.datetime.combine(meeting.held_on, meeting.start_time, BRUSSELS)
        item.add("dtstart", start)
        if meeting.end_time is not None:
            end = datetime.datetime.combine(meeting.held_on, meeting.end_time, BRUSSELS)
            item.add("dtend", end)
    if where := place(meeting):
        item.add("location", where)
    details = [meeting.get_kind_display()]
    if meeting.space is not None:
        details.append(meeting.space.name)
        item.add("url", f"{site_url}{meeting.space.get_absolute_url()}")
    if meeting.agenda:
        details.append(_("Ordre du jour : %(agenda)s") % {"agenda": meeting.agenda})
    item.add("description", "\n\n".join(details))
    return item


def place(meeting):
    parts = [meeting.place, meeting.commune.name if meeting.commune else ""]
    return ", ".join(part for part in parts if part)
