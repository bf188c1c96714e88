"""Public pages of the concertation spaces: who takes part, which meetings were held; and
their meetings as iCalendar feeds (calendars.py)."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cai.models import Commune

from . import calendars
from .models import Meeting, Space

SPACES_PER_PAGE = 50


@require_safe
def space_list(request):
    spaces = Space.objects.published().for_public_list()
    page = Paginator(spaces, SPACES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "concertation/space_list.html", {"spaces": page, "page": page})


@require_safe
def space_detail(request, code):
    space = get_object_or_404(Space.objects.published().select_related("convener"), code=code)
    return render(
        request,
        "concertation/space_detail.html",
        {
            "space": space,
            "memberships": space.memberships.select_related("organisation"),
            "meetings": Meeting.objects.published().filter(space=space).with_attendance(),
            "plans": space.plans.published(),
            "communes": space.communes.all(),
            "axes": space.axes.all(),
            "themes": space.themes.all(),
        },
    )


@require_safe
def site_calendar(request):
    return _calendar_response(
        request, Meeting.objects.all(), name=_("Réunions du CAI"), filename="reunions-cai"
    )


@require_safe
def space_calendar(request, code):
    space = get_object_or_404(Space.objects.published(), code=code)
    return _calendar_response(
        request, space.meetings.all(), name=space.name, filename=f"reunions-{space.code}"
    )


@require_safe
def commune_calendar(request, nis_code):
    """The meetings held in the commune, and those of its local spaces held nowhere given."""
    commune = get_object_or_404(Commune, pk=nis_code)
    meetings = Meeting.objects.filter(
        Q(commune=commune) | Q(commune__isnull=True, space__communes=commune)
    ).distinct()
    name = _("Réunions à %(commune)s") % {"commune": commune.name}
    return _calendar_response(request, meetings, name=name, filename=f"reunions-{nis_code}")


@require_safe
def meeting_calendar(request, pk):
    """One meeting, for the "add to my calendar" link."""
    meeting = get_object_or_404(calendars.in_calendars(Meeting.objects.all()), pk=pk)
    return _ics_response(request, [meeting], name=meeting.title, filename=f"reunion-{meeting.pk}")


def _calendar_response(request, meetings, *, name, filename):
    listed = calendars.recent_and_coming(
        calendars.in_calendars(meetings), today=timezone.localdate()
    )
    return _ics_response(request, listed, name=name, filename=filename)


def _ics_response(request, meetings, *, name, filename):
    # The address the calendar was read from: an agenda may follow its links back.
    site_url = request.build_absolute_uri("/").rstrip("/")
    body = calendars.calendar(meetings, name=name, site_url=site_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.ics"'
    return response
