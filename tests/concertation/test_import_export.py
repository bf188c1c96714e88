"""Attendance sheets in and out of the admin: meetings told by space and date, or by code."""

import datetime

import pytest

from concertation.models import Attendance
from tests.factory import make_attendance, make_meeting, make_organisation, make_plan, make_space
from tests.spreadsheets import admin_url, csv_file, csv_rows, export, import_file, preview, problems

pytestmark = pytest.mark.django_db

HEADER = ["réunion", "espace", "plan", "date", "organisation", "nombre de personnes"]
MARCH_4 = datetime.date(2025, 3, 4)


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def platform_meeting(db):
    """The provincial platform's meeting of 4 March 2025, and two partners who may attend."""
    make_organisation(code="cai")
    make_organisation(code="cpas-namur")
    return make_meeting(space=make_space(code="plateforme-racisme"), held_on=MARCH_4)


def test_attendance_is_matched_on_the_space_and_the_date(coordinator_client, platform_meeting):
    rows = [HEADER, ["", "plateforme-racisme", "", "04/03/2025", "cai", "3"]]
    assert import_file(coordinator_client, Attendance, csv_file(rows)).status_code == 302
    attendance = Attendance.objects.get()
    assert (attendance.meeting, attendance.organisation.code) == (platform_meeting, "cai")
    assert attendance.people_count == 3


def test_a_plenary_assembly_outside_any_space_is_found_by_its_plan(coordinator_client, db):
    make_organisation(code="cai")
    plenary = make_meeting(plan=make_plan(code="ppli-2"), held_on=MARCH_4)
    rows = [HEADER, ["", "", "ppli-2", "2025-03-04", "cai", ""]]
    assert import_file(coordinator_client, Attendance, csv_file(rows)).status_code == 302
    assert Attendance.objects.get().meeting == plenary
    assert Attendance.objects.get().people_count == 1


def test_two_meetings_of_a_space_on_one_day_need_their_codes(coordinator_client, platform_meeting):
    make_meeting(space=platform_meeting.space, held_on=MARCH_4, code="plateforme-apres-midi")
    ambiguous = [HEADER, ["", "plateforme-racisme", "", "04/03/2025", "cai", "2"]]
    assert problems(preview(coordinator_client, Attendance, csv_file(ambiguous))) == [
        "Ligne 2, colonne « réunion » : « plateforme-racisme » a tenu plusieurs réunions le "
        "04/03/2025 : donnez un code à chacune dans l'administration et indiquez-le dans la "
        "colonne « réunion »."
    ]
    by_code = [HEADER, ["plateforme-apres-midi", "", "", "", "cai", "2"]]
    assert import_file(coordinator_client, Attendance, csv_file(by_code)).status_code == 302
    assert Attendance.objects.get().meeting.code == "plateforme-apres-midi"


def test_unknown_organisations_and_meetings_are_errors_and_nothing_is_written(
    coordinator_client, platform_meeting
):
    rows = [
        HEADER,
        ["", "plateforme-racisme", "", "04/03/2025", "cai", "2"],
        ["", "plateforme-racisme", "", "04/03/2025", "inconnue", "1"],
        ["", "plateforme-racisme", "", "05/03/2025", "cpas-namur", "1"],
        ["", "plateforme-racisme", "", "04/03/2025", "cpas-namur", "0"],
    ]
    assert problems(preview(coordinator_client, Attendance, csv_file(rows))) == [
        "Ligne 3, colonne « organisation » : organisation inconnue : inconnue",
        "Ligne 4, colonne « réunion » : aucune réunion de « plateforme-racisme » le 05/03/2025.",
        "Ligne 5, colonne « nombre de personnes » : "
        "Assurez-vous que cette valeur est supérieure ou égale à 1.",
    ]
    assert not Attendance.objects.exists()


def test_an_exported_attendance_sheet_imports_back_onto_the_same_rows(
    coordinator_client, platform_meeting
):
    for code in ["cai", "cpas-namur"]:
        make_attendance(meeting=platform_meeting, organisation=make_organisation(code=f"{code}-2"))
    header, *rows = csv_rows(export(coordinator_client, Attendance, "0").content)
    assert rows[0][:4] == ["", "plateforme-racisme", "", "04/03/2025"]
    rows[0][header.index("nombre de personnes")] = "4"
    assert import_file(coordinator_client, Attendance, csv_file([header, *rows])).status_code == 302
    assert Attendance.objects.count() == 2
    assert sorted(Attendance.objects.values_list("people_count", flat=True)) == [1, 4]


def test_the_attendance_import_and_export_pages_answer(coordinator_client):
    for page in ["import", "export", "dictionary"]:
        assert coordinator_client.get(admin_url(Attendance, page)).status_code == 200
