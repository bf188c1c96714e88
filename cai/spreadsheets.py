"""Spreadsheet files that Belgian users can trust: CSV for Excel on a French-speaking PC, XLSX.

Every export goes through here, so the conventions hold everywhere:

- CSV in UTF-8 with a byte order mark (Excel then reads the accents right) and ";" between
  columns (the list separator of a Belgian French Windows); "," on request;
- dates as dd/mm/yyyy, decimals with a comma;
- a cell that starts like a formula (=, +, -, @, tab, carriage return) gets a leading
  apostrophe, so that nothing runs when the file is opened;
- each column has a description: the data dictionary, a second sheet in XLSX and a
  separate "-dictionnaire.csv" file for CSV.
"""

import csv
import datetime
import io
import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
SEMICOLON = ";"
COMMA = ","


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, what it means, and how to read it from a row."""

    header: str
    description: str
    value: object  # a function of one row

    def cell(self, row):
        return self.value(row)


def neutralise(text):
    """Prefix text that a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def as_text(value):
    """A cell written as a Belgian spreadsheet expects it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return format(value, "f").rstrip("0").rstrip(".").replace(".", ",") if value else "0"
    return neutralise(str(value))


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_lines(columns, rows, delimiter=SEMICOLON):
    """The lines of a CSV file, one at a time (for streaming): BOM, header, rows."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield BOM + writer.writerow([str(column.header) for column in columns])
    for row in rows:
        yield writer.writerow([as_text(column.cell(row)) for column in columns])


def csv_text(headers, batches, delimiter=SEMICOLON):
    """The text of a CSV file a batch of rows at a time (for streaming a large file): BOM,
    header, rows. The cells are text already, as as_text() writes them; each batch is
    handed on in one piece, not a line at a time."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield BOM + writer.writerow([str(header) for header in headers])
    for rows in batches:
        yield "".join([_csv_line(writer, cells) for cells in rows])


def _csv_line(writer, cells):
    """One line, exactly as csv.writer writes it. csv.writer copies each character of each
    cell, which costs more than reading the rows: a line with nothing to quote (nearly
    every line) is its cells joined."""
    delimiter = writer.dialect.delimiter
    line = delimiter.join(cells)
    # csv.writer quotes a cell holding the separator, a quote or a line break, and a line's
    # only cell when it is empty.
    separators_only = line.count(delimiter) == len(cells) - 1
    if line and separators_only and not ('"' in line or "\r" in line or "\n" in line):
        return line + writer.dialect.lineterminator
    return writer.writerow(cells)


def streamed_csv_response(filename, columns, rows, delimiter=SEMICOLON):
    """A CSV download written while the rows are read: memory stays flat at any size."""
    return streamed_csv_text(filename, csv_lines(columns, rows, delimiter))


def streamed_csv_text(filename, text):
    """A download of CSV text handed on piece by piece (csv_lines or csv_text)."""
    response = StreamingHttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_bytes(columns, rows, delimiter=SEMICOLON):
    return "".join(csv_lines(columns, rows, delimiter)).encode("utf-8")


DICTIONARY_COLUMNS = [
    Column(_("colonne"), _("Nom de la colonne dans le fichier"), lambda c: c.header),
    Column(_("signification"), _("Ce que la colonne contient"), lambda c: c.description),
]


def dictionary_csv_bytes(columns, delimiter=SEMICOLON):
    """The data dictionary of an export, as its own small CSV file."""
    return csv_bytes(DICTIONARY_COLUMNS, columns, delimiter)


# XLSX: how many first rows set the column widths (a long export is still written a row at
# a time), and the widths a column may take, in characters.
WIDTH_SAMPLE_ROWS = 200
NARROWEST, WIDEST = 8, 60
# Excel shows a date cell with its number format: the Belgian day/month/year.
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


def xlsx_bytes(sheets, columns_for_dictionary):
    """An XLSX workbook: `sheets` is a list of (title, columns, rows); a last sheet
    "Dictionnaire" describes `columns_for_dictionary`.

    Cells keep their types (numbers, and dates that Excel can sort and compute with); text
    that looks like a formula is neutralised like in CSV. Each sheet reads as a table: its
    header row bold and frozen, a filter on every column, columns as wide as what they hold.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        values = ([_xlsx_cell(column.cell(row)) for column in columns] for row in rows)
        _write_table(workbook, title, [column.header for column in columns], values)
    descriptions = ([str(c.header), str(c.description)] for c in columns_for_dictionary)
    headers = [column.header for column in DICTIONARY_COLUMNS]
    _write_table(workbook, _("Dictionnaire"), headers, descriptions)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_table(workbook, title, headers, rows):
    """One sheet of a write-only workbook. Widths and frozen panes must be set before the
    first row is written: the widths are judged on the header and the first rows."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=str(title)[:31])
    headers = [str(header) for header in headers]
    rows = iter(rows)
    first_rows = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    for number, width in enumerate(_widths(headers, first_rows), start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_styled(sheet, header, font=bold) for header in headers])
    last_row = 1
    for row in itertools.chain(first_rows, rows):
        sheet.append([_dated(sheet, value) for value in row])
        last_row += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last_row}"


def _widths(headers, rows):
    widths = [len(header) for header in headers]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _shown_length(value))
    # Two characters more for the filter's drop-down button of the header.
    return [min(max(width + 2, NARROWEST), WIDEST) for width in widths]


def _shown_length(value):
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return len(DATE_FORMAT)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _styled(sheet, value, **style):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _dated(sheet, value):
    """A date becomes a cell with the Belgian date format; other values stay as they are."""
    if isinstance(value, datetime.datetime):
        return _styled(sheet, value, number_format=DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return _styled(sheet, value, number_format=DATE_FORMAT)
    return value


def _xlsx_cell(value):
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if isinstance(value, datetime.datetime) and value.tzinfo:
        # Excel has no time zones: write the Brussels wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | float | Decimal | datetime.date):
        return value
    return neutralise(str(value))
