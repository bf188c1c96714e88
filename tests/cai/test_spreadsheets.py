import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cai.spreadsheets import Column, as_text, csv_bytes, dictionary_csv_bytes, xlsx_bytes

COLUMNS = [
    Column("code", "Code stable", lambda row: row["code"]),
    Column("valeur", "Une valeur", lambda row: row["value"]),
]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_starts_like_a_formula_is_neutralised(start):
    assert as_text(f"{start}SUM(A1:A2)") == f"'{start}SUM(A1:A2)"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("12.50"), "12,5"),
        (Decimal("-3.25"), "-3,25"),
        (-4, "-4"),
        (0.0, "0"),
        (datetime.date(2025, 3, 9), "09/03/2025"),
        (None, ""),
        (True, "oui"),
        ("Liège", "Liège"),
    ],
)
def test_cells_are_written_the_way_a_belgian_spreadsheet_reads_them(value, written):
    assert as_text(value) == written


def test_csv_has_a_byte_order_mark_and_semicolons():
    content = csv_bytes(COLUMNS, [{"code": "92094", "value": "Namur; centre"}])
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").splitlines() == ["code;valeur", '92094;"Namur; centre"']


def test_a_comma_variant_is_available():
    content = csv_bytes(COLUMNS, [{"code": "A", "value": "b"}], delimiter=",")
    assert content.decode("utf-8-sig").splitlines() == ["code,valeur", "A,b"]


def test_the_data_dictionary_describes_each_column():
    lines = dictionary_csv_bytes(COLUMNS).decode("utf-8-sig").splitlines()
    assert lines == ["colonne;signification", "code;Code stable", "valeur;Une valeur"]


def test_xlsx_keeps_numbers_and_dates_and_adds_the_dictionary_sheet():
    rows = [
        {"code": "=1+1", "value": Decimal("2.5")},
        {"code": "B", "value": datetime.date(2025, 1, 2)},
    ]
    workbook = load_workbook(io.BytesIO(xlsx_bytes([("Actions", COLUMNS, rows)], COLUMNS)))
    assert workbook.sheetnames == ["Actions", "Dictionnaire"]
    data = list(workbook["Actions"].values)
    assert data[0] == ("code", "valeur")
    assert data[1] == ("'=1+1", 2.5)
    assert data[2][1] == datetime.datetime(2025, 1, 2)
    assert list(workbook["Dictionnaire"].values)[1] == ("code", "Code stable")
