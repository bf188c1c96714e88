"""How one cell becomes a value and back: cells as they are typed on a Belgian PC.

Each widget reads what a coordinator types in Excel — "04/03/2025" or "2025-03-04", "12,5",
"oui", a code — and writes back what the same coordinator can read and re-import. Every
error is a ValueError whose message, in French, says what is wrong with the cell; the
resource adds the line and the column.

Codes are resolved for a whole file at once: before the rows are imported, `prepare()`
fetches every code the file mentions in one query per referenced table (in chunks for a
very long file), so a file of 10,000 lines costs a handful of queries, not 10,000.

A large export is written the other way round: `formatter()` gives, once per column, the
function from the value an export reads in the database to the text of its cell — the text
`render()` and `as_text()` write, without asking for each cell what kind of value it is.
"""

import datetime
import functools
import itertools
import operator
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from cai.models import label_key
from cai.spreadsheets import FORMULA_STARTS, as_text, neutralise

# Rows fetched per query: far below SQLite's limit on query parameters.
CHUNK_SIZE = 2000

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S")
LIST_SEPARATORS = re.compile(r"[,;\n]")
# Over twenty years of days: the dates of a large export, each written once.
DATES_REMEMBERED = 8192


def cell_text(value):
    """The text of a cell as the coordinator typed it.

    Surrounding spaces go; a whole number read from Excel as 12.0 is "12"; the apostrophe
    our own exports put before text that looks like a formula is taken off again, so that
    an exported file re-imports to the same values.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] and text[1] in FORMULA_STARTS:
        text = text[1:]
    return text


def display(value):
    """A value as the import preview shows it: like in a Belgian spreadsheet."""
    return value if isinstance(value, str) else as_text(value)


def text_cell(value):
    """The cell of a text or a code: as_text() of what render() gives, in one step."""
    return "" if value is None else neutralise(str(value))


def codes_cell(codes):
    """The cell of a list of codes (text), as CodeListWidget.render() writes it."""
    return neutralise(", ".join(sorted(codes)))


def chunks(items, size=CHUNK_SIZE):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def batches(iterable, size=CHUNK_SIZE):
    """Lists of `size` items from any iterable, read lazily (for streaming)."""
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def matching(lookups, keys):
    """A filter on exactly these keys. A composite key is grouped on its first parts:
    (plan 3, code "A-1"), (plan 3, code "A-2") → plan 3 and code in ("A-1", "A-2")."""
    *firsts, last = lookups
    groups = defaultdict(list)
    for key in keys:
        groups[key[:-1]].append(key[-1])
    return functools.reduce(
        operator.or_,
        (
            Q(**dict(zip(firsts, head, strict=True)), **{f"{last}__in": tails})
            for head, tails in groups.items()
        ),
    )


def follow(obj, path):
    """The value at the end of a Django lookup path: follow(action, "plan__code")."""
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value).replace("\r\n", "\n")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value

    def formatter(self):
        return text_cell


class IntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        number = parse_number(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(_("nombre entier attendu : %(value)s") % {"value": cell_text(value)})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return value if kwargs.get("force_native_type") else display(value)

    def formatter(self):
        return as_text


class DecimalWidget(widgets.DecimalWidget):
    """A decimal number: "12,5" as typed in Belgium, "12.5" as written elsewhere."""

    def clean(self, value, row=None, **kwargs):
        return parse_number(value)

    def render(self, value, obj=None, **kwargs):
        return value if kwargs.get("force_native_type") else display(value)

    def formatter(self):
        return as_text


def parse_number(value):
    """A Decimal from a cell: "12,5", "12.5", "1 234,5", "1.234,5"; None when empty.

    With both a comma and a point, the last one separates the decimals; spaces (also the
    non-breaking ones Excel writes) separate thousands.
    """
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = re.sub(r"[\s\u00a0\u202f]", "", cell_text(value))
    if not text:
        return None
    decimal_mark = max(text.rfind(","), text.rfind("."))
    if decimal_mark >= 0:
        whole = text[:decimal_mark].replace(",", "").replace(".", "")
        text = f"{whole}.{text[decimal_mark + 1 :]}"
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueError(_("nombre attendu : %(value)s") % {"value": cell_text(value)})
    return number


class DateWidget(widgets.DateWidget):
    """A date typed dd/mm/yyyy (also yyyy-mm-dd), or a date cell of a workbook."""

    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", **kwargs)
        self.formats = DATE_FORMATS

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for date_format in self.formats:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise ValueError(_("date invalide : %(value)s (attendu : jj/mm/aaaa)") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value if kwargs.get("force_native_type") else display(value)

    def formatter(self):
        # A few thousand dates recur over a hundred thousand rows: each is written once.
        return functools.lru_cache(maxsize=DATES_REMEMBERED)(as_text)


class BooleanWidget(widgets.BooleanWidget):
    """Yes or no: "oui"/"non", also "vrai"/"faux", "1"/"0", "x" for a ticked box."""

    TRUE_TEXTS = {"oui", "vrai", "1", "x", "true", "yes"}
    FALSE_TEXTS = {"non", "faux", "0", "false", "no"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if not text:
            return None
        if text in self.TRUE_TEXTS:
            return True
        if text in self.FALSE_TEXTS:
            return False
        raise ValueError(_("oui ou non attendu : %(value)s") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs):
        return value if kwargs.get("force_native_type") else display(value)

    def formatter(self):
        # "oui" and "non" in the language of the export, translated once.
        return {value: as_text(value) for value in (True, False, None)}.__getitem__


class ChoiceWidget(widgets.Widget):
    """One value of a list of choices: its code ("in_progress") or its label ("En cours")."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self._by_text = None

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return "" if issubclass(self.choices, models.TextChoices) else None
        choice = self._known().get(text.casefold())
        if choice is None:
            raise ValueError(
                _("valeur inconnue : %(value)s (valeurs possibles : %(values)s)")
                % {"value": text, "values": ", ".join(str(v) for v in self.choices.values)}
            )
        return choice

    def _known(self):
        if self._by_text is None:
            self._by_text = {}
            for language in ("fr", translation.get_language()):
                with translation.override(language):
                    for choice, label in self.choices.choices:
                        self._by_text[str(label).casefold()] = choice
            for choice in self.choices.values:
                self._by_text[str(choice).casefold()] = choice
        return self._by_text

    def render(self, value, obj=None, **kwargs):
        if value is None or value == "":
            return ""
        return value if kwargs.get("force_native_type") else str(value)

    def formatter(self):
        return as_text

    def describe(self):
        values = ", ".join(f"{value} ({label})" for value, label in self.choices.choices)
        return _("Valeurs : %(values)s.") % {"values": values}


class CodeCache:
    """Objects found by their code (or codes, for a composite key), for one import.

    `fetch()` asks the database once per chunk of unknown keys; afterwards every key is
    answered from memory, including the keys that do not exist.
    """

    def __init__(self, model, lookups):
        self.lookups = lookups
        relations = {path.rsplit("__", 1)[0] for path in lookups if "__" in path}
        self.queryset = model._default_manager.select_related(*relations)
        self.found = {}
        self.asked = set()

    def fetch(self, keys):
        wanted = sorted({key for key in keys if all(key)} - self.asked)
        self.asked.update(wanted)
        for chunk in chunks(wanted):
            for obj in self.queryset.filter(matching(self.lookups, chunk)):
                self.found[tuple(str(follow(obj, path)) for path in self.lookups)] = obj

    def get(self, key):
        self.fetch([key])
        return self.found.get(key)


class KnownObjects:
    """The objects rows read in bulk point to, by primary key, fetched once per import."""

    def remember(self, pks):
        missing = sorted(pks - self.known.keys())
        for chunk in chunks(missing):
            self.known.update(self.cache.queryset.in_bulk(chunk))


class CodeWidget(KnownObjects, widgets.ForeignKeyWidget):
    """A foreign key written as the code of the row it points to, never its database id.

    `scope` names a code that the key is unique within, read from another column: an
    objective's code is unique in its plan, so the objective widget is
    CodeWidget(Objective, scope=("plan__code", "plan")).
    """

    def __init__(self, model, field="code", *, unknown, scope=None, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.unknown = unknown
        self.scope_lookup, self.scope_column = scope or (None, None)
        lookups = [self.scope_lookup, field] if scope else [field]
        self.cache = CodeCache(model, lookups)
        self.known = {}

    def key(self, value, row):
        text = cell_text(value)
        if self.scope_column:
            return (cell_text((row or {}).get(self.scope_column)), text)
        return (text,)

    def prepare(self, column, rows):
        self.cache.fetch(self.key(row.get(column), row) for row in rows)

    def clean(self, value, row=None, **kwargs):
        key = self.key(value, row)
        if not key[-1]:
            return None
        obj = self.cache.get(key)
        if obj is None:
            raise ValueError(self.unknown % {"value": key[-1], "scope": key[0]})
        return obj

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(follow(value, self.field))

    def formatter(self):
        """The cell of the code an export reads (ReferenceField.export_path), not of the row."""
        return text_cell


class CodeListWidget(KnownObjects, widgets.ManyToManyWidget):
    """Many-to-many written as codes separated by commas: "92094, 92137"."""

    def __init__(self, model, field="code", *, unknown, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.unknown = unknown
        self.cache = CodeCache(model, [field])
        self.known = {}

    def codes(self, value):
        return list(
            dict.fromkeys(filter(None, map(cell_text, LIST_SEPARATORS.split(cell_text(value)))))
        )

    def prepare(self, column, rows):
        self.cache.fetch((code,) for row in rows for code in self.codes(row.get(column)))

    def clean(self, value, row=None, **kwargs):
        return self.objects(self.codes(value))

    def objects(self, codes):
        found = [self.cache.get((code,)) for code in codes]
        missing = [code for code, obj in zip(codes, found, strict=True) if obj is None]
        if missing:
            raise ValueError(self.unknown % {"value": ", ".join(missing)})
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(sorted(str(follow(item, self.field)) for item in items))

    def formatter(self):
        """The cell of the linked rows' pks an export reads (RelatedCodesField), written as
        their codes."""
        codes = CodesByPk(self.model, self.field)
        return lambda pks: codes_cell(map(codes.__getitem__, pks))


class CodesByPk(dict):
    """The codes of a table's rows by pk, all read in one query: a table a list of codes
    points to is short (terms, communes). A row added while a large export runs is asked
    for on its own."""

    def __init__(self, model, field):
        self.rows, self.field = model._default_manager.all(), field
        super().__init__((pk, str(code)) for pk, code in self.rows.values_list("pk", field))

    def __missing__(self, pk):
        self[pk] = str(self.rows.values_list(self.field, flat=True).get(pk=pk))
        return self[pk]


class LabelListWidget(CodeListWidget):
    """A many-to-many to a taxonomy, written as its labels separated by ";":
    "Accompagnement; Interpellation". A label is matched the way the CAI's cards type it
    ("Equipe" for "Équipe": cai.models.label_key) and written in the taxonomy's order."""

    def __init__(self, model, *, unknown, **kwargs):
        super().__init__(model, field="name", unknown=unknown, **kwargs)
        self._by_key = None

    def terms(self):
        if self._by_key is None:
            self._by_key = {label_key(term.name): term for term in self.model.objects.all()}
        return self._by_key

    def codes(self, value):
        labels = (cell_text(label) for label in cell_text(value).split(";"))
        return list(dict.fromkeys(filter(None, labels)))

    def prepare(self, column, rows):
        self.terms()

    def objects(self, labels):
        found = [self.terms().get(label_key(label)) for label in labels]
        missing = [label for label, term in zip(labels, found, strict=True) if term is None]
        if missing:
            raise ValueError(self.unknown % {"value": "; ".join(missing)})
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        items = value.all() if hasattr(value, "all") else value
        return "; ".join(term.name for term in sorted(items, key=taxonomy_order))

    def formatter(self):
        terms = {term.pk: term for term in self.terms().values()}
        return lambda pks: neutralise(self.render([terms[pk] for pk in pks]))

    def describe(self):
        return _("Les libellés de la taxonomie du CAI, séparés par « ; ».")


def taxonomy_order(term):
    """A term's place on the CAI's cards: its group, then its position."""
    return (getattr(term, "group", ""), term.position, term.name)
