"""The rules of concertation spaces, memberships and attendance, at both levels.

The database refuses the bad row; full_clean() words the same rule in French.
"""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from concertation.models import Attendance, Membership, Space
from tests.factory import (
    make_attendance,
    make_meeting,
    make_membership,
    make_organisation,
    make_space,
)

pytestmark = pytest.mark.django_db

END_BEFORE_START = "La date de fin ne peut pas précéder la date de début."
MEMBER_SAME_START = "Cette organisation est déjà membre de cet espace depuis cette date."
MEMBER_OVERLAP = "Cette organisation est déjà membre de cet espace pendant cette période."


# --- Dates in order ---------------------------------------------------------------------------


def test_a_space_closed_before_it_was_created_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_space(started_on=datetime.date(2015, 3, 1), ended_on=datetime.date(2015, 2, 28))
    assert not Space.objects.exists()


def test_a_space_closed_before_it_was_created_is_explained_in_french():
    space = make_space(started_on=datetime.date(2015, 3, 1))
    space.ended_on = datetime.date(2015, 2, 28)
    with pytest.raises(ValidationError) as excinfo:
        space.full_clean()
    assert excinfo.value.message_dict == {NON_FIELD_ERRORS: [END_BEFORE_START]}


def test_a_membership_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(started_on=datetime.date(2021, 1, 1), ended_on=datetime.date(2020, 12, 31))
    assert not Membership.objects.exists()


def test_a_membership_ending_before_it_starts_is_explained_in_french():
    membership = make_membership(started_on=datetime.date(2021, 1, 1))
    membership.ended_on = datetime.date(2020, 12, 31)
    with pytest.raises(ValidationError) as excinfo:
        membership.full_clean()
    assert excinfo.value.message_dict == {NON_FIELD_ERRORS: [END_BEFORE_START]}


# --- One membership per organisation and period -----------------------------------------------


def test_a_second_membership_from_the_same_date_is_refused_by_the_database():
    first = make_membership(started_on=datetime.date(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(
            space=first.space, organisation=first.organisation, started_on=datetime.date(2020, 1, 1)
        )
    assert Membership.objects.count() == 1


def test_a_second_membership_from_the_same_date_is_explained_in_french():
    first = make_membership(started_on=datetime.date(2020, 1, 1))
    duplicate = Membership(
        space=first.space, organisation=first.organisation, started_on=datetime.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert MEMBER_SAME_START in excinfo.value.messages


def test_an_overlapping_membership_is_explained_in_french():
    first = make_membership(started_on=datetime.date(2020, 1, 1))
    overlapping = Membership(
        space=first.space, organisation=first.organisation, started_on=datetime.date(2023, 5, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        overlapping.full_clean()
    assert excinfo.value.message_dict == {NON_FIELD_ERRORS: [MEMBER_OVERLAP]}


def test_a_membership_overlapping_a_later_one_is_explained_in_french():
    first = make_membership(started_on=datetime.date(2022, 1, 1))
    earlier = Membership(
        space=first.space,
        organisation=first.organisation,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2022, 1, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        earlier.full_clean()
    assert excinfo.value.message_dict == {NON_FIELD_ERRORS: [MEMBER_OVERLAP]}


def test_consecutive_memberships_are_accepted():
    first = make_membership(
        started_on=datetime.date(2020, 1, 1), ended_on=datetime.date(2021, 12, 31)
    )
    second = Membership(
        space=first.space, organisation=first.organisation, started_on=datetime.date(2022, 1, 1)
    )
    second.full_clean()
    second.save()
    assert first.space.memberships.count() == 2


def test_an_organisation_may_be_member_of_two_spaces_at_once():
    first = make_membership(started_on=datetime.date(2020, 1, 1))
    other_space = Membership(
        space=make_space(), organisation=first.organisation, started_on=datetime.date(2020, 1, 1)
    )
    other_space.full_clean()


def test_editing_a_membership_does_not_overlap_with_itself():
    membership = make_membership(started_on=datetime.date(2020, 1, 1))
    membership.ended_on = datetime.date(2024, 6, 30)
    membership.full_clean()


# --- Attendance -------------------------------------------------------------------------------


def test_an_attendance_of_nobody_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_attendance(people_count=0)
    assert not Attendance.objects.exists()


def test_an_attendance_of_nobody_is_explained_in_french():
    attendance = Attendance(
        meeting=make_meeting(), organisation=make_organisation(), people_count=0
    )
    with pytest.raises(ValidationError) as excinfo:
        attendance.full_clean()
    # The field's own validator speaks first; the constraint's message is the fallback.
    assert list(excinfo.value.message_dict) == ["people_count"]
    with pytest.raises(ValidationError) as excinfo:
        attendance.validate_constraints()
    assert excinfo.value.messages == ["Une organisation présente compte au moins une personne."]


def test_an_organisation_noted_present_twice_at_a_meeting_is_refused_by_the_database():
    first = make_attendance()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_attendance(meeting=first.meeting, organisation=first.organisation, people_count=2)
    assert list(Attendance.objects.values_list("people_count", flat=True)) == [1]


def test_an_organisation_noted_present_twice_at_a_meeting_is_explained_in_french():
    first = make_attendance()
    duplicate = Attendance(meeting=first.meeting, organisation=first.organisation, people_count=2)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Cette organisation est déjà notée présente."]
    }


def test_an_organisation_may_attend_two_meetings():
    first = make_attendance()
    second = Attendance(meeting=make_meeting(), organisation=first.organisation, people_count=3)
    second.full_clean()
    second.save()
    assert first.organisation.attendances.count() == 2
