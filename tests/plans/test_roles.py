"""Roles in the admin: who changes what, plan by plan; the review of partners' updates; the
change history; two people editing the same action; a frozen year."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from cai.models import User
from cai.roles import ADMINISTRATORS, COORDINATORS, PARTNERS, ROLE_NAMES, STAFF, install_roles
from plans.demo import create_demo_data
from plans.models import Action, ActionUpdate, IndicatorValue, Plan, SubmittedUpdate
from plans.models.action import ReportedIndicatorValue
from plans.reporting import freeze_report
from tests.factory import (
    make_action,
    make_axis,
    make_cai_user,
    make_framework,
    make_indicator,
    make_organisation,
    make_plan,
    make_update,
    make_user,
)
from tests.spreadsheets import csv_file, import_file, page_text, preview, problems
from tests.test_admin import form_data, post_form

DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def plans(db):
    """Plan X and plan Y, each with one action led by its own organisation."""
    framework = make_framework(code="pcs-2020")
    axis = make_axis(framework=framework, code="pcs2020-2", short_name="Logement")
    found = {}
    for code in ["plan-x", "plan-y"]:
        plan = make_plan(code=code, title=code.upper(), framework=framework)
        lead = make_organisation(code=f"porteur-{code}", name=f"Porteur {code}")
        make_action(plan=plan, code="A-1", axis=axis, lead_organisation=lead)
        found[code] = plan
    return found


def action_of(plan):
    return plan.actions.get(code="A-1")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def logged_in(client, user):
    client.force_login(user)
    return client


# --- Roles --------------------------------------------------------------------------------------


def test_the_four_roles_are_installed_and_can_be_installed_again(db):
    install_roles()
    install_roles()
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(ROLE_NAMES)
    assert not Group.objects.get(name=PARTNERS).permissions.exists()
    coordinators = Group.objects.get(name=COORDINATORS).permissions
    assert coordinators.filter(codename="review_actionupdate").exists()
    assert not coordinators.filter(codename="delete_plan").exists()
    staff = Group.objects.get(name=STAFF).permissions
    assert staff.filter(codename="change_action").exists()
    assert not staff.filter(codename__in=["delete_plan", "change_plan"]).exists()


def test_a_coordinator_changes_the_plan_they_follow_and_only_reads_the_other(client, plans):
    x, y = plans["plan-x"], plans["plan-y"]
    logged_in(client, make_cai_user(COORDINATORS, plans=[x]))
    mine = post_form(client, change_url(action_of(x)), Action, title="Titre revu")
    assert mine.status_code == 302
    assert action_of(x).title == "Titre revu"
    other = client.get(change_url(action_of(y)))
    assert other.status_code == 200  # reads it…
    assert 'name="title"' not in page_text(other)  # …without a form to change it
    assert client.post(change_url(action_of(y)), {"title": "Pris"}).status_code == 403
    assert action_of(y).title != "Pris"


def test_a_coordinator_cannot_put_a_new_action_under_a_plan_they_do_not_follow(client, plans):
    logged_in(client, make_cai_user(COORDINATORS, plans=[plans["plan-x"]]))
    add = reverse("admin:plans_action_add")
    data = form_data(client.get(add), Action)
    data.update(
        {
            "code": ["A-9"],
            "title": ["Nouvelle"],
            "plan": [str(plans["plan-y"].pk)],
            "axis": [str(action_of(plans["plan-x"]).axis_id)],
            "lead_organisation": [str(action_of(plans["plan-x"]).lead_organisation_id)],
        }
    )
    refused = client.post(add, data)
    assert refused.status_code == 200 and "Sélectionnez un choix valide" in page_text(refused)
    data["plan"] = [str(plans["plan-x"].pk)]
    assert client.post(add, data).status_code == 302
    assert list(Action.objects.filter(code="A-9").values_list("plan__code", flat=True)) == [
        "plan-x"
    ]


def test_staff_cannot_delete_a_plan_even_one_they_follow(client, plans):
    x = plans["plan-x"]
    logged_in(client, make_cai_user(STAFF, plans=[x]))
    delete = reverse("admin:plans_plan_delete", args=[x.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Plan.objects.filter(pk=x.pk).exists()


def test_staff_add_an_update_to_an_action_of_their_plan_but_not_of_another(client, plans):
    x, y = plans["plan-x"], plans["plan-y"]
    logged_in(client, make_cai_user(STAFF, plans=[x]))
    add = reverse("admin:plans_actionupdate_add")
    data = {"reported_on": "01/03/2026", "status": "in_progress", "progress": "40", "note": ""}
    refused = client.post(add, {**data, "action": action_of(y).pk})
    assert refused.status_code == 200 and "Sélectionnez un choix valide" in page_text(refused)
    assert client.post(add, {**data, "action": action_of(x).pk}).status_code == 302
    assert action_of(x).progress == 40 and action_of(y).progress == 0


def test_a_partner_user_has_no_admin_access(client, plans):
    partner = make_user(organisation=make_organisation(), password="x")
    partner.groups.add(Group.objects.get_or_create(name=PARTNERS)[0])
    logged_in(client, partner)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "next=/admin/" in response["Location"]


def test_only_administrators_choose_who_follows_a_plan(client, plans):
    x = plans["plan-x"]
    logged_in(client, make_cai_user(COORDINATORS, plans=[x]))
    assert "team" not in form_data(client.get(change_url(x)), Plan)
    logged_in(client, make_cai_user(ADMINISTRATORS))
    assert "team" in form_data(client.get(change_url(x)), Plan)


def test_an_import_line_outside_the_coordinators_plans_is_refused_and_nothing_written(
    client, plans
):
    logged_in(client, make_cai_user(COORDINATORS, plans=[plans["plan-x"]]))
    header = ["plan", "action", "date du point", "statut", "avancement (%)", "commentaire"]
    rows = [
        header,
        ["plan-x", "A-1", "01/03/2026", "En cours", "30", ""],
        ["plan-y", "A-1", "01/03/2026", "En cours", "30", ""],
    ]
    refused = preview(client, ActionUpdate, csv_file(rows))
    assert any("un plan que vous ne suivez pas" in problem for problem in problems(refused))
    assert not ActionUpdate.objects.exists()


# --- History ------------------------------------------------------------------------------------


def test_an_admin_change_is_in_the_history_with_who_and_what(client, plans):
    coordinator = make_cai_user(COORDINATORS, plans=[plans["plan-x"]], first_name="Awa")
    action = action_of(plans["plan-x"])
    logged_in(client, coordinator)
    post_form(client, change_url(action), Action, title="Titre revu")
    latest = action.history.latest()
    assert latest.history_user == coordinator and latest.title == "Titre revu"
    delta = latest.diff_against(latest.prev_record)
    assert "title" in [change.field for change in delta.changes]
    history = client.get(reverse("admin:plans_action_history", args=[action.pk]))
    assert history.status_code == 200 and "Titre revu" in page_text(history)


def test_imports_are_recorded_in_the_history_with_the_importer(client, plans):
    coordinator = make_cai_user(COORDINATORS, plans=[plans["plan-x"]])
    logged_in(client, coordinator)
    header = ["plan", "action", "date du point", "statut", "avancement (%)", "commentaire"]
    rows = [header, ["plan-x", "A-1", "01/03/2026", "En cours", "30", "Importé"]]
    assert import_file(client, ActionUpdate, csv_file(rows)).status_code == 302
    record = ActionUpdate.history.get()
    assert record.history_user == coordinator
    assert record.history_change_reason == "Import d'un tableur"


def test_a_bulk_import_of_actions_is_recorded_in_the_history(client, plans):
    coordinator = make_cai_user(COORDINATORS, plans=[plans["plan-x"]])
    logged_in(client, coordinator)
    rows = [
        ["plan", "code", "intitulé", "axe", "organisation porteuse"],
        ["plan-x", "A-1", "Titre importé", "pcs2020-2", "porteur-plan-x"],
        ["plan-x", "A-2", "Nouvelle action", "pcs2020-2", "porteur-plan-x"],
    ]
    assert import_file(client, Action, csv_file(rows)).status_code == 302
    records = Action.history.filter(history_change_reason="Import d'un tableur")
    assert sorted(records.values_list("code", "history_type")) == [("A-1", "~"), ("A-2", "+")]
    assert {record.history_user for record in records} == {coordinator}


# --- Two people editing the same action ----------------------------------------------------------


def test_the_second_of_two_concurrent_edits_is_refused_with_who_changed_it(client, plans):
    action = action_of(plans["plan-x"])
    first = make_cai_user(COORDINATORS, plans=[plans["plan-x"]], first_name="Awa", last_name="D.")
    second = make_cai_user(COORDINATORS, plans=[plans["plan-x"]])
    logged_in(client, second)
    opened_by_second = form_data(client.get(change_url(action)), Action)
    logged_in(client, first)
    assert post_form(client, change_url(action), Action, title="Version d'Awa").status_code == 302
    logged_in(client, second)
    opened_by_second["title"] = ["Version écrasante"]
    refused = client.post(change_url(action), opened_by_second)
    assert refused.status_code == 200
    assert "a été modifiée par Awa D." in page_text(refused)
    assert action_of(plans["plan-x"]).title == "Version d'Awa"


def test_an_approved_update_meanwhile_also_counts_as_a_change(client, plans):
    action = action_of(plans["plan-x"])
    coordinator = make_cai_user(COORDINATORS, plans=[plans["plan-x"]])
    logged_in(client, coordinator)
    opened = form_data(client.get(change_url(action)), Action)
    make_update(action, reported_on=DAY, progress=60)  # moves status and progress
    opened["title"] = ["Titre"]
    assert client.post(change_url(action), opened).status_code == 200
    assert action_of(plans["plan-x"]).progress == 60


# --- Review of partners' updates ---------------------------------------------------------------


def submitted_update(action, **fields):
    partner = make_user(organisation=action.lead_organisation)
    update = make_update(
        action, reported_on=DAY, progress=70, author=partner, review_status="draft", **fields
    )
    update.submit()
    return update


def test_the_queue_lists_submitted_updates_of_the_coordinators_plans_only(client, plans):
    mine = submitted_update(action_of(plans["plan-x"]))
    submitted_update(action_of(plans["plan-y"]))
    logged_in(client, make_cai_user(COORDINATORS, plans=[plans["plan-x"]]))
    page = client.get(reverse("admin:plans_submittedupdate_changelist"))
    assert page.status_code == 200
    assert page_text(page).count("/change/") == 1
    assert f"/{mine.pk}/change/" in page_text(page)


def test_a_coordinator_approves_and_the_update_counts_with_its_indicator_values(client, plans):
    action = action_of(plans["plan-x"])
    indicator = make_indicator(action=action)
    update = submitted_update(action)
    ReportedIndicatorValue.objects.create(update=update, indicator=indicator, value=12)
    coordinator = make_cai_user(COORDINATORS, plans=[plans["plan-x"]])
    logged_in(client, coordinator)
    response = client.post(change_url(SubmittedUpdate.objects.get()), {"decision": "approve"})
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.review_status, update.reviewed_by) == ("approved", coordinator)
    assert action_of(plans["plan-x"]).progress == 70
    assert IndicatorValue.objects.get(indicator=indicator, year=2026).value == 12


def test_returning_needs_a_reason_and_the_update_never_counts(client, plans):
    action = action_of(plans["plan-x"])
    submitted_update(action)
    logged_in(client, make_cai_user(COORDINATORS, plans=[plans["plan-x"]]))
    url = change_url(SubmittedUpdate.objects.get())
    without_reason = client.post(url, {"decision": "return", "return_reason": " "})
    assert "Dites au partenaire ce qu'il doit corriger." in page_text(without_reason)
    assert client.post(url, {"decision": "return", "return_reason": "Chiffre ?"}).status_code == 302
    update = ActionUpdate.objects.get()
    assert (update.review_status, update.return_reason) == ("returned", "Chiffre ?")
    assert action_of(plans["plan-x"]).progress == 0
    assert not ActionUpdate.objects.published().exists()


def test_a_coordinator_of_another_plan_cannot_review(client, plans):
    update = submitted_update(action_of(plans["plan-x"]))
    logged_in(client, make_cai_user(COORDINATORS, plans=[plans["plan-y"]]))
    url = change_url(SubmittedUpdate.objects.get(pk=update.pk))
    assert client.post(url, {"decision": "approve"}).status_code in (302, 403)
    update.refresh_from_db()
    assert update.review_status == "submitted"


def test_staff_see_updates_but_cannot_approve(client, plans):
    update = submitted_update(action_of(plans["plan-x"]))
    logged_in(client, make_cai_user(STAFF, plans=[plans["plan-x"]]))
    client.post(change_url(SubmittedUpdate.objects.get(pk=update.pk)), {"decision": "approve"})
    update.refresh_from_db()
    assert update.review_status == "submitted"


def test_a_partners_update_under_review_cannot_be_changed_in_the_general_list(client, plans):
    update = submitted_update(action_of(plans["plan-x"]))
    logged_in(client, make_cai_user(ADMINISTRATORS))
    assert client.post(change_url(update), {"progress": "100"}).status_code == 403


# --- A frozen year -----------------------------------------------------------------------------


def test_a_frozen_year_refuses_new_changed_and_deleted_updates_for_everyone(plans):
    action = action_of(plans["plan-x"])
    earlier = make_update(action, reported_on=datetime.date(2025, 5, 1))
    freeze_report(plan=plans["plan-x"], year=2025, user=None)
    with pytest.raises(ValidationError) as refused:
        make_update(action, reported_on=datetime.date(2025, 12, 1))
    assert "Le rapport annuel 2025 de ce plan est figé" in refused.value.messages[0]
    earlier.progress = 90
    with pytest.raises(ValidationError):
        earlier.save()
    with pytest.raises(ValidationError):
        earlier.delete()
    earlier.reported_on = datetime.date(2026, 1, 5)  # moving it out of the year is a change too
    with pytest.raises(ValidationError):
        earlier.save()
    make_update(action, reported_on=datetime.date(2026, 1, 5))  # the next year is open
    make_update(action_of(plans["plan-y"]), reported_on=datetime.date(2025, 12, 1))  # other plan


def test_the_admin_words_the_frozen_year_on_the_form(client, plans):
    freeze_report(plan=plans["plan-x"], year=2025, user=None)
    logged_in(client, make_cai_user(ADMINISTRATORS))
    response = client.post(
        reverse("admin:plans_actionupdate_add"),
        {
            "action": action_of(plans["plan-x"]).pk,
            "reported_on": "01/12/2025",
            "status": "in_progress",
            "progress": "40",
        },
    )
    assert response.status_code == 200
    assert "Le rapport annuel 2025 de ce plan est figé" in page_text(response)


def test_an_import_into_a_frozen_year_is_refused_line_by_line(client, plans):
    freeze_report(plan=plans["plan-x"], year=2025, user=None)
    logged_in(client, make_cai_user(ADMINISTRATORS))
    header = ["plan", "action", "date du point", "statut", "avancement (%)", "commentaire"]
    rows = [header, ["plan-x", "A-1", "01/12/2025", "En cours", "30", ""]]
    refused = preview(client, ActionUpdate, csv_file(rows))
    assert any("est figé" in problem for problem in problems(refused))
    assert not ActionUpdate.objects.exists()


def test_approving_a_selection_approves_only_updates_of_the_coordinators_plans(client, plans):
    mine = submitted_update(action_of(plans["plan-x"]))
    other = submitted_update(action_of(plans["plan-y"]))
    logged_in(client, make_cai_user(COORDINATORS, plans=[plans["plan-x"]]))
    client.post(
        reverse("admin:plans_submittedupdate_changelist"),
        {"action": "approve_selected", "_selected_action": [mine.pk, other.pk]},
    )
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.review_status, other.review_status) == ("approved", "submitted")


def test_the_demo_accounts_show_each_role_and_a_review_in_progress(db):
    call_command("loaddata", "reference", verbosity=0)
    create_demo_data(size="small", seed=1)
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    call_command("demo_accounts", stdout=out)  # a second run changes nothing
    partner = User.objects.get(username="partenaire-demo")
    assert partner.organisation is not None and not partner.is_staff
    assert User.objects.get(username="coordination-demo").assigned_plans.count() == 1
    states = sorted(
        ActionUpdate.objects.filter(author=partner).values_list("review_status", flat=True)
    )
    assert states == ["returned", "submitted", "submitted", "submitted"]
    assert "« partenaire-demo » existe déjà" in out.getvalue()
