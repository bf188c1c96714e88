"""The admin as the coordinators use it: every page opens, lists stay cheap, rules speak French."""

import datetime
import html
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.flatpages.models import FlatPage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from cai.models import (
    Acronym,
    Arrondissement,
    Audience,
    Commune,
    InterventionAxis,
    Organisation,
    Province,
    RightsAxis,
    RightsFramework,
    TargetPublic,
    Theme,
    User,
)
from concertation.models import Attendance, Meeting, Membership, Space
from notifications.models import Digest, Preferences
from plans.models import (
    Action,
    ActionUpdate,
    Diagnostic,
    Finding,
    FrozenReport,
    Indicator,
    Memorandum,
    Milestone,
    MilestoneSource,
    Objective,
    Plan,
    Recommendation,
    SteeringMembership,
    SubmittedUpdate,
)
from plans.reporting import freeze_report
from tests.factory import (
    make_acronym,
    make_action,
    make_action_partner,
    make_arrondissement,
    make_attendance,
    make_audience,
    make_axis,
    make_commune,
    make_diagnostic,
    make_finding,
    make_framework,
    make_group,
    make_indicator,
    make_indicator_value,
    make_intervention_axis,
    make_meeting,
    make_membership,
    make_memorandum,
    make_milestone,
    make_milestone_resource,
    make_milestone_source,
    make_objective,
    make_organisation,
    make_plan,
    make_province,
    make_recommendation,
    make_space,
    make_steering_membership,
    make_target_public,
    make_theme,
    make_update,
    make_user,
    new_nis_code,
)

pytestmark = pytest.mark.django_db


# --- One row of each registered model, with what its list and form pages show of it ----------


def an_action():
    action = make_action()
    make_action_partner(action=action)
    make_indicator(action=action)
    make_update(action, author=make_user())
    return action


def a_plan():
    plan = make_plan(framework=make_framework())
    make_steering_membership(plan=plan)
    make_milestone(plan=plan)
    make_action(plan=plan)
    return plan


def a_milestone():
    milestone = make_milestone(plan=make_plan())
    make_milestone_source(milestone=milestone)
    make_milestone_resource(milestone=milestone)
    milestone.audiences.add(make_audience())
    return milestone


def a_diagnostic():
    diagnostic = make_diagnostic(plan=make_plan())
    make_finding(diagnostic=diagnostic, axis=make_axis())
    return diagnostic


def an_indicator():
    indicator = make_indicator()
    make_indicator_value(indicator=indicator)
    return indicator


def a_submitted_update():
    action = make_action()
    update = make_update(action, author=make_user(organisation=action.lead_organisation))
    ActionUpdate.objects.filter(pk=update.pk).update(review_status=ActionUpdate.Review.SUBMITTED)
    return SubmittedUpdate.objects.get(pk=update.pk)


def a_memorandum():
    memorandum = make_memorandum()
    make_recommendation(memorandum=memorandum)
    return memorandum


def a_space():
    space = make_space(convener=make_organisation())
    make_membership(space=space)
    make_membership(space=space)
    return space


def a_frozen_report():
    # Printing the PDF takes about a second: fifty of them would outlast the minute after
    # which the session writes its "last seen" time, a query the list itself does not make.
    # The admin list never reads the stored files.
    with mock.patch("plans.reporting.freezing.html_to_pdf", return_value=b"%PDF-"):
        return freeze_report(plan=a_plan(), year=2025, user=make_user())


def a_meeting():
    meeting = make_meeting(space=make_space())
    make_attendance(meeting=meeting)
    return meeting


def a_footer_page():
    page = FlatPage.objects.create(url=f"/page-{new_nis_code()}/", title="Page", content="<p>…</p>")
    page.sites.add(1)
    return page


def an_email():
    """An e-mail of the outbox, as notifications write them."""
    return Email.objects.create(
        from_email="CAI Namur <plans@cai.example.org>",
        to=["partenaire@example.org"],
        subject="Point d'avancement approuvé : A-1",
        message="Bonjour,",
        html_message="<p>Bonjour,</p>",
        status=STATUS.sent,
    )


ROWS = {
    User: make_user,
    Group: make_group,
    Province: make_province,
    Arrondissement: make_arrondissement,
    Commune: lambda: make_commune(nis_code=new_nis_code()),
    Organisation: lambda: make_action().lead_organisation,
    InterventionAxis: make_intervention_axis,
    TargetPublic: make_target_public,
    Theme: make_theme,
    Audience: make_audience,
    Acronym: make_acronym,
    RightsFramework: lambda: make_axis().framework,
    RightsAxis: make_axis,
    Plan: a_plan,
    Milestone: a_milestone,
    MilestoneSource: make_milestone_source,
    Diagnostic: a_diagnostic,
    Finding: lambda: make_finding(axis=make_axis()),
    Objective: lambda: make_objective(axis=make_axis()),
    Action: an_action,
    ActionUpdate: lambda: make_update(make_action(), author=make_user()),
    SubmittedUpdate: a_submitted_update,
    Indicator: an_indicator,
    Memorandum: a_memorandum,
    Recommendation: lambda: make_recommendation(theme=make_theme(), axis=make_axis()),
    Space: a_space,
    Membership: make_membership,
    Meeting: a_meeting,
    Attendance: make_attendance,
    FrozenReport: a_frozen_report,
    FlatPage: a_footer_page,
    Email: an_email,
    Digest: lambda: Digest.objects.create(
        user=make_user(), sent_at=timezone.now(), action_count=2, email=an_email()
    ),
    Preferences: lambda: Preferences.objects.create(user=make_user()),
}

# Made only by a workflow, never typed in: their add form is refused.
NO_ADD_FORM = {FrozenReport, SubmittedUpdate, Email, Digest, Preferences}

REGISTERED = list(admin.site._registry)


def make_row(model):
    assert model in ROWS, f"{model._meta.label} is in the admin but tests/test_admin.py has no row"
    return ROWS[model]()


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def page_text(response):
    return html.unescape(response.content.decode())


# --- Posting the admin's own forms -----------------------------------------------------------


class _FormValues(HTMLParser):
    """Collects what a browser would submit from one form of a page, inline rows included."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.data = {}
        self._in_form = False
        self._select = None
        self._options = []
        self._is_multiple = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("id") == self.form_id
        if tag == "option" and self._select:
            self._options.append(attrs.get("value") or "")
            if "selected" in attrs:
                self.data[self._select].append(attrs.get("value") or "")
        name = attrs.get("name")
        if not self._in_form or not name or "__prefix__" in name:
            return
        if tag == "input" and attrs.get("type") in {"checkbox", "radio"}:
            if "checked" in attrs:
                self.data.setdefault(name, []).append(attrs.get("value") or "on")
        elif tag == "input" and attrs.get("type") not in {"submit", "button", "file"}:
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select":
            self._select, self._options = name, []
            self._is_multiple = "multiple" in attrs
            self.data.setdefault(name, [])
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            # A single select with no option marked selected submits its first option.
            if not self.data[self._select] and not self._is_multiple and self._options:
                self.data[self._select].append(self._options[0])
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def form_data(response, model):
    """The values of the model's add or change form as the page rendered them."""
    assert response.status_code == 200
    parser = _FormValues(f"{model._meta.model_name}_form")
    parser.feed(response.content.decode())
    # A browser drops the newline Django writes right after <textarea>.
    return {
        name: [value.removeprefix("\n") for value in values]
        for name, values in parser.data.items()
        if values
    }


def post_form(client, url, model, **changes):
    data = form_data(client.get(url), model)
    data.update({name: str(value) for name, value in changes.items()})
    return client.post(url, data)


# --- Every page opens ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    REGISTERED,
    ids=lambda model: model._meta.label,
)
def test_the_coordinator_can_open_the_list_the_add_form_and_a_change_form(
    coordinator_client, model
):
    row = make_row(model)
    assert coordinator_client.get(admin_url(model, "changelist")).status_code == 200
    add_status = 403 if model in NO_ADD_FORM else 200
    assert coordinator_client.get(admin_url(model, "add")).status_code == add_status
    assert coordinator_client.get(admin_url(model, "change", row.pk)).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_a_list_of_fifty_rows_costs_as_many_queries_as_a_list_of_one(coordinator_client, model):
    url = admin_url(model, "changelist")
    make_row(model)
    with CaptureQueriesContext(connection) as one_row:
        coordinator_client.get(url)
    for _ in range(49):
        make_row(model)
    with CaptureQueriesContext(connection) as fifty_rows:
        response = coordinator_client.get(url)
    shown = page_text(response).count('name="_selected_action"')
    assert shown == model._default_manager.count() >= 50
    extra = [query["sql"] for query in fifty_rows.captured_queries[len(one_row) :]]
    assert len(fifty_rows) == len(one_row), "\n".join(extra[:5])


# --- Database rules, worded in French on the admin forms -------------------------------------


def test_an_update_above_one_hundred_percent_is_refused_in_french(coordinator_client):
    action = make_action()
    response = post_form(
        coordinator_client,
        admin_url(Action, "change", action.pk),
        Action,
        **{
            "updates-0-reported_on": "01/06/2025",
            "updates-0-status": Action.Status.IN_PROGRESS,
            "updates-0-progress": 150,
        },
    )
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur est inférieure ou égale à 100." in page_text(response)
    assert not action.updates.exists()


def test_an_action_ending_before_it_starts_is_refused_in_french(coordinator_client):
    action = make_action()
    response = post_form(
        coordinator_client,
        admin_url(Action, "change", action.pk),
        Action,
        started_on="01/09/2025",
        ended_on="01/03/2025",
    )
    assert response.status_code == 200
    assert "La date de fin ne peut pas précéder la date de début." in page_text(response)
    action.refresh_from_db()
    assert action.ended_on is None


def test_a_second_action_with_the_same_code_in_a_plan_is_refused_in_french(coordinator_client):
    existing = make_action(code="A-1.1")
    response = post_form(
        coordinator_client,
        admin_url(Action, "add"),
        Action,
        plan=existing.plan.pk,
        code="A-1.1",
        title="Permanence juridique",
        axis=existing.axis.pk,
        lead_organisation=existing.lead_organisation.pk,
    )
    assert response.status_code == 200
    assert "Ce code d'action existe déjà dans ce plan." in page_text(response)
    assert Action.objects.count() == 1


def test_a_plan_ending_before_it_starts_is_refused_in_french(coordinator_client):
    plan = make_plan(start_year=2020, end_year=2025)
    response = post_form(
        coordinator_client, admin_url(Plan, "change", plan.pk), Plan, end_year=2019
    )
    assert response.status_code == 200
    assert "La dernière année du plan ne peut pas précéder la première année." in page_text(
        response
    )
    plan.refresh_from_db()
    assert plan.end_year == 2025


def test_one_organisation_twice_on_a_steering_committee_at_once_is_refused_in_french(
    coordinator_client,
):
    plan = make_plan()
    organisation = make_organisation()
    response = post_form(
        coordinator_client,
        admin_url(Plan, "change", plan.pk),
        Plan,
        **{
            "steering_memberships-TOTAL_FORMS": 2,
            "steering_memberships-0-organisation": organisation.pk,
            "steering_memberships-0-role": SteeringMembership.Role.PILOT,
            "steering_memberships-0-started_on": "01/01/2020",
            "steering_memberships-1-organisation": organisation.pk,
            "steering_memberships-1-role": SteeringMembership.Role.MEMBER,
            "steering_memberships-1-started_on": "01/06/2021",
        },
    )
    assert response.status_code == 200
    assert (
        "La même organisation apparaît deux fois pour des périodes qui se chevauchent."
        in page_text(response)
    )
    assert not plan.steering_memberships.exists()


def test_an_attendance_of_nobody_is_refused_in_french(coordinator_client):
    organisation = make_organisation()
    response = post_form(
        coordinator_client,
        admin_url(Meeting, "add"),
        Meeting,
        title="Plateforme provinciale",
        held_on="04/03/2025",
        **{"attendances-0-organisation": organisation.pk, "attendances-0-people_count": 0},
    )
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur est supérieure ou égale à 1." in page_text(response)
    assert not Meeting.objects.exists()


def test_an_organisation_leading_an_action_cannot_be_deleted_and_the_page_says_why(
    coordinator_client,
):
    action = make_action(title="Permanence sociale")
    organisation = action.lead_organisation
    url = admin_url(Organisation, "delete", organisation.pk)
    for response in [coordinator_client.get(url), coordinator_client.post(url, {"post": "yes"})]:
        assert response.status_code == 200
        text = page_text(response)
        assert "Impossible de supprimer organisation" in text
        assert "la suppression des objets liés et protégés suivants" in text
        assert str(action) in text
    assert Organisation.objects.filter(pk=organisation.pk).exists()


# --- Updates move their action -------------------------------------------------------------


def test_an_update_added_on_the_action_form_moves_the_action(coordinator_client):
    action = make_action()
    response = post_form(
        coordinator_client,
        admin_url(Action, "change", action.pk),
        Action,
        **{
            "updates-0-reported_on": "01/06/2025",
            "updates-0-status": Action.Status.IN_PROGRESS,
            "updates-0-progress": 40,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == (Action.Status.IN_PROGRESS, 40)


def test_deleting_updates_from_the_list_moves_the_action_back(coordinator_client):
    action = make_action()
    make_update(action, reported_on=datetime.date(2024, 3, 1), progress=20)
    latest = make_update(
        action, reported_on=datetime.date(2025, 3, 1), status=Action.Status.DONE, progress=100
    )
    response = coordinator_client.post(
        admin_url(ActionUpdate, "changelist"),
        {"action": "delete_selected", "_selected_action": [latest.pk], "post": "yes"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == (Action.Status.IN_PROGRESS, 20)


# --- The workplace speaks French -----------------------------------------------------------


def test_the_admin_index_greets_the_coordinator_in_french(coordinator_client):
    text = page_text(coordinator_client.get(reverse("admin:index")))
    assert "CAI — plans d'intégration" in text
    for app_name in ["Plans d'intégration", "Concertation", "Référentiels du CAI"]:
        assert app_name in text
