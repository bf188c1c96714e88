"""The rules of plans and actions, at both levels where they live.

The database refuses the bad row (IntegrityError, or ProtectedError for a deletion), and
full_clean() — what the admin runs — words the same rule in French for the coordinator.
"""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from cai.models import Organisation, RightsAxis
from plans.models import (
    Action,
    ActionPartner,
    ActionUpdate,
    Diagnostic,
    Finding,
    Indicator,
    IndicatorValue,
    MilestoneResource,
    Objective,
    Plan,
    Recommendation,
    SteeringMembership,
)
from tests.factory import (
    make_action,
    make_axis,
    make_diagnostic,
    make_finding,
    make_framework,
    make_indicator,
    make_indicator_value,
    make_milestone,
    make_objective,
    make_organisation,
    make_plan,
    make_recommendation,
    make_steering_membership,
    make_update,
)

pytestmark = pytest.mark.django_db

PROGRESS_OUT_OF_RANGE = "L'avancement est un pourcentage compris entre 0 et 100."
END_BEFORE_START = "La date de fin ne peut pas précéder la date de début."
STEERING_SAME_START = "Cette organisation siège déjà au comité de pilotage depuis cette date."
STEERING_OVERLAP = "Cette organisation siège déjà au comité de pilotage pendant cette période."


def unsaved_action(**fields):
    """An action as the admin form builds it before full_clean(): valid unless overridden."""
    if "plan" not in fields:
        fields["plan"] = make_plan()
    if "axis" not in fields:
        fields["axis"] = make_axis(framework=fields["plan"].framework or make_framework())
    if "lead_organisation" not in fields:
        fields["lead_organisation"] = make_organisation()
    fields.setdefault("code", "A-1")
    fields.setdefault("title", "Permanences juridiques")
    return Action(**fields)


# --- Progress ---------------------------------------------------------------------------------


@pytest.mark.parametrize("progress", [-1, 101])
def test_action_progress_outside_0_to_100_is_refused_by_the_database(progress):
    action = make_action()
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(progress=progress)
    action.refresh_from_db()
    assert action.progress == 0


@pytest.mark.parametrize("progress", [-1, 101])
def test_action_progress_outside_0_to_100_is_explained_in_french(progress):
    action = make_action()
    action.progress = progress
    with pytest.raises(ValidationError) as excinfo:
        action.validate_constraints()
    assert excinfo.value.messages == [PROGRESS_OUT_OF_RANGE]


def test_action_progress_of_100_is_accepted():
    action = make_action()
    Action.objects.filter(pk=action.pk).update(progress=100)
    action.refresh_from_db()
    action.validate_constraints()
    assert action.progress == 100


@pytest.mark.parametrize("progress", [-1, 101])
def test_update_progress_outside_0_to_100_is_refused_by_the_database(progress):
    action = make_action()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_update(action, progress=progress)
    action.refresh_from_db()
    assert (action.updates.count(), action.progress) == (0, 0)


def test_update_progress_above_100_is_refused_even_by_bulk_create():
    action = make_action()
    update = ActionUpdate(
        action=action,
        reported_on=datetime.date(2025, 6, 1),
        status=Action.Status.DONE,
        progress=101,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionUpdate.objects.bulk_create([update])
    assert not ActionUpdate.objects.exists()


def test_update_progress_above_100_is_refused_by_full_clean_on_the_progress_field():
    update = ActionUpdate(
        action=make_action(),
        reported_on=datetime.date(2025, 6, 1),
        status=Action.Status.DONE,
        progress=101,
    )
    with pytest.raises(ValidationError) as excinfo:
        update.full_clean()
    # The field's own validator speaks first; the constraint's message is the fallback.
    assert list(excinfo.value.message_dict) == ["progress"]
    with pytest.raises(ValidationError) as excinfo:
        update.validate_constraints()
    assert excinfo.value.messages == [PROGRESS_OUT_OF_RANGE]


# --- Dates and years in order -----------------------------------------------------------------


def test_action_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_action(started_on=datetime.date(2025, 6, 1), ended_on=datetime.date(2025, 5, 31))
    assert not Action.objects.exists()


def test_action_ending_before_it_starts_is_explained_in_french():
    action = make_action(started_on=datetime.date(2025, 6, 1))
    action.ended_on = datetime.date(2025, 5, 31)
    with pytest.raises(ValidationError) as excinfo:
        action.full_clean()
    assert excinfo.value.message_dict == {NON_FIELD_ERRORS: [END_BEFORE_START]}


def test_action_may_end_on_the_day_it_starts():
    action = make_action(started_on=datetime.date(2025, 6, 1), ended_on=datetime.date(2025, 6, 1))
    action.full_clean()


def test_plan_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_plan(start_year=2025, end_year=2024)
    assert not Plan.objects.exists()


def test_plan_ending_before_it_starts_is_explained_in_french():
    plan = make_plan(start_year=2025, end_year=2030)
    plan.end_year = 2024
    with pytest.raises(ValidationError) as excinfo:
        plan.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["La dernière année du plan ne peut pas précéder la première année."]
    }


def test_diagnostic_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_diagnostic(start_year=2019, end_year=2018)
    assert not Diagnostic.objects.exists()


def test_diagnostic_ending_before_it_starts_is_explained_in_french():
    diagnostic = make_diagnostic(start_year=2019)
    diagnostic.end_year = 2018
    with pytest.raises(ValidationError) as excinfo:
        diagnostic.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["La dernière année ne peut pas précéder la première année."]
    }


def test_steering_seat_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_steering_membership(
            started_on=datetime.date(2021, 1, 1), ended_on=datetime.date(2020, 12, 31)
        )
    assert not SteeringMembership.objects.exists()


def test_steering_seat_ending_before_it_starts_is_explained_in_french():
    membership = make_steering_membership(started_on=datetime.date(2021, 1, 1))
    membership.ended_on = datetime.date(2020, 12, 31)
    with pytest.raises(ValidationError) as excinfo:
        membership.full_clean()
    assert excinfo.value.message_dict == {NON_FIELD_ERRORS: [END_BEFORE_START]}


# --- A plan and its predecessor ---------------------------------------------------------------


def test_plan_cannot_be_its_own_predecessor_in_the_database():
    plan = make_plan()
    plan.predecessor = plan
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.save()
    plan.refresh_from_db()
    assert plan.predecessor is None


def test_plan_cannot_be_its_own_predecessor_is_explained_in_french():
    plan = make_plan()
    plan.predecessor = plan
    with pytest.raises(ValidationError) as excinfo:
        plan.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Un plan ne peut pas être son propre prédécesseur."]
    }


def test_plan_may_follow_another_plan():
    pli = make_plan(start_year=2014, end_year=2019)
    plic = make_plan(start_year=2020, end_year=2025, predecessor=pli)
    plic.full_clean()
    assert list(pli.successors.all()) == [plic]


# --- Codes unique within their plan, diagnostic or memorandum ---------------------------------


def test_action_code_used_twice_in_a_plan_is_refused_by_the_database():
    first = make_action(code="A-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_action(plan=first.plan, code="A-1")
    assert Action.objects.filter(code="A-1").count() == 1


def test_action_code_used_twice_in_a_plan_is_explained_in_french():
    first = make_action(code="A-1")
    duplicate = unsaved_action(plan=first.plan, axis=first.axis, code="A-1")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Ce code d'action existe déjà dans ce plan."]
    }


def test_the_same_action_code_is_accepted_in_two_plans():
    make_action(code="A-1")
    other = unsaved_action(code="A-1")
    other.full_clean()
    other.save()
    assert Action.objects.filter(code="A-1").count() == 2


def test_objective_code_used_twice_in_a_plan_is_refused_by_the_database():
    first = make_objective(code="OBJ-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_objective(plan=first.plan, code="OBJ-1")
    assert Objective.objects.filter(code="OBJ-1").count() == 1


def test_objective_code_used_twice_in_a_plan_is_explained_in_french():
    first = make_objective(code="OBJ-1")
    duplicate = Objective(plan=first.plan, code="OBJ-1", title="Accès au logement")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Ce code d'objectif existe déjà dans ce plan."]
    }


def test_the_same_objective_code_is_accepted_in_two_plans():
    make_objective(code="OBJ-1")
    other = Objective(plan=make_plan(), code="OBJ-1", title="Accès au logement")
    other.full_clean()
    other.save()
    assert Objective.objects.filter(code="OBJ-1").count() == 2


def test_finding_code_used_twice_in_a_diagnostic_is_refused_by_the_database():
    first = make_finding(code="C-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_finding(diagnostic=first.diagnostic, code="C-1")
    assert Finding.objects.filter(code="C-1").count() == 1


def test_finding_code_used_twice_in_a_diagnostic_is_explained_in_french():
    first = make_finding(code="C-1")
    duplicate = Finding(
        diagnostic=first.diagnostic,
        code="C-1",
        kind=Finding.Kind.NEED,
        statement="Manque de cours de français",
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Ce code de constat existe déjà dans ce diagnostic."]
    }


def test_the_same_finding_code_is_accepted_in_two_diagnostics():
    make_finding(code="C-1")
    other = Finding(
        diagnostic=make_diagnostic(),
        code="C-1",
        kind=Finding.Kind.NEED,
        statement="Manque de cours de français",
    )
    other.full_clean()
    other.save()
    assert Finding.objects.filter(code="C-1").count() == 2


def test_recommendation_code_used_twice_in_a_memorandum_is_refused_by_the_database():
    first = make_recommendation(code="R-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_recommendation(memorandum=first.memorandum, code="R-1")
    assert Recommendation.objects.filter(code="R-1").count() == 1


def test_recommendation_code_used_twice_in_a_memorandum_is_explained_in_french():
    first = make_recommendation(code="R-1")
    duplicate = Recommendation(
        memorandum=first.memorandum,
        code="R-1",
        text="Ouvrir un guichet d'accueil",
        level=Recommendation.Level.COMMUNAL,
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Ce code existe déjà dans ce mémorandum."]
    }


def test_the_same_recommendation_code_is_accepted_in_two_memorandums():
    first = make_recommendation(code="R-1")
    other = make_recommendation(code="R-1")
    other.full_clean()
    assert first.memorandum != other.memorandum


# --- Partners, indicators, milestone resources ------------------------------------------------


def test_an_organisation_cannot_be_partner_of_an_action_twice_in_the_database():
    action, organisation = make_action(), make_organisation()
    ActionPartner.objects.create(action=action, organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPartner.objects.create(action=action, organisation=organisation)
    assert action.partnerships.count() == 1


def test_an_organisation_partner_of_an_action_twice_is_explained_in_french():
    action, organisation = make_action(), make_organisation()
    ActionPartner.objects.create(action=action, organisation=organisation)
    duplicate = ActionPartner(action=action, organisation=organisation)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Cette organisation est déjà partenaire de l'action."]
    }


def test_a_negative_indicator_target_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator(target=-1)
    assert not Indicator.objects.exists()


def test_a_negative_indicator_target_is_explained_in_french():
    indicator = make_indicator(target=10)
    indicator.target = -1
    with pytest.raises(ValidationError) as excinfo:
        indicator.full_clean()
    assert excinfo.value.message_dict == {NON_FIELD_ERRORS: ["La cible ne peut pas être négative."]}


def test_an_indicator_target_of_zero_or_none_is_accepted():
    make_indicator(target=0).full_clean()
    make_indicator(target=None).full_clean()


def test_two_values_of_an_indicator_for_one_year_are_refused_by_the_database():
    first = make_indicator_value(year=2024, value=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator_value(indicator=first.indicator, year=2024, value=12)
    assert list(IndicatorValue.objects.values_list("value", flat=True)) == [10]


def test_two_values_of_an_indicator_for_one_year_are_explained_in_french():
    first = make_indicator_value(year=2024)
    duplicate = IndicatorValue(indicator=first.indicator, year=2024, value=12)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Cet indicateur a déjà une valeur pour cette année."]
    }


def test_an_indicator_has_one_value_per_year():
    first = make_indicator_value(year=2024)
    make_indicator_value(indicator=first.indicator, year=2025)
    assert first.indicator.values.count() == 2


def test_a_milestone_resource_without_file_or_url_is_refused_by_the_database():
    milestone = make_milestone()
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneResource.objects.create(milestone=milestone, title="Actes du colloque")
    assert not MilestoneResource.objects.exists()


def test_a_milestone_resource_without_file_or_url_is_explained_in_french():
    resource = MilestoneResource(milestone=make_milestone(), title="Actes du colloque")
    with pytest.raises(ValidationError) as excinfo:
        resource.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Joignez un fichier ou indiquez une adresse web."]
    }


def test_a_milestone_resource_with_a_url_only_is_accepted():
    resource = MilestoneResource(
        milestone=make_milestone(), title="Actes du colloque", url="https://cai.example/actes"
    )
    resource.full_clean()
    resource.save()


# --- Steering committee seats: one per organisation and period ---------------------------------


def test_a_second_steering_seat_from_the_same_date_is_refused_by_the_database():
    first = make_steering_membership(started_on=datetime.date(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_steering_membership(
            plan=first.plan, organisation=first.organisation, started_on=datetime.date(2020, 1, 1)
        )
    assert SteeringMembership.objects.count() == 1


def test_a_second_steering_seat_from_the_same_date_is_explained_in_french():
    first = make_steering_membership(started_on=datetime.date(2020, 1, 1))
    duplicate = SteeringMembership(
        plan=first.plan, organisation=first.organisation, started_on=datetime.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert STEERING_SAME_START in excinfo.value.messages


def test_an_overlapping_steering_seat_is_explained_in_french():
    first = make_steering_membership(started_on=datetime.date(2020, 1, 1))
    overlapping = SteeringMembership(
        plan=first.plan, organisation=first.organisation, started_on=datetime.date(2022, 9, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        overlapping.full_clean()
    assert excinfo.value.message_dict == {NON_FIELD_ERRORS: [STEERING_OVERLAP]}


def test_a_steering_seat_overlapping_a_later_one_is_explained_in_french():
    first = make_steering_membership(started_on=datetime.date(2022, 1, 1))
    earlier = SteeringMembership(
        plan=first.plan,
        organisation=first.organisation,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2022, 1, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        earlier.full_clean()
    assert excinfo.value.message_dict == {NON_FIELD_ERRORS: [STEERING_OVERLAP]}


def test_consecutive_steering_seats_are_accepted():
    first = make_steering_membership(
        started_on=datetime.date(2020, 1, 1), ended_on=datetime.date(2021, 12, 31)
    )
    second = SteeringMembership(
        plan=first.plan, organisation=first.organisation, started_on=datetime.date(2022, 1, 1)
    )
    second.full_clean()
    second.save()
    assert first.plan.steering_memberships.count() == 2


def test_an_organisation_may_sit_on_two_steering_committees_at_once():
    first = make_steering_membership(started_on=datetime.date(2020, 1, 1))
    other_plan = SteeringMembership(
        plan=make_plan(), organisation=first.organisation, started_on=datetime.date(2020, 1, 1)
    )
    other_plan.full_clean()


# --- Deletions that would destroy history -----------------------------------------------------


def test_deleting_an_organisation_that_leads_an_action_is_refused():
    organisation = make_action().lead_organisation
    with pytest.raises(ProtectedError):
        organisation.delete()
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_deleting_a_rights_axis_used_by_an_action_is_refused():
    axis = make_action().axis
    with pytest.raises(ProtectedError):
        axis.delete()
    assert RightsAxis.objects.filter(pk=axis.pk).exists()


def test_deleting_a_plan_that_has_actions_is_refused():
    action = make_action()
    with pytest.raises(ProtectedError):
        action.plan.delete()
    assert Plan.objects.filter(pk=action.plan.pk).exists()
    assert Action.objects.filter(pk=action.pk).exists()


# --- Rules across tables, checked by clean() --------------------------------------------------


def test_an_action_on_an_axis_outside_its_plans_framework_is_refused():
    plan = make_plan(framework=make_framework())
    action = unsaved_action(plan=plan, axis=make_axis())
    with pytest.raises(ValidationError) as excinfo:
        action.full_clean()
    assert excinfo.value.message_dict == {
        "axis": ["Cet axe n'appartient pas à la grille des droits de ce plan."]
    }


def test_an_action_on_an_axis_of_its_plans_framework_is_accepted():
    plan = make_plan(framework=make_framework())
    unsaved_action(plan=plan, axis=make_axis(framework=plan.framework)).full_clean()


def test_an_objective_on_an_axis_outside_its_plans_framework_is_refused():
    plan = make_plan(framework=make_framework())
    objective = Objective(plan=plan, code="OBJ-1", title="Accès au logement", axis=make_axis())
    with pytest.raises(ValidationError) as excinfo:
        objective.full_clean()
    assert excinfo.value.message_dict == {
        "axis": ["Cet axe n'appartient pas à la grille des droits de ce plan."]
    }


def test_an_action_under_an_objective_of_another_plan_is_refused():
    action = unsaved_action(objective=make_objective())
    with pytest.raises(ValidationError) as excinfo:
        action.full_clean()
    assert excinfo.value.message_dict == {"objective": ["Cet objectif appartient à un autre plan."]}


def test_an_action_under_an_objective_of_its_own_plan_is_accepted():
    objective = make_objective()
    unsaved_action(plan=objective.plan, objective=objective).full_clean()
