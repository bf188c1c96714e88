"""The annual report in the admin: a coordinator produces, freezes and re-downloads it."""

import datetime
import html

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from plans.models import Action, FrozenReport
from plans.reporting import freeze_report
from tests.factory import (
    correct_in_database,
    make_action,
    make_attendance,
    make_axis,
    make_framework,
    make_indicator,
    make_indicator_value,
    make_meeting,
    make_plan,
    make_update,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    """A plan with an action done in 2025, one under way and a plenary with attendance."""
    framework = make_framework()
    axis = make_axis(framework=framework, name="Logement")
    plan = make_plan(code="pli-admin", title="PLI de Sambreville", framework=framework)
    done = make_action(plan=plan, axis=axis, code="A-1", title="Permanence logement")
    make_update(
        done, reported_on=datetime.date(2025, 3, 1), status=Action.Status.DONE, progress=100
    )
    make_indicator_value(indicator=make_indicator(action=done, unit="séances"), year=2025, value=7)
    under_way = make_action(plan=plan, axis=axis, code="A-2", title="Ateliers énergie")
    make_update(under_way, reported_on=datetime.date(2025, 5, 1), progress=40)
    make_attendance(meeting=make_meeting(plan=plan, held_on=datetime.date(2025, 11, 20)))
    return plan


def url(name, *args):
    return reverse(f"admin:plans_plan_{name}", args=args)


def text(response):
    return html.unescape(response.content.decode())


def test_the_plan_page_links_to_its_annual_report(coordinator_client, plan):
    response = coordinator_client.get(reverse("admin:plans_plan_change", args=[plan.pk]))
    assert f'href="{url("report", plan.pk)}"' in response.content.decode()
    assert "Rapport annuel" in text(response)


def test_the_report_page_shows_last_years_report_by_default(coordinator_client, plan):
    response = coordinator_client.get(url("report", plan.pk))
    last_year = timezone.localdate().year - 1
    assert response.status_code == 200
    assert f"Rapport {last_year} — PLI de Sambreville" in text(response)


def test_the_report_page_shows_the_chosen_year_printable_with_its_downloads(
    coordinator_client, plan
):
    response = coordinator_client.get(url("report", plan.pk), {"annee": "2025"})
    page = text(response)
    assert response.status_code == 200
    assert "Rapport 2025 — PLI de Sambreville" in page
    assert "Réalisée en 2025 (1)" in page and "Permanence logement" in page
    assert "css/report.css" in page
    assert '<option value="2025" selected>' in page
    for file_format in ["csv", "csv-virgule", "dictionnaire", "xlsx"]:
        assert url("report_download", plan.pk, 2025, file_format) in page
    assert url("report_freeze", plan.pk, 2025) in page
    assert "Figer le rapport 2025" in page


@pytest.mark.parametrize(
    ("file_format", "content_type", "file_name", "start"),
    [
        ("csv", "text/csv; charset=utf-8", "rapport-pli-admin-2025.csv", "\ufeffrubrique;"),
        (
            "csv-virgule",
            "text/csv; charset=utf-8",
            "rapport-pli-admin-2025-virgule.csv",
            "\ufeffrubrique,",
        ),
        (
            "dictionnaire",
            "text/csv; charset=utf-8",
            "rapport-pli-admin-2025-dictionnaire.csv",
            "\ufeffcolonne;signification",
        ),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "rapport-pli-admin-2025.xlsx",
            "PK",
        ),
        ("html", "text/html; charset=utf-8", "rapport-pli-admin-2025.html", "<!doctype html>"),
    ],
)
def test_each_download_of_the_live_report_has_its_type_and_name(
    coordinator_client, plan, file_format, content_type, file_name, start
):
    response = coordinator_client.get(url("report_download", plan.pk, 2025, file_format))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert file_name in response["Content-Disposition"]
    assert response.content.startswith(start.encode())


def test_an_unknown_format_or_year_answers_404(coordinator_client, plan):
    assert coordinator_client.get(url("report_download", plan.pk, 2025, "docx")).status_code == 404
    assert coordinator_client.get(url("report_download", plan.pk, 3025, "csv")).status_code == 404


def test_the_confirmation_page_explains_that_freezing_cannot_be_undone(coordinator_client, plan):
    response = coordinator_client.get(url("report_freeze", plan.pk, 2025))
    assert response.status_code == 200
    assert "On ne peut pas revenir en arrière" in text(response)
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert not FrozenReport.objects.exists()


def test_the_coordinator_freezes_the_report_by_posting_the_confirmation(
    coordinator_client, coordinator, plan
):
    response = coordinator_client.post(url("report_freeze", plan.pk, 2025), follow=True)
    frozen = FrozenReport.objects.get()
    assert (frozen.plan, frozen.year, frozen.frozen_by) == (plan, 2025, coordinator)
    page = text(response)
    assert "Le rapport 2025 est figé" in page
    assert "Rapport 2025 figé le" in page and "par coordinatrice" in page
    assert url("report_frozen", plan.pk, 2025, "xlsx") in page
    assert "Comparer avec les chiffres actuels" in page


def test_a_second_freeze_is_refused_with_a_french_message(coordinator_client, plan):
    freeze_report(plan=plan, year=2025, user=None)
    response = coordinator_client.post(url("report_freeze", plan.pk, 2025), follow=True)
    assert "ne peut pas être figé une seconde fois" in text(response)
    assert FrozenReport.objects.count() == 1


def test_frozen_downloads_are_the_stored_bytes_even_after_edits(coordinator_client, plan):
    frozen = freeze_report(plan=plan, year=2025, user=None)
    stored = {
        "html": frozen.html.encode(),
        "csv": bytes(frozen.csv),
        "dictionnaire": bytes(frozen.csv_dictionary),
        "xlsx": bytes(frozen.xlsx),
    }
    action = plan.actions.get(code="A-2")
    correct_in_database(
        action, reported_on=datetime.date(2025, 9, 1), status=Action.Status.DONE, progress=100
    )
    Action.objects.filter(code="A-1").update(title="Permanence logement renommée")
    for file_format, content in stored.items():
        response = coordinator_client.get(url("report_frozen", plan.pk, 2025, file_format))
        assert response.status_code == 200
        assert response.content == content
    assert "-fige.xlsx" in response["Content-Disposition"]


def test_the_comparison_page_says_no_difference_then_lists_the_edits(coordinator_client, plan):
    freeze_report(plan=plan, year=2025, user=None)
    response = coordinator_client.get(url("report_compare", plan.pk, 2025))
    assert response.status_code == 200
    assert "Aucune différence" in text(response)
    action = plan.actions.get(code="A-2")
    correct_in_database(
        action, reported_on=datetime.date(2025, 9, 1), status=Action.Status.DONE, progress=100
    )
    page = text(coordinator_client.get(url("report_compare", plan.pk, 2025)))
    assert "Aucune différence" not in page
    assert "Action changée de groupe" in page and "En cours fin 2025" in page
    assert "Réalisée en 2025" in page


def test_comparing_a_year_that_was_not_frozen_answers_404(coordinator_client, plan):
    assert coordinator_client.get(url("report_compare", plan.pk, 2025)).status_code == 404


def test_staff_who_may_not_change_the_plan_cannot_see_its_report(client, plan):
    client.force_login(make_user(is_staff=True))
    assert client.get(url("report", plan.pk)).status_code == 403
    assert client.get(url("report_download", plan.pk, 2025, "csv")).status_code == 403


def test_staff_who_may_change_the_plan_but_not_freeze_see_the_report_but_cannot_freeze(
    client, plan
):
    staff = make_user(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_plan"))
    plan.team.add(staff)  # changing a plan needs the permission and to follow the plan
    client.force_login(staff)
    page = text(client.get(url("report", plan.pk), {"annee": "2025"}))
    assert "Rapport 2025 — PLI de Sambreville" in page
    assert "Figer le rapport 2025" not in page
    assert client.post(url("report_freeze", plan.pk, 2025)).status_code == 403
    assert not FrozenReport.objects.exists()


def test_the_frozen_reports_list_is_read_only_with_download_links(coordinator_client, plan):
    frozen = freeze_report(plan=plan, year=2025, user=None)
    response = coordinator_client.get(reverse("admin:plans_frozenreport_changelist"))
    assert response.status_code == 200
    assert url("report_frozen", plan.pk, 2025, "csv") in response.content.decode()
    assert coordinator_client.get(reverse("admin:plans_frozenreport_add")).status_code == 403
    change = coordinator_client.get(reverse("admin:plans_frozenreport_change", args=[frozen.pk]))
    assert 'name="_save"' not in change.content.decode()


def test_only_a_superuser_may_delete_a_frozen_report(client, plan):
    frozen = freeze_report(plan=plan, year=2025, user=None)
    staff = make_user(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__endswith="_frozenreport"))
    client.force_login(staff)
    delete = reverse("admin:plans_frozenreport_delete", args=[frozen.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert FrozenReport.objects.filter(pk=frozen.pk).exists()


# --- When a year may be frozen -------------------------------------------------------------------


def this_year():
    return timezone.localdate().year


def test_the_current_year_cannot_be_frozen_and_the_report_page_says_until_when(
    coordinator_client, plan
):
    page = text(coordinator_client.get(url("report", plan.pk), {"annee": this_year()}))
    assert (
        f"L'année {this_year()} n'est pas terminée : son rapport pourra être figé à partir "
        f"du 1er janvier {this_year() + 1}"
    ) in page
    assert url("report_freeze", plan.pk, this_year()) not in page


def test_freezing_the_current_year_is_refused_on_the_server(coordinator_client, plan):
    confirmation = text(coordinator_client.get(url("report_freeze", plan.pk, this_year())))
    assert "n'est pas terminée" in confirmation and 'value="Figer le rapport' not in confirmation
    response = coordinator_client.post(url("report_freeze", plan.pk, this_year()), follow=True)
    assert f"L'année {this_year()} n'est pas terminée" in text(response)
    assert not FrozenReport.objects.exists()


@pytest.mark.parametrize(
    ("today", "allowed"),
    [(datetime.date(2026, 12, 31), False), (datetime.date(2027, 1, 1), True)],
)
def test_a_year_can_be_frozen_from_the_first_of_january_of_the_next_year(
    plan, monkeypatch, today, allowed
):
    monkeypatch.setattr("plans.reporting.freezing.timezone.localdate", lambda: today)
    if allowed:
        assert freeze_report(plan=plan, year=2026, user=None).year == 2026
    else:
        with pytest.raises(ValidationError, match="à partir du 1er janvier 2027"):
            freeze_report(plan=plan, year=2026, user=None)


def test_the_freeze_button_stands_apart_from_the_downloads(coordinator_client, plan):
    page = coordinator_client.get(url("report", plan.pk), {"annee": "2025"}).content.decode()
    downloads = page[page.index('class="report-downloads"') : page.index("</section>")]
    assert url("report_download", plan.pk, 2025, "csv") in downloads
    assert url("report_freeze", plan.pk, 2025) not in downloads
    freezing = page[page.index('class="report-freeze"') :]
    assert url("report_freeze", plan.pk, 2025) in freezing
