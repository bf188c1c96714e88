"""The file formats of the admin's import and export.

Reading. A CSV file comes from Excel on a Belgian PC (";" and Windows-1252), from "CSV UTF-8"
in a recent Excel (a byte order mark), from LibreOffice or a Mac (UTF-8, "," or ";"). The
format decodes the bytes itself, so the admin never has to ask which encoding was used, and
reads the separator from the header line. An XLSX workbook is read from its first sheet,
whichever sheet was open when it was saved (our exports add a "Dictionnaire" sheet).

Writing goes through cai.spreadsheets, like every export of the project: CSV in UTF-8 with a
BOM and ";" (or ","), XLSX with typed cells, formula-looking text neutralised, and the data
dictionary.
"""

import codecs
import csv
import io

import tablib
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

from cai.spreadsheets import COMMA, SEMICOLON, csv_bytes, xlsx_bytes

TAB = "\t"
DICTIONARY_SHEET_TITLES = {"Dictionnaire", "Dictionary"}


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table. The message is for the coordinator."""


def decode(data):
    """The text of a CSV file: BOM → UTF-8 (or UTF-16), valid UTF-8 → UTF-8, else Windows-1252."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")  # Excel's "Texte Unicode"
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _(
                "Ce fichier n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le depuis "
                "Excel en « CSV UTF-8 » ou en classeur XLSX."
            )
        ) from None


def sniff_delimiter(header_line):
    """The separator of a CSV file, told by the header line: the most frequent of ";", ","
    and tab outside quotes. A tie, or a file of one column, reads as ";"."""
    counts = dict.fromkeys((SEMICOLON, COMMA, TAB), 0)
    quoted = False
    for character in header_line:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else SEMICOLON


def read_csv(text):
    """A tablib Dataset from the text of a CSV file."""
    header_line = text.split("\n", 1)[0]
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(header_line))
    try:
        return table(list(rows))
    except csv.Error as error:
        raise SpreadsheetError(
            _("Ce fichier CSV est mal formé : %(error)s") % {"error": error}
        ) from None


def table(rows, empty=""):
    """A Dataset from a header row and data rows, tidied the way spreadsheets leave them.

    Empty columns after the last header and empty lines at the end are dropped; a short
    line is completed with empty cells. Empty lines in the middle are kept, so that every
    line number the import reports is the line number the coordinator sees in Excel.
    """
    if not rows:
        return tablib.Dataset()
    headers = ["" if cell is None else str(cell).strip() for cell in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    body = rows[1:]
    while body and _is_blank(body[-1]):
        body.pop()
    dataset = tablib.Dataset(headers=headers)
    for line, row in enumerate(body, start=2):
        cells = list(row[:width]) + [empty] * (width - len(row))
        if not _is_blank(row[width:]):
            raise SpreadsheetError(
                _("Ligne %(line)d : des cellules sont remplies au-delà de la dernière colonne.")
                % {"line": line}
            )
        dataset.append(cells)
    return dataset


def _is_blank(cells):
    return all(cell is None or str(cell).strip() == "" for cell in cells)


class CSV(base_formats.CSV):
    """CSV read in any encoding and with ";" or ","; written with ";" for Excel in Belgium."""

    delimiter = SEMICOLON

    def get_title(self):
        # The import form picks the format from the file's extension by this title.
        return "csv"

    # The bytes reach create_dataset() untouched: this format decodes them itself.
    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def get_content_type(self):
        return "text/csv; charset=utf-8"

    def create_dataset(self, in_stream, **kwargs):
        text = decode(in_stream) if isinstance(in_stream, bytes) else in_stream
        return read_csv(text)

    def export_columns(self, columns, rows, title=""):
        return csv_bytes(columns, rows, self.delimiter)


class CommaCSV(CSV):
    """The same CSV with "," between columns, for software that expects it."""

    delimiter = COMMA

    def get_title(self):
        return str(_("csv (séparateur virgule)"))


class XLSX(base_formats.XLSX):
    """An Excel workbook: the first sheet that is not the data dictionary. The other sheets
    are kept, unread, for a resource that has a second table (plans.resources.CardResource)."""

    def get_title(self):
        return "xlsx"

    def create_dataset(self, in_stream):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many types for a file that is not a workbook
            raise SpreadsheetError(
                _("Ce fichier n'est pas un classeur Excel (XLSX) lisible.")
            ) from None
        sheets = [
            [sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]]
            for sheet in workbook.worksheets
            if sheet.title not in DICTIONARY_SHEET_TITLES
        ]
        workbook.close()
        dataset = table(sheets[0][1] if sheets else [], empty=None)
        # The other sheets, for a resource that reads a second one (the cards' sources).
        dataset.other_sheets = {title.casefold(): rows for title, rows in sheets[1:] if rows}
        return dataset

    def export_columns(self, columns, rows, title=""):
        return xlsx_bytes([(title or _("Données"), columns, rows)], columns)


IMPORT_FORMATS = [CSV, XLSX]
EXPORT_FORMATS = [CSV, CommaCSV, XLSX]
