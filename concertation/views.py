"""Public pages of the concertation spaces: who takes part, which meetings were held."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

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
