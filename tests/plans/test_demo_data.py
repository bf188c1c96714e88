"""The demo data: clearly fictitious, the same for the same seed, and consistent throughout."""

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from cai.models import Commune, Organisation
from concertation.models import Attendance, Meeting, Membership, Space
from plans.demo import DEMO_TODAY, SIZES
from plans.demo.writing import write_rows
from plans.models import (
    Action,
    ActionPartner,
    ActionUpdate,
    Finding,
    IndicatorValue,
    Milestone,
    Objective,
    Plan,
    Recommendation,
    Status,
    SteeringMembership,
    overlapping_periods,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(db):
    """The province of Namur, the CAI taxonomy and the rights frameworks, as shipped."""
    call_command("loaddata", "reference", verbosity=0)


def demo_data(*args):
    out = io.StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def digest():
    """A fingerprint of the demo rows by business keys (database ids differ from run to run)."""
    querysets = [
        Commune.objects.values_list("nis_code", "name", "arrondissement__name"),
        Plan.objects.values_list("code", "title", "kind", "scope", "adopted_on"),
        Organisation.objects.values_list("code", "name", "kind", "address"),
        Organisation.communes.through.objects.values_list("organisation__code", "commune_id"),
        Finding.objects.values_list(
            "diagnostic__code", "code", "kind", "statement", "axis__code", "priority"
        ),
        Objective.findings.through.objects.values_list(
            "objective__plan__code", "objective__code", "finding__code"
        ),
        Action.objects.values_list(
            "plan__code",
            "code",
            "title",
            "description",
            "lead_organisation__code",
            "objective__code",
            "concertation_space__code",
            "started_on",
            "ended_on",
            "status",
            "progress",
            "is_published",
        ),
        ActionPartner.objects.values_list(
            "action__plan__code", "action__code", "organisation__code", "role"
        ),
        Action.communes.through.objects.values_list(
            "action__plan__code", "action__code", "commune_id"
        ),
        ActionUpdate.objects.values_list(
            "action__plan__code", "action__code", "reported_on", "status", "progress", "note"
        ),
        IndicatorValue.objects.values_list(
            "indicator__action__plan__code", "indicator__action__code", "indicator__name", "year"
        ),
        Membership.objects.values_list(
            "space__code", "organisation__code", "started_on", "ended_on", "role"
        ),
        Meeting.objects.values_list("title", "held_on", "minutes", "are_minutes_published"),
        Attendance.objects.values_list(
            "meeting__title", "meeting__held_on", "organisation__code", "people_count"
        ),
        Recommendation.objects.values_list("code", "text", "level", "cost", "follow_up"),
        Milestone.objects.values_list("plans__code", "occurred_on", "precision", "title"),
        SteeringMembership.objects.values_list(
            "plan__code", "organisation__code", "role", "started_on", "ended_on"
        ),
    ]
    rows = sorted(repr(row) for queryset in querysets for row in queryset)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def digest_of_a_fresh_run(*args):
    """Run the command, fingerprint what it made, then roll it all back."""
    with transaction.atomic():
        demo_data(*args)
        fingerprint = digest()
        transaction.set_rollback(True)
    return fingerprint


def test_the_same_seed_gives_the_same_data(reference):
    first = digest_of_a_fresh_run("--seed", "7")
    assert not Plan.objects.exists()
    assert digest_of_a_fresh_run("--seed", "7") == first


def test_another_seed_gives_other_data(reference):
    assert digest_of_a_fresh_run("--seed", "1") != digest_of_a_fresh_run("--seed", "2")


def test_it_ends_with_one_summary_line(reference):
    output = demo_data()
    assert output.count("\n") == 1
    assert "60 actions" in output


def test_if_empty_does_not_add_a_second_demo(reference):
    demo_data()
    before = (Plan.objects.count(), Action.objects.count(), ActionUpdate.objects.count())
    output = demo_data("--if-empty")
    assert "déjà présentes" in output
    assert (Plan.objects.count(), Action.objects.count(), ActionUpdate.objects.count()) == before


def test_a_second_run_without_if_empty_is_refused(reference):
    demo_data()
    with pytest.raises(CommandError, match="existent déjà"):
        demo_data()


def test_without_reference_data_it_asks_to_load_it(db):
    with pytest.raises(CommandError, match="Chargez d'abord les données de référence"):
        demo_data()


def test_a_number_as_size_makes_exactly_that_many_actions(reference):
    demo_data("--size", "200")
    assert Action.objects.count() == 200


def test_an_unknown_size_is_refused(reference):
    with pytest.raises(CommandError, match="Taille inconnue"):
        demo_data("--size", "huge")


def test_every_actions_status_and_progress_are_those_of_its_latest_update(reference):
    demo_data()
    for action in Action.objects.all():
        latest = action.updates.order_by(*ActionUpdate.LATEST_FIRST).first()
        expected = (latest.status, latest.progress) if latest else (Status.PLANNED, 0)
        assert (action.status, action.progress) == expected


def test_progress_never_goes_down_and_only_a_done_action_reaches_100(reference):
    demo_data()
    for action in Action.objects.all():
        progress = list(action.updates.order_by("reported_on").values_list("progress", flat=True))
        assert progress == sorted(progress)
    for status, progress in ActionUpdate.objects.values_list("status", "progress"):
        assert (progress == 100) == (status == Status.DONE)


@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_a_visitor_can_see_what_is_done_for_housing_in_sambreville(reference, seed):
    demo_data("--seed", seed)
    housing_in_sambreville = Action.objects.published().filter(
        axis__code="pcs2020-2", communes__nis_code="92137"
    )
    action = housing_in_sambreville.select_related("lead_organisation", "objective").first()
    assert action.lead_organisation.name
    assert action.partnerships.exists()
    assert action.updates.count() >= 3
    assert action.objective.findings.published().exists()


def test_every_demo_row_says_it_is_fictitious(reference):
    demo_data()
    titles = [
        *Plan.objects.values_list("title", flat=True),
        *Space.objects.values_list("name", flat=True),
    ]
    codes = [
        *Plan.objects.values_list("code", flat=True),
        *Space.objects.values_list("code", flat=True),
    ]
    codes += Organisation.objects.values_list("code", flat=True)
    organisations = Organisation.objects.values_list("name", flat=True)
    assert all(title.endswith(" (démonstration)") for title in titles)
    assert all(code.startswith("demo-") for code in codes)
    assert all(" fictif " in name or " fictive " in name for name in organisations)


def test_actions_lie_in_the_communes_their_plan_covers(reference):
    demo_data()
    for action in Action.objects.filter(plan__scope=Plan.Scope.COMMUNAL):
        assert set(action.communes.all()) <= set(action.plan.communes.all())


def test_no_organisation_holds_two_overlapping_memberships_of_a_space(reference):
    demo_data()
    for membership in Membership.objects.all():
        same_space = Membership.objects.filter(space_id=membership.space_id)
        assert not overlapping_periods(same_space, membership)


def test_each_plan_holds_one_plenary_assembly_a_year(reference):
    demo_data()
    for plan in Plan.objects.all():
        plenaries = plan.meetings.filter(kind=Meeting.Kind.PLENARY)
        assert sorted(plenaries.values_list("held_on__year", flat=True)) == list(range(2020, 2027))
        assert all(
            meeting.attendances.exists() for meeting in plenaries.filter(held_on__lte=DEMO_TODAY)
        )


def test_no_update_is_reported_after_the_demo_today(reference):
    demo_data()
    assert ActionUpdate.objects.filter(reported_on__year=2020).exists()
    assert not ActionUpdate.objects.filter(reported_on__gt=DEMO_TODAY).exists()


def test_meetings_after_the_demo_today_are_announced_with_an_agenda_and_nobody_present_yet(
    reference,
):
    demo_data()
    announced = Meeting.objects.published().filter(held_on__gt=DEMO_TODAY)
    assert announced.exists()
    assert not announced.filter(attendances__isnull=False).exists()
    assert all(meeting.agenda and not meeting.minutes for meeting in announced)
    assert not announced.filter(are_minutes_published=True).exists()
    assert not Meeting.objects.filter(
        held_on__gt=DEMO_TODAY + datetime.timedelta(days=270)
    ).exists()


def test_meetings_up_to_the_demo_today_have_their_attendance(reference):
    demo_data()
    held = Meeting.objects.filter(held_on__lte=DEMO_TODAY)
    assert held.exists()
    assert not held.filter(attendances__isnull=True).exists()


def test_the_year_2025_has_actions_done_under_way_and_planned_for_2026(reference):
    demo_data()
    reported_in_2025 = ActionUpdate.objects.filter(reported_on__year=2025)
    assert reported_in_2025.filter(status=Status.DONE).exists()
    assert reported_in_2025.filter(status=Status.IN_PROGRESS).exists()
    assert Action.objects.filter(started_on__year=2026).exists()
    assert IndicatorValue.objects.filter(year=2025).exists()
    assert Meeting.objects.filter(held_on__year=2025, attendances__isnull=False).exists()


def test_each_demo_plan_has_a_published_timeline_filed_under_the_taxonomy(reference):
    demo_data()
    for plan in Plan.objects.all():
        milestones = plan.milestones.published()
        assert milestones.count() >= 3
        assert not milestones.filter(occurred_on__gt=DEMO_TODAY).exists()
        for milestone in milestones:
            assert milestone.title.endswith(" (démonstration)")
            assert milestone.audiences.exists()
            assert milestone.intervention_axes.exists()
            assert milestone.themes.exists()


def test_the_provincial_plan_is_steered_by_two_organisations_one_seat_ending_in_2023(
    reference,
):
    demo_data()
    provincial = Plan.objects.get(scope=Plan.Scope.PROVINCIAL)
    seats = provincial.steering_memberships.all()
    assert len({seat.organisation_id for seat in seats}) == 2
    assert [seat.ended_on.year for seat in seats if seat.ended_on] == [2023]
    assert seats.current(DEMO_TODAY).count() == 2
    for seat in seats:
        assert not overlapping_periods(seats, seat)


def test_the_named_scales_have_the_counts_of_one_centre_and_of_all_walloon_centres():
    wanted = {"communes", "plans", "actions", "updates", "organisations", "meetings"}
    assert {k: v for k, v in SIZES["cai"].items() if k in wanted} == {
        "communes": 38,
        "plans": 20,
        "actions": 5_000,
        "updates": 50_000,
        "organisations": 1_000,
        "meetings": 3_000,
    }
    assert {k: v for k, v in SIZES["wallonia"].items() if k in wanted} == {
        "communes": 262,
        "plans": 200,
        "actions": 100_000,
        "updates": 1_000_000,
        "organisations": 10_000,
        "meetings": 50_000,
    }


@pytest.fixture
def beyond_the_province(monkeypatch):
    """A small demo over 45 communes: the 38 of the province and 7 made-up ones."""
    monkeypatch.setitem(SIZES, "beyond", {**SIZES["small"], "communes": 45, "plans": 12})
    return "beyond"


def test_communes_beyond_the_province_are_made_up_and_say_so(reference, beyond_the_province):
    real = set(Commune.objects.values_list("nis_code", "name"))
    demo_data("--size", beyond_the_province)
    made_up = Commune.objects.exclude(nis_code__in=[code for code, _name in real])
    assert made_up.count() == 7
    for commune in made_up.select_related("arrondissement__province"):
        # No commune, arrondissement or province code of Statbel's REFNIS starts with 0.
        assert commune.nis_code.startswith("0")
        assert commune.arrondissement.nis_code.startswith("0")
        assert commune.name.endswith(" (fictive)")
        assert commune.arrondissement.name.endswith(" (fictif)")
        assert commune.arrondissement.province.name.endswith(" (fictive)")
    assert Organisation.objects.filter(communes__in=made_up).exists()


def test_made_up_communes_are_the_same_for_the_same_seed(reference, beyond_the_province):
    first = digest_of_a_fresh_run("--size", beyond_the_province)
    assert digest_of_a_fresh_run("--size", beyond_the_province) == first


def test_rows_written_in_bulk_take_the_model_defaults_of_the_columns_they_leave_out(db):
    write_rows(Organisation, ["code", "name", "kind"], [("org-x", "Asbl X", "other")])
    organisation = Organisation.objects.get(code="org-x")
    assert organisation.is_active is True
    assert (organisation.acronym, organisation.email) == ("", "")
