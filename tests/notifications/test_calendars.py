"""The meeting calendars: they parse with icalendar, hold only published meetings with a
known day, keep their UIDs, and put times in Brussels time on both sides of a DST change."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cai.models import DatePrecision
from tests.factory import make_commune, make_meeting, make_plan, make_space

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = datetime.UTC
# Summer time ends in Belgium on Sunday 25 October 2026 at 3:00.
BEFORE_DST_END = datetime.date(2026, 10, 24)
AFTER_DST_END = datetime.date(2026, 10, 26)


@pytest.fixture
def today(monkeypatch):
    day = datetime.date(2026, 10, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)
    return day


@pytest.fixture
def space(db):
    return make_space(code="gt-sante", name="GT santé", is_published=True)


def parsed(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_site_feed_parses_and_lists_only_published_meetings_with_a_day(client, space, today):
    make_meeting(space=space, title="Publiée", held_on=AFTER_DST_END, is_published=True)
    make_meeting(space=space, title="Pas publiée", held_on=AFTER_DST_END, is_published=False)
    hidden_space = make_space(is_published=False)
    make_meeting(space=hidden_space, title="Espace caché", held_on=AFTER_DST_END, is_published=True)
    hidden_plan = make_plan(is_published=False)
    make_meeting(plan=hidden_plan, title="Plan caché", held_on=AFTER_DST_END, is_published=True)
    make_meeting(
        title="Un mois",
        held_on=datetime.date(2026, 11, 1),
        precision=DatePrecision.MONTH,
        is_published=True,
    )
    make_meeting(title="Il y a deux ans", held_on=datetime.date(2024, 6, 1), is_published=True)

    calendar = parsed(client.get(reverse("concertation:site-ics")))

    assert set(events(calendar)) == {"Publiée"}
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Brussels"


def test_times_are_in_brussels_time_on_both_sides_of_the_change_to_winter_time(
    client, space, today
):
    for day in (BEFORE_DST_END, AFTER_DST_END):
        make_meeting(
            space=space,
            title=f"GT du {day:%d}",
            held_on=day,
            start_time=datetime.time(14, 0),
            end_time=datetime.time(16, 30),
            place="Salle du CAI",
            commune=make_commune(name="Namur"),
            is_published=True,
        )
    calendar = parsed(client.get(reverse("concertation:space-ics", args=["gt-sante"])))
    found = events(calendar)

    before, after = found["GT du 24"]["DTSTART"].dt, found["GT du 26"]["DTSTART"].dt
    assert before.tzinfo.key == after.tzinfo.key == "Europe/Brussels"
    assert (before.hour, after.hour) == (14, 14)
    # Summer time, UTC+2, then winter time, UTC+1.
    assert before.astimezone(UTC).hour == 12 and after.astimezone(UTC).hour == 13
    assert found["GT du 26"]["DTEND"].dt == datetime.datetime(2026, 10, 26, 16, 30, tzinfo=BRUSSELS)
    assert str(found["GT du 26"]["LOCATION"]) == "Salle du CAI, Namur"
    # The file carries the definition of the time zone, with its summer and winter rules.
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Brussels"
    assert {component.name for component in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_a_meeting_without_a_time_is_a_whole_day(client, space, today):
    meeting = make_meeting(space=space, title="Journée", held_on=AFTER_DST_END, is_published=True)
    event = events(parsed(client.get(reverse("concertation:meeting-ics", args=[meeting.pk]))))[
        "Journée"
    ]
    assert event["DTSTART"].dt == AFTER_DST_END
    assert event["DTEND"].dt == AFTER_DST_END + datetime.timedelta(days=1)


def test_uids_are_stable_from_one_reading_to_the_next_and_per_meeting(client, space, today):
    meeting = make_meeting(space=space, title="GT", held_on=AFTER_DST_END, is_published=True)
    url = reverse("concertation:site-ics")
    first = events(parsed(client.get(url)))["GT"]["UID"]
    meeting.held_on = BEFORE_DST_END  # moved: the agenda moves the same event
    meeting.save()
    assert (
        events(parsed(client.get(url)))["GT"]["UID"]
        == first
        == f"reunion-{meeting.pk}@plans.cai-namur"
    )
    single = events(parsed(client.get(reverse("concertation:meeting-ics", args=[meeting.pk]))))
    assert single["GT"]["UID"] == first


def test_the_commune_feed_holds_its_meetings_and_those_of_its_local_spaces(client, today):
    namur, dinant = make_commune(name="Namur"), make_commune(name="Dinant")
    local = make_space(code="coordination-namur", is_published=True)
    local.communes.add(namur)
    make_meeting(title="À Namur", commune=namur, held_on=AFTER_DST_END, is_published=True)
    make_meeting(title="Coordination", space=local, held_on=AFTER_DST_END, is_published=True)
    make_meeting(title="À Dinant", commune=dinant, held_on=AFTER_DST_END, is_published=True)
    calendar = parsed(client.get(reverse("concertation:commune-ics", args=[namur.nis_code])))
    assert set(events(calendar)) == {"À Namur", "Coordination"}


def test_an_unpublished_meeting_or_space_answers_404(client, space):
    hidden = make_meeting(space=space, is_published=False)
    assert client.get(reverse("concertation:meeting-ics", args=[hidden.pk])).status_code == 404
    unpublished = make_space(code="cache", is_published=False)
    assert client.get(reverse("concertation:space-ics", args=[unpublished.code])).status_code == 404
    assert client.get("/concertation/communes/99999/reunions.ics").status_code == 404


@pytest.mark.parametrize("n", [1, 30])
def test_a_feed_makes_the_same_queries_whatever_the_number_of_meetings(
    n, client, space, today, django_assert_num_queries
):
    for i in range(n):
        make_meeting(
            space=space,
            title=f"GT {i}",
            held_on=AFTER_DST_END,
            commune=make_commune(),
            is_published=True,
        )
    with django_assert_num_queries(2):  # the space, its meetings
        assert client.get(reverse("concertation:space-ics", args=["gt-sante"])).status_code == 200


def test_the_space_page_links_to_its_calendar_and_each_meeting_to_its_ics(client, space, today):
    meeting = make_meeting(space=space, held_on=AFTER_DST_END, is_published=True)
    page = client.get(reverse("concertation:space-detail", args=["gt-sante"])).content.decode()
    assert reverse("concertation:space-ics", args=["gt-sante"]) in page
    assert reverse("concertation:meeting-ics", args=[meeting.pk]) in page
