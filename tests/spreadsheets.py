"""Spreadsheet files as coordinators send them, and the admin's import as they go through it."""

import csv
import html
import io
import re

from django.urls import reverse
from openpyxl import Workbook, load_workbook

CSV_FORMAT, XLSX_FORMAT = "0", "1"  # their order in cai.exchange.formats.IMPORT_FORMATS


def csv_file(rows, delimiter=";", encoding="utf-8-sig"):
    """A CSV file from a header row and data rows, in the given encoding."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(rows, first_sheet="Données", active_sheet=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = first_sheet
    for row in rows:
        sheet.append(row)
    if active_sheet:
        workbook.create_sheet(active_sheet).append(["colonne", "signification"])
        workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_rows(content):
    """The rows of an exported CSV file (UTF-8 with a BOM, ";")."""
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def xlsx_rows(content, sheet=0):
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[sheet].values]


def admin_url(model, page):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}")


def page_text(response):
    return html.unescape(response.content.decode())


def preview(client, model, content, name="fichier.csv", file_format=CSV_FORMAT):
    """The admin's import page after sending a file: the preview, or the errors."""
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        admin_url(model, "import"), {"import_file": upload, "format": file_format, "resource": "0"}
    )


def confirm(client, model, preview_response):
    """Confirms the import the preview offered (its hidden fields, posted back)."""
    fields = dict(
        re.findall(
            r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview_response.content.decode()
        )
    )
    fields.pop("csrfmiddlewaretoken", None)
    return client.post(admin_url(model, "process_import"), fields)


def import_file(client, model, content, name="fichier.csv", file_format=CSV_FORMAT):
    """Preview then confirm, as a coordinator does; the confirmation's response."""
    response = preview(client, model, content, name, file_format)
    assert response.status_code == 200
    assert "Confirmer l’importation" in page_text(response), problems(response)
    return confirm(client, model, response)


def problems(response):
    """The errors the import page lists, one sentence each."""
    found = re.search(
        r'<ul class="errorlist exchange-problems">(.*?)</ul>', page_text(response), re.S
    )
    return re.findall(r"<li>(.*?)</li>", found.group(1), re.S) if found else []


def export(client, model, file_format, query=""):
    """The file the export page gives for a format (its position in the format list)."""
    return client.post(admin_url(model, "export") + query, {"format": file_format, "resource": "0"})
