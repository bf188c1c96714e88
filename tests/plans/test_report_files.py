"""The report's files as their readers open them: the XLSX in Excel, the PDF on paper.

The plan is `plenary` of test_report.py, whose figures were counted by hand.
"""

# `plenary` is imported as a fixture: tests take it as an argument of the same name.
# ruff: noqa: F811

import datetime
import importlib
import io
import socket
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pypdf import PdfReader

from cai.spreadsheets import Column, xlsx_bytes
from plans.models import Action, FrozenReport
from plans.reporting import build_report, freeze_report, html_to_pdf, render_pdf, render_xlsx
from plans.reporting.render import _static_path, render_html
from tests.factory import make_meeting
from tests.plans.test_report import YEAR, edit_the_plan, plenary  # noqa: F401

pytestmark = pytest.mark.django_db


# --- The XLSX -------------------------------------------------------------------------------


def workbook_of(plenary):
    return load_workbook(io.BytesIO(render_xlsx(build_report(plan=plenary.plan, year=YEAR))))


def column(sheet, header):
    """The letter of the column whose header is `header`."""
    [number] = [cell.column for cell in sheet[1] if cell.value == header]
    return get_column_letter(number)


def test_every_sheet_has_a_bold_frozen_header_row_and_a_filter_over_all_its_lines(plenary):
    workbook = workbook_of(plenary)
    for sheet in workbook.worksheets:
        last = f"{get_column_letter(sheet.max_column)}{sheet.max_row}"
        assert all(cell.font.b for cell in sheet[1]), sheet.title
        assert not any(cell.font.b for cell in sheet[2]), sheet.title
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{last}", sheet.title
    assert workbook["Actions"].max_row == 1 + 7  # the header and the plan's seven actions


def test_columns_are_as_wide_as_what_they_hold_within_bounds(plenary):
    Action.objects.filter(pk=plenary.a2.pk).update(title="Permanence logement " * 10)
    actions = workbook_of(plenary)["Actions"]

    def width(header):
        return actions.column_dimensions[column(actions, header)].width

    assert width("code du plan") == len("code du plan") + 2  # its header is its widest
    assert width("année") == 8  # never narrower than a date or a small number
    assert width("communes") == len("Namur, Sambreville") + 2  # A-2's communes are its widest
    assert width("action") == 60  # a very long title does not make a column wider than that
    dictionary = workbook_of(plenary)["Dictionnaire"]
    assert dictionary.column_dimensions["B"].width == 60


def test_dates_are_excel_dates_shown_day_month_year(plenary):
    workbook = workbook_of(plenary)
    actions, meetings = workbook["Actions"], workbook["Réunions"]
    codes = actions[column(actions, "code de l'action")]
    [a2] = [cell.row for cell in codes if cell.value == "A-2"]
    cell = actions[f"{column(actions, 'réalisée le')}{a2}"]
    assert (cell.value, cell.number_format, cell.is_date) == (
        datetime.datetime(2025, 3, 15),
        "DD/MM/YYYY",
        True,
    )
    held_on = meetings[column(meetings, "date")][1:]
    assert [c.value.date() for c in held_on][:2] == [
        datetime.date(2025, 2, 10),
        datetime.date(2025, 3, 3),
    ]
    assert {(c.is_date, c.number_format) for c in held_on} == {(True, "DD/MM/YYYY")}


def test_a_moment_is_written_as_brussels_time_with_its_hour():
    columns = [Column("quand", "Le moment", lambda row: row)]
    moment = datetime.datetime(2025, 7, 1, 8, 30, tzinfo=datetime.UTC)
    sheet = load_workbook(io.BytesIO(xlsx_bytes([("Moments", columns, [moment])], columns)))[
        "Moments"
    ]
    assert (sheet["A2"].value, sheet["A2"].number_format) == (
        datetime.datetime(2025, 7, 1, 10, 30),
        "DD/MM/YYYY HH:MM",
    )


def test_an_empty_sheet_keeps_its_header_and_filter():
    columns = [Column("code", "Code", lambda row: row)]
    sheet = load_workbook(io.BytesIO(xlsx_bytes([("Vide", columns, [])], columns)))["Vide"]
    assert ([c.value for c in sheet[1]], sheet.auto_filter.ref, sheet.freeze_panes) == (
        ["code"],
        "A1:A1",
        "A2",
    )


# --- The PDF --------------------------------------------------------------------------------


def pdf_text(content):
    """The words of a PDF, with line breaks of table cells read as spaces."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def test_the_pdf_is_the_report_with_its_title_year_and_action_codes(plenary):
    content = render_pdf(build_report(plan=plenary.plan, year=YEAR))
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    assert "Rapport 2025 — PLI de test" in text
    assert "A-2 Permanence logement" in text
    assert "Comment ce rapport est calculé" in text
    assert "NOTE-INTERNE-SECRETE" not in text
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata.title == "Rapport 2025 — PLI de test"
    assert len(reader.pages) >= 2
    assert "2 / " in reader.pages[1].extract_text()  # the page numbers of the print stylesheet


SVG = (
    '<svg role="img" aria-labelledby="essai" width="200" height="60" viewBox="0 0 200 60">'
    '<title id="essai">Graphique d\'essai</title>'
    '<rect x="0" y="0" width="120" height="30" fill="#1e6b34"/>'
    '<text x="5" y="50" font-size="12">SVG-ESSAI</text></svg>'
)


def test_an_inline_svg_chart_in_the_report_is_drawn_in_the_pdf(plenary):
    html = render_html(build_report(plan=plenary.plan, year=YEAR))
    content = html_to_pdf(html.replace("</article>", SVG + "</article>"))
    reader = PdfReader(io.BytesIO(content))
    drawing = b"".join(page.get_contents().get_data() for page in reader.pages)
    # The rectangle in the SVG's own coordinates, in its colour, inside a tagged figure.
    assert b"0 0 120 30 re" in drawing
    assert b"0.117647 0.419608 0.203922 rg" in drawing
    assert b"/Figure" in drawing
    assert "SVG-ESSAI" in pdf_text(content)


def test_the_pdf_reads_the_applications_static_files_and_nothing_else():
    assert _static_path("https://rapport.invalid/static/css/report.css").endswith(
        "static/css/report.css"
    )
    for address in [
        "https://example.org/static/css/report.css",
        "http://rapport.invalid/static/css/report.css",
        "https://rapport.invalid/static/../cai/settings.py",
        "https://rapport.invalid/static/%2e%2e/cai/settings.py",
        "https://rapport.invalid/cai/settings.py",
        "https://rapport.invalid/static/css/absent.css",
        "file:///etc/passwd",
    ]:
        with pytest.raises(ValueError, match="Not one of the application's static files"):
            _static_path(address)


def test_rendering_the_pdf_opens_no_network_connection(monkeypatch):
    attempts = []

    def refuse(sock, address):
        attempts.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *address, **options: refuse(None, address))
    html = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title>'
        '<link rel="stylesheet" href="https://example.org/tracker.css">'
        '<link rel="stylesheet" href="/static/css/report.css"></head>'
        '<body><article class="report"><h1>Essai</h1>'
        '<img src="http://example.org/tracker.png" alt="">'
        '<img src="file:///etc/hostname" alt=""></article></body></html>'
    )
    assert "Essai" in pdf_text(html_to_pdf(html))
    assert attempts == []


# --- Frozen with the other files ----------------------------------------------------------


def test_a_frozen_report_keeps_its_pdf_whatever_is_edited_afterwards(plenary):
    frozen = freeze_report(plan=plenary.plan, year=YEAR, user=None)
    frozen.refresh_from_db()
    stored = bytes(frozen.pdf)
    assert stored.startswith(b"%PDF-") and "Brochure santé" in pdf_text(stored)
    edit_the_plan(plenary)
    frozen.refresh_from_db()
    assert bytes(frozen.pdf) == stored
    assert "Nouvelle action" not in pdf_text(stored)
    assert "Nouvelle action" in pdf_text(render_pdf(build_report(plan=plenary.plan, year=YEAR)))


def test_the_migration_prints_the_pdf_of_a_report_frozen_before_pdfs_existed(plenary):
    frozen = freeze_report(plan=plenary.plan, year=YEAR, user=None)
    FrozenReport.objects.filter(pk=frozen.pk).update(pdf=b"")
    migration = importlib.import_module("plans.migrations.0007_frozen_report_pdf")
    migration.print_the_stored_html(apps, schema_editor=None)
    frozen.refresh_from_db()
    assert "Rapport 2025 — PLI de test" in pdf_text(bytes(frozen.pdf))


# --- Offered on the report page and by the command -----------------------------------------


def report_url(name, plan, *args):
    return reverse(f"admin:plans_plan_report{name}", args=[plan.pk, *args])


def test_the_report_page_offers_the_pdf_and_the_frozen_pdf(coordinator_client, plenary):
    page = coordinator_client.get(report_url("", plenary.plan), {"annee": YEAR}).content.decode()
    assert report_url("_download", plenary.plan, YEAR, "pdf") in page
    assert "Rapport en PDF (A4)" in page
    assert report_url("_frozen", plenary.plan, YEAR, "pdf") not in page
    freeze_report(plan=plenary.plan, year=YEAR, user=None)
    page = coordinator_client.get(report_url("", plenary.plan), {"annee": YEAR}).content.decode()
    assert report_url("_frozen", plenary.plan, YEAR, "pdf") in page


def test_the_pdf_downloads_live_and_frozen(coordinator_client, plenary):
    live = coordinator_client.get(report_url("_download", plenary.plan, YEAR, "pdf"))
    assert (live.status_code, live["Content-Type"]) == (200, "application/pdf")
    assert live["Content-Disposition"] == 'attachment; filename="rapport-pli-test-2025.pdf"'
    assert "Rapport 2025 — PLI de test" in pdf_text(live.content)
    frozen = freeze_report(plan=plenary.plan, year=YEAR, user=None)
    edit_the_plan(plenary)
    stored = coordinator_client.get(report_url("_frozen", plenary.plan, YEAR, "pdf"))
    assert stored.status_code == 200
    assert stored["Content-Disposition"] == 'attachment; filename="rapport-pli-test-2025-fige.pdf"'
    assert stored.content == bytes(FrozenReport.objects.get(pk=frozen.pk).pdf)


def test_the_command_writes_the_pdf_live_and_frozen(plenary, tmp_path):
    out = StringIO()
    live = tmp_path / "rapport.pdf"
    call_command(
        "plenary_report", "pli-test", "2025", "--format", "pdf", "--output", live, stdout=out
    )
    assert "Rapport 2025 — PLI de test" in pdf_text(live.read_bytes())
    assert out.getvalue() == f"Rapport 2025 du plan pli-test (pdf) écrit dans {live}.\n"
    frozen = freeze_report(plan=plenary.plan, year=YEAR, user=None)
    make_meeting(plan=plenary.plan, held_on=datetime.date(2025, 12, 1))
    stored = tmp_path / "fige.pdf"
    call_command(
        "plenary_report",
        "pli-test",
        "2025",
        "--frozen",
        "--format",
        "pdf",
        "--output",
        stored,
        stdout=out,
    )
    assert stored.read_bytes() == bytes(FrozenReport.objects.get(pk=frozen.pk).pdf)
