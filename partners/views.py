"""The partner area: an organisation's actions, and the updates it proposes for them.

Every page asks for a logged-in user who belongs to a partner organisation. An action or an
update of another organisation answers 404, as if it did not exist, direct URLs included.
A partner's update is a draft until submitted; it counts (progress, public pages, reports)
only once a coordinator of the plan approves it (ActionUpdate.approve).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from plans.models import Action, ActionPartner, ActionUpdate

from .filters import PartnerActionFilter
from .forms import UpdateForm

ACTIONS_PER_PAGE = 25
Review = ActionUpdate.Review


def partner_required(view):
    """Logged in, on behalf of an organisation. CAI staff, who have none, are told why not:
    they follow and review updates in the admin."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.organisation_id is None:
            return render(request, "partners/no_organisation.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _get_action_for_user(request, pk):
    """An action the user's organisation leads or takes part in, published or not."""
    actions = Action.objects.for_organisation(request.user.organisation).select_related(
        "plan", "axis__framework", "lead_organisation", "objective", "concertation_space"
    )
    return get_object_or_404(actions, pk=pk)


def _get_led_action_for_user(request, pk):
    """An action the user's organisation leads: only the lead reports on an action."""
    actions = Action.objects.filter(lead_organisation=request.user.organisation_id)
    return get_object_or_404(actions.select_related("plan"), pk=pk)


def _get_update_for_user(request, pk):
    """An update of an action the user's organisation leads."""
    updates = ActionUpdate.objects.filter(action__lead_organisation=request.user.organisation_id)
    return get_object_or_404(updates.select_related("action__plan"), pk=pk)


def _actions_of(organisation):
    """The organisation's actions as its list shows them, in a fixed number of queries: its
    own role in each, and for those it leads, its updates not approved yet."""
    own_partnerships = Prefetch(
        "partnerships",
        queryset=ActionPartner.objects.filter(organisation=organisation),
        to_attr="own_partnerships",
    )

    def updates_in(review_status):
        # One probe per listed action (actionupdate_pending_idx), not a join of every update.
        updates = ActionUpdate.objects.filter(action=OuterRef("pk"), review_status=review_status)
        counted = updates.order_by().values("action").annotate(n=Count("pk")).values("n")
        led = Q(lead_organisation=organisation)
        return Case(When(led, then=Coalesce(Subquery(counted), 0)), default=0)

    return (
        Action.objects.for_organisation(organisation)
        .select_related("plan")
        .prefetch_related(own_partnerships)
        .annotate(
            is_led=ExpressionWrapper(
                Q(lead_organisation=organisation), output_field=BooleanField()
            ),
            draft_count=updates_in(Review.DRAFT),
            submitted_count=updates_in(Review.SUBMITTED),
            returned_count=updates_in(Review.RETURNED),
        )
        .in_code_order()
    )


@partner_required
@require_safe
def action_list(request):
    organisation = request.user.organisation
    filterset = PartnerActionFilter(
        request.GET, queryset=_actions_of(organisation), request=request
    )
    page = Paginator(filterset.qs, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/action_list.html",
        {"organisation": organisation, "filter": filterset, "page": page},
    )


@partner_required
@require_safe
def action_detail(request, pk):
    action = _get_action_for_user(request, pk)
    organisation = request.user.organisation
    is_lead = action.is_led_by(organisation)
    pending = (
        action.updates.exclude(review_status=Review.APPROVED)
        .select_related("author")
        .prefetch_related("indicator_values__indicator")
        .order_by(*ActionUpdate.LATEST_FIRST)
    )
    return render(
        request,
        "partners/action_detail.html",
        {
            "action": action,
            "organisation": organisation,
            "is_lead": is_lead,
            "is_public": action.is_published and action.plan.is_published,
            "partnerships": action.partnerships.select_related("organisation"),
            "communes": action.communes.all(),
            "themes": action.themes.all(),
            "intervention_axes": action.intervention_axes.all(),
            "target_publics": action.target_publics.all(),
            "indicators": action.indicators.prefetch_related("values"),
            "updates": action.updates.counted().order_by(*ActionUpdate.LATEST_FIRST),
            # The lead's drafts stay between the lead and the CAI.
            "pending_updates": pending if is_lead else [],
        },
    )


@partner_required
@require_http_methods(["GET", "POST"])
def update_create(request, pk):
    action = _get_led_action_for_user(request, pk)
    return _update_form(request, ActionUpdate(action=action))


@partner_required
@require_http_methods(["GET", "POST"])
def update_edit(request, pk):
    update = _get_update_for_user(request, pk)
    if not update.is_editable_by_partner:
        messages.info(request, _read_only_message(update))
        return redirect("partners:action-detail", update.action_id)
    return _update_form(request, update)


def _update_form(request, update):
    """Create or edit: always saved as a draft, then submitted if the partner asked to."""
    is_new = update.pk is None
    form = UpdateForm(
        request.POST if request.method == "POST" else None,
        instance=update,
        indicators=update.action.indicators.all(),
    )
    if form.is_valid():
        submitting = "submit_for_review" in request.POST
        try:
            with transaction.atomic():
                form.save_draft(author=request.user)
                if submitting:
                    update.submit()
        except ValidationError as error:  # a year frozen meanwhile: the form says so
            form.add_error(None, error)
        else:
            messages.success(request, _saved_message(submitting))
            return redirect("partners:action-detail", update.action_id)
    return render(
        request,
        "partners/update_form.html",
        {"form": form, "action": update.action, "update": update, "is_new": is_new},
    )


@partner_required
@require_http_methods(["GET", "POST"])
def update_delete(request, pk):
    update = _get_update_for_user(request, pk)
    if update.review_status != Review.DRAFT:
        messages.info(request, _("Seul un brouillon peut être supprimé."))
        return redirect("partners:action-detail", update.action_id)
    if request.method == "POST":
        try:
            update.delete()
        except ValidationError as error:  # dated in a frozen year
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Le brouillon est supprimé."))
        return redirect("partners:action-detail", update.action_id)
    return render(request, "partners/update_confirm_delete.html", {"update": update})


def _saved_message(submitted):
    if submitted:
        return _(
            "Le point d'avancement est soumis pour validation. Un coordinateur du plan le "
            "validera ou vous le renverra avec ses remarques."
        )
    return _("Le brouillon est enregistré. Il ne compte pas tant qu'il n'est pas validé.")


def _read_only_message(update):
    return _("Ce point est « %(status)s » : il ne peut plus être modifié.") % {
        "status": update.get_review_status_display()
    }
