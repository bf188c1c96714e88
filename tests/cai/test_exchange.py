"""The building blocks of the spreadsheet exchange: reading cells and files, checking rows."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint

from cai.exchange import formats, widgets
from cai.exchange.admin import ExchangeAdmin
from cai.exchange.rules import holds
from concertation.models import Attendance
from plans.models import Action, ActionUpdate, Indicator, Plan

# --- Files ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("\ufeffcode;nom\r\nliège;Liège".encode(), "code;nom\r\nliège;Liège"),
        ("code;nom\nliège;Liège".encode(), "code;nom\nliège;Liège"),
        ("code;nom\nliège;Liège".encode("cp1252"), "code;nom\nliège;Liège"),
        ("code\tnom\nliège\tLiège".encode("utf-16"), "code\tnom\nliège\tLiège"),
    ],
    ids=["utf-8 with BOM", "utf-8", "windows-1252", "utf-16"],
)
def test_a_csv_file_is_decoded_whatever_excel_saved_it_as(content, text):
    assert formats.decode(content) == text


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("code;nom;communes", ";"),
        ("code,nom,communes", ","),
        ('"code;x",nom,communes', ","),
        ("code\tnom", "\t"),
        ("code", ";"),
    ],
)
def test_the_separator_is_read_from_the_header_line(header, delimiter):
    assert formats.sniff_delimiter(header) == delimiter


def test_empty_trailing_columns_and_lines_are_dropped_and_short_lines_completed():
    dataset = formats.read_csv("code;nom;;\r\na;A;;\r\nb\r\n;;;\r\n\r\n")
    assert dataset.headers == ["code", "nom"]
    assert list(dataset) == [("a", "A"), ("b", "")]


def test_cells_beyond_the_last_column_are_refused_with_their_line():
    with pytest.raises(formats.SpreadsheetError, match="Ligne 3 : des cellules sont remplies"):
        formats.read_csv("code;nom\na;A\nb;B;oups\n")


# --- Cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("1 234,50", Decimal("1234.50")),
        ("1\u202f234,5", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("-3", Decimal("-3")),
        (12.5, Decimal("12.5")),
        ("", None),
    ],
)
def test_numbers_read_as_belgians_type_them(cell, number):
    assert widgets.parse_number(cell) == number


def test_a_number_that_is_no_number_says_so_in_french():
    with pytest.raises(ValueError, match="nombre attendu : douze"):
        widgets.parse_number("douze")


def test_a_whole_number_column_refuses_decimals():
    with pytest.raises(ValueError, match="nombre entier attendu : 12,5"):
        widgets.IntegerWidget().clean("12,5")
    assert widgets.IntegerWidget().clean("50,0") == 50


@pytest.mark.parametrize(
    "cell",
    ["04/03/2025", "4/3/2025", "2025-03-04", datetime.datetime(2025, 3, 4), "04/03/2025 00:00"],
)
def test_dates_read_as_typed_or_as_a_workbook_stores_them(cell):
    assert widgets.DateWidget().clean(cell) == datetime.date(2025, 3, 4)


def test_an_impossible_date_says_what_is_expected():
    with pytest.raises(ValueError, match=r"date invalide : 31/02/2025 \(attendu : jj/mm/aaaa\)"):
        widgets.DateWidget().clean("31/02/2025")


def test_an_apostrophe_our_exports_put_before_a_formula_is_taken_off_again():
    assert widgets.cell_text("'=1+1") == "=1+1"
    assert widgets.cell_text("'-") == "-"
    assert widgets.cell_text("l'Escale") == "l'Escale"


def test_a_choice_reads_its_code_or_its_french_label():
    status = widgets.ChoiceWidget(Action.Status)
    assert status.clean("in_progress") == status.clean("En cours") == "in_progress"
    assert status.clean("réalisée") == "done"


# --- Rows -----------------------------------------------------------------------------------


def constraint(model, name):
    return next(c for c in model._meta.constraints if c.name == name)


@pytest.mark.parametrize(
    ("instance", "name"),
    [
        (
            Action(started_on=datetime.date(2025, 9, 1), ended_on=datetime.date(2025, 1, 1)),
            "action_dates_in_order",
        ),
        (
            Action(started_on=datetime.date(2025, 1, 1), ended_on=datetime.date(2025, 9, 1)),
            "action_dates_in_order",
        ),
        (Action(started_on=None, ended_on=datetime.date(2025, 1, 1)), "action_dates_in_order"),
        (ActionUpdate(progress=150), "actionupdate_progress_0_100"),
        (ActionUpdate(progress=100), "actionupdate_progress_0_100"),
        (Indicator(target=Decimal("-1")), "indicator_target_not_negative"),
        (Indicator(target=None), "indicator_target_not_negative"),
        (Attendance(people_count=0), "attendance_at_least_one_person"),
        (Plan(start_year=2025, end_year=2020), "plan_years_in_order"),
    ],
)
def test_check_constraints_are_judged_as_the_database_judges_them(db, instance, name):
    rule = constraint(type(instance), name)
    try:
        rule.validate(type(instance), instance)
        database_says = True
    except ValidationError:
        database_says = False
    assert holds(rule, instance) is database_says


def test_every_check_constraint_of_an_exchanged_model_can_be_judged(db):
    for model in exchanged_models():
        for rule in model._meta.constraints:
            if isinstance(rule, CheckConstraint):
                assert holds(rule, model()) in {True, False}


# --- The data dictionary --------------------------------------------------------------------


def exchanged_models():
    from django.contrib import admin

    return [
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ExchangeAdmin)
    ]


def test_every_exchanged_column_has_a_french_description():
    from django.contrib import admin

    for model in exchanged_models():
        resource = admin.site._registry[model].get_export_resource_classes(None)[0]()
        for column in resource.spreadsheet_columns():
            assert str(column.description).strip(), f"{model.__name__}: {column.header}"


def test_the_exchanged_models_are_those_the_coordinators_asked_for():
    labels = {model._meta.label for model in exchanged_models()}
    assert labels == {
        "cai.Organisation",
        "plans.Action",
        "plans.ActionUpdate",
        "plans.Indicator",
        "plans.Finding",
        "plans.Recommendation",
        "plans.Milestone",
        "plans.MilestoneSource",
        "concertation.Attendance",
    }
    assert all(apps.get_model(label) for label in labels)
