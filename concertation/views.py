"""Public pages of the concertation spaces: who takes part, which meetings were held."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Meeting, Space


@require_safe
def space_list(request):
    published_meetings = (
        Meeting.objects.published()
        .filter(space=OuterRef("pk"))
        .order_by()
        .values("space")
        .annotate(n=Count("pk"))
        .values("n")
    )
    spaces = (
        Space.objects.published()
        .annotate(
            member_count=Count("memberships__organisation", distinct=True),
            meeting_count=Coalesce(Subquery(published_meetings), 0),
        )
        .prefetch_related("communes")
    )
    return render(request, "concertation/space_list.html", {"spaces": spaces})


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
