"""The base resource of every exchanged model: business keys, French errors, all or nothing.

A resource lists its columns explicitly, each with a French description (the data
dictionary), and names the columns that identify a row (`Meta.import_id_fields`): a plan code
and an action code, a diagnostic code and a finding code… never a database id. On import:

- the header line is checked first: a misspelt or missing column stops the file before any
  line is read, instead of being silently ignored;
- every code the file mentions is fetched in one query per table, and the existing rows of
  the whole file in a few queries (BusinessKeyLoader);
- each error names its line as Excel shows it (the header is line 1) and its column;
- two lines with the same key are an error, not a silent overwrite;
- unchanged lines are reported as such and not written;
- the import runs in one transaction that is rolled back if any line is wrong.

On export the same columns are written, so that an exported file, edited in a spreadsheet,
imports back onto the same rows. A large CSV export (the admin's streamed download) writes
the same text without building a model instance per row (export_cells).
"""

import operator
from collections import defaultdict
from functools import cached_property, partial
from html import escape

from diff_match_patch import diff_match_patch
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections
from django.db.models import CheckConstraint
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Error, RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cai.spreadsheets import Column

from . import widgets
from .columns import ReferenceField, RelatedCodesField, exchange_state
from .formats import SpreadsheetError
from .rules import constraint_fields, holds

IMPORT_CHANGE_REASON = _("Import d'un tableur")
OUTSIDE_YOUR_PLANS = _(
    "Cette ligne concerne un plan que vous ne suivez pas : demandez à un administrateur de "
    "vous ajouter à son équipe, ou retirez la ligne du fichier."
)

# --- Finding the existing rows ---------------------------------------------------------------


class BusinessKeyLoader(BaseInstanceLoader):
    """Loads the existing rows of a whole file in a few queries, matched on business keys.

    django-import-export's default loader runs one SELECT per line; this one asks for all
    the keys of the file at once (in chunks), with what the preview and the export need.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.existing = defaultdict(list)
        attnames = resource.key_attnames()
        for chunk in widgets.chunks(sorted({key for key in resource.row_keys if key})):
            found = list(
                resource.get_queryset().filter(widgets.matching(attnames, chunk)).order_by()
            )
            resource.load_related(found)
            for obj in found:
                self.existing[resource.key_of(obj)].append(obj)

    def get_instance(self, row):
        key = self.resource.row_key(row)
        matches = self.existing.get(key, []) if key else []
        if len(matches) > 1:
            raise ValidationError(
                _(
                    "%(count)d lignes existantes portent cette clé : corrigez-les dans "
                    "l'administration avant d'importer."
                )
                % {"count": len(matches)}
            )
        return matches[0] if matches else None


# --- The resource ----------------------------------------------------------------------------


def has_history(model):
    """Whether django-simple-history records this model's changes."""
    return getattr(model._meta, "simple_history_manager_attribute", None) is not None


class ExchangeResource(resources.ModelResource):
    """What every exchanged model shares; subclasses declare columns and keys."""

    # What a row needs for the preview and the export and no column loads: the plan of an
    # update's action, for instance. Fetched with the row.
    select_related = ()
    # The fields the model's clean() reads, when it is worth saying: a changed row whose
    # file changed none of them is not cleaned again (clean() may cost a query a row).
    clean_reads = None
    # How a row reaches its plan ("plan_id", "action.plan_id"), for people who may change
    # only some plans: rows outside them are refused (plans.access). None: not under a plan.
    plan_path = None

    class Meta:
        instance_loader_class = BusinessKeyLoader
        use_transactions = True  # all or nothing, whatever the settings say
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        # django-import-export compares each row with a deep copy of it, which costs more
        # than the rest of the import together. This resource keeps instead the row's
        # exported values from before the file (after_init_instance) and builds the
        # preview's diff from them and the saved row (after_import_row), which it keeps.
        skip_diff = True
        store_instance = True
        chunk_size = widgets.CHUNK_SIZE

    def __init__(self, editable_plans=None, **kwargs):
        super().__init__(**kwargs)
        self.editable_plans = editable_plans  # None: every plan
        self.row_keys = []
        self.duplicates = {}
        self.new_links = defaultdict(list)

    # --- queries

    def get_queryset(self):
        return self.with_related(self._meta.model._default_manager.all())

    def with_related(self, queryset):
        # Never select_related() without names: that would follow every foreign key.
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def load_related(self, instances):
        """The objects and links a chunk of rows points to, in one query per column."""
        if instances:
            for field in self.fields.values():
                if isinstance(field, ReferenceField | RelatedCodesField):
                    field.load(instances)

    # --- columns, asked for on every line: worked out once

    @cached_property
    def import_fields(self):
        return super().get_import_fields()

    def get_import_fields(self):
        return self.import_fields

    @cached_property
    def columns_by_model_field(self):
        return {
            field.attribute.split("__")[0]: field.column_name
            for field in self.import_fields
            if not field.readonly
        }

    # --- keys

    def key_fields(self):
        return [self.fields[name] for name in self.get_import_id_fields()]

    def key_attnames(self):
        opts = self._meta.model._meta
        return [opts.get_field(field.attribute).attname for field in self.key_fields()]

    def key_of(self, obj):
        return tuple(getattr(obj, name) for name in self.key_attnames())

    def row_key(self, row):
        """The key of a line, as database values; None if a part is missing or unknown."""
        key = []
        for field in self.key_fields():
            try:
                value = field.clean(row)
            except (ValueError, KeyError):
                return None
            if value is None or value == "":
                return None
            key.append(getattr(value, "pk", value))
        return tuple(key)

    def required_columns(self):
        """The key columns, and the scope a key's code is unique in (the plan of an action)."""
        columns = []
        for field in self.key_fields():
            columns.append(field.column_name)
            if getattr(field.widget, "scope_column", None):
                columns.append(field.widget.scope_column)
        return list(dict.fromkeys(columns))

    # --- the file as a whole

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, *args, **kw):
        problem = self.check_headers(dataset)
        if problem:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            result.append_base_error(Error(SpreadsheetError(problem)))
            return result
        return super().import_data_inner(
            dataset, dry_run, raise_errors, using_transactions, *args, **kw
        )

    def check_headers(self, dataset):
        """Renames the headers to their exact spelling; a French sentence if they are wrong."""
        known = {field.column_name.casefold(): field.column_name for field in self.fields.values()}
        headers = [known.get((h or "").strip().casefold(), h) for h in dataset.headers or []]
        unknown = [h or _("(sans titre)") for h in headers if h not in known.values()]
        missing = [column for column in self.required_columns() if column not in headers]
        doubled = sorted({header for header in headers if headers.count(header) > 1})
        problems = []
        if missing:
            problems.append(_("colonnes manquantes : %(columns)s") % {"columns": quoted(missing)})
        if unknown:
            problems.append(_("colonnes inconnues : %(columns)s") % {"columns": quoted(unknown)})
        if doubled:
            problems.append(_("colonnes en double : %(columns)s") % {"columns": quoted(doubled)})
        if problems:
            return _("Ligne 1 (en-têtes) : %(problems)s. Colonnes attendues : %(columns)s.") % {
                "problems": " ; ".join(str(problem) for problem in problems),
                "columns": quoted(field.column_name for field in self.import_fields),
            }
        dataset.headers = headers
        return None

    def before_import(self, dataset, **kwargs):
        rows = [dict(zip(dataset.headers, values, strict=True)) for values in dataset]
        for field in self.import_fields:
            if field.column_name in dataset.headers and hasattr(field.widget, "prepare"):
                field.widget.prepare(field.column_name, rows)
        self.row_keys = [self.row_key(row) for row in rows]
        self.duplicates, first_line = {}, {}
        for number, key in enumerate(self.row_keys, start=1):
            if key in first_line:
                self.duplicates[number] = first_line[key]
            elif key:
                first_line[key] = line_of(number)
        self.new_links.clear()

    def after_import(self, dataset, result, **kwargs):
        for through, links in self.new_links.items():
            rows = [through(**{source: row.pk}, **values) for row, source, values in links]
            through.objects.bulk_create(rows, batch_size=widgets.CHUNK_SIZE)
        self.new_links.clear()
        super().after_import(dataset, result, **kwargs)

    # --- each line, around django-import-export's own steps

    def import_row(self, row, instance_loader, **kwargs):
        if all(widgets.cell_text(value) == "" for value in row.values()):
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, row_number=None, **kwargs):
        if row_number in self.duplicates:
            raise ValidationError(
                _("cette ligne répète la clé %(key)s de la ligne %(line)d.")
                % {
                    "key": quoted(widgets.cell_text(row.get(c)) for c in self.required_columns()),
                    "line": self.duplicates[row_number],
                }
            )

    def after_init_instance(self, instance, new, row, **kwargs):
        state = exchange_state(instance)
        state["new"] = new
        state["before"] = self.exported_values(instance)

    def exported_values(self, instance):
        return [field.export(instance) for field in self.import_fields]

    def import_instance(self, instance, row, **kwargs):
        """Reads every cell of the line; errors are keyed by column, many-to-many cells are
        checked now and written after the save."""
        opts = self._meta.model._meta
        before = {f.attname: getattr(instance, f.attname) for f in opts.concrete_fields}
        errors = {}
        for field in self.import_fields:
            if field.readonly or field.column_name not in row:
                continue
            try:
                if isinstance(field, RelatedCodesField):
                    field.hold(instance, row)
                else:
                    field.save(instance, row, **kwargs)
            except ValueError as error:
                errors[field.column_name] = ValidationError(str(error), code="invalid")
        state = exchange_state(instance)
        if not state["new"]:
            state["changed"] = {
                f.name
                for f in opts.concrete_fields
                if getattr(instance, f.attname) != before[f.attname]
            }
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An existing row whose every imported cell is unchanged is not written again."""
        state = exchange_state(instance)
        if import_validation_errors or state["new"]:
            return False
        return self.exported_values(instance) == state["before"]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own rules, each error under the column it concerns.

        Foreign keys the widgets resolved exist already; uniqueness is the business key,
        which the loader and the duplicate check have settled: neither is asked again.
        The check constraints are, as they carry the French wording.
        """
        errors = dict(import_validation_errors or {})
        columns = self.columns_by_model_field
        opts = self._meta.model._meta
        exclude = {name for name, column in columns.items() if column in errors}
        exclude |= {
            f.name for f in opts.concrete_fields if f.is_relation and getattr(instance, f.attname)
        }
        found = {}
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            found = error.update_error_dict(found)
        if self.needs_model_clean(instance):
            try:
                instance.clean()
            except ValidationError as error:
                found = error.update_error_dict(found)
        self.check_constraints(instance, set(found) | set(exclude), found)
        if not self.is_in_editable_plans(instance):
            found.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(OUTSIDE_YOUR_PLANS, code="outside_your_plans")
            )
        for name, messages in found.items():
            errors.setdefault(columns.get(name, name), []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def is_in_editable_plans(self, instance):
        if self.editable_plans is None or self.plan_path is None:
            return True
        return bool(self.plan_ids_of(instance) & set(self.editable_plans))

    def plan_ids_of(self, instance):
        value = instance
        for attribute in self.plan_path.split("."):
            value = getattr(value, attribute, None)
        return {value}

    def needs_model_clean(self, instance):
        """Model.clean() runs for a new row, and for a changed one unless the resource says
        which fields it reads (`clean_reads`) and the file changed none of them."""
        changed = exchange_state(instance)["changed"]
        return changed is None or self.clean_reads is None or bool(changed & self.clean_reads)

    def check_constraints(self, instance, refused, found):
        """The check constraints on values this file sets or changes, not again on a value
        already refused (rules.holds judges them)."""
        changed = exchange_state(instance)["changed"]
        checked = set(self.columns_by_model_field)
        if changed is not None:
            checked &= changed
        for constraint in self._meta.model._meta.constraints:
            if not isinstance(constraint, CheckConstraint):
                continue
            read = constraint_fields(constraint)
            if read & checked and not read & refused and not holds(constraint, instance):
                found.setdefault(NON_FIELD_ERRORS, []).append(
                    ValidationError(
                        constraint.get_violation_error_message(),
                        code=constraint.violation_error_code,
                    )
                )

    def save_m2m(self, instance, row, **kwargs):
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        pending = exchange_state(instance)["pending"]
        for field in self.import_fields:
            if isinstance(field, RelatedCodesField) and field.attribute in pending:
                field.write(instance, pending[field.attribute], self.new_links)

    def before_save_instance(self, instance, row, **kwargs):
        # The change history (django-simple-history) says who imported the line, and that it
        # came from a spreadsheet.
        self.import_user = kwargs.get("user")
        instance._history_user = self.import_user
        instance._change_reason = IMPORT_CHANGE_REASON
        super().before_save_instance(instance, row, **kwargs)

    # Resources with Meta.use_bulk write a thousand rows per query, their history with them.
    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        model = self._meta.model
        if not self.create_instances or not has_history(model):
            return super().bulk_create(
                using_transactions, dry_run, raise_errors, batch_size, result
            )
        if using_transactions or not dry_run:
            try:
                bulk_create_with_history(
                    self.create_instances, model, batch_size=batch_size, **self.history_defaults()
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
        self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        fields = self.get_bulk_update_fields()
        model = self._meta.model
        if not fields:  # the batch only changes links
            self.update_instances.clear()
            return
        if not has_history(model):
            return super().bulk_update(
                using_transactions, dry_run, raise_errors, batch_size, result
            )
        if self.update_instances and (using_transactions or not dry_run):
            if any(field.name == "version" for field in model._meta.concrete_fields):
                # Action.save() is skipped: the version moves on here (concurrent edits).
                for instance in self.update_instances:
                    instance.version += 1
                fields.append("version")
            try:
                bulk_update_with_history(
                    self.update_instances,
                    model,
                    fields,
                    batch_size=batch_size,
                    **self.history_defaults(),
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
        self.update_instances.clear()

    def history_defaults(self):
        return {
            "default_user": getattr(self, "import_user", None),
            "default_change_reason": str(IMPORT_CHANGE_REASON),
        }

    def get_bulk_update_fields(self):
        """The fields the rows of this batch change: bulk_update writes each of them for
        every row, so a file that only retitles actions writes only their titles."""
        changed = set().union(*(exchange_state(row)["changed"] for row in self.update_instances))
        return [
            field.name for field in self._meta.model._meta.concrete_fields if field.name in changed
        ]

    def after_import_row(self, row, row_result, **kwargs):
        instance = row_result.instance
        if instance is not None and row_result.import_type != RowResult.IMPORT_TYPE_DELETE:
            state = exchange_state(instance)
            row_result.diff = diff_html(
                state["before"], self.exported_values(instance), new=state["new"]
            )

    # --- export

    def spreadsheet_columns(self):
        """The columns of an export — exactly those of an import — with their meaning."""
        return [
            Column(field.column_name, field.describe(), partial(self.native_value, field))
            for field in self.get_export_fields()
        ]

    def native_value(self, field, obj):
        return field.export(obj, force_native_type=True)

    def export_rows(self, queryset):
        """The rows of an export, fetched a chunk at a time with what they point to: memory
        stays flat and queries are a few per chunk, whatever the number of rows."""
        # The columns load what they point to (load_related); a list's own select_related
        # would build it again for every row.
        rows = self.with_related(queryset.select_related(None)).iterator(widgets.CHUNK_SIZE)
        for chunk in widgets.batches(rows):
            self.load_related(chunk)
            yield from chunk

    def export_cells(self, queryset):
        """The rows of a CSV export as lists of text cells, a chunk of rows at a time: the
        text spreadsheet_columns() and as_text() give, at a fraction of the cost.

        Going through django-import-export, each cell of each row costs a Field.export(),
        a widget's render() and an as_text(); here each column is read as a plain value
        (values_list) and written by a function chosen once (the widget's formatter()).
        On PostgreSQL each row brings its links (one subquery per code list): one query for
        the rows, and one per code list for the codes of its table. Elsewhere a code list
        column reads the row's pk, replaced by its links a chunk at a time.
        """
        fields = self.get_export_fields()
        formatters = [field.widget.formatter() for field in fields]
        with_arrays = connections[queryset.db].vendor == "postgresql"
        rows = self.export_values(queryset, fields, with_arrays)
        for chunk in widgets.batches(rows.iterator(widgets.CHUNK_SIZE)):
            if not with_arrays:
                chunk = self.with_links(chunk, fields, queryset.db)
            yield [list(map(operator.call, formatters, row)) for row in chunk]

    def export_values(self, queryset, fields, with_arrays):
        """The queryset as values_list(), one value per export column."""
        model = self._meta.model
        names, arrays = [], {}
        for number, field in enumerate(fields):
            if not isinstance(field, RelatedCodesField):
                names.append(field.export_path())
            elif with_arrays:
                names.append(f"export_links_{number}")
                arrays[names[-1]] = field.links_subquery(model)
            else:
                names.append("pk")  # replaced by the row's links (with_links)
        return queryset.annotate(**arrays).values_list(*names)

    def with_links(self, chunk, fields, using):
        """A chunk of rows whose code list columns hold the row's pk, with the row's links
        instead: one query per code list column."""
        rows = [list(row) for row in chunk]
        for index, field in enumerate(fields):
            if isinstance(field, RelatedCodesField):
                pks = [row[index] for row in rows]
                links = field.links_by_row(self._meta.model, pks, using)
                for row in rows:
                    row[index] = links[row[index]]
        return rows


def diff_html(before, after, new):
    """The preview of a line: each cell, its change marked (what django-import-export shows)."""
    dmp = diff_match_patch()
    cells = []
    for old, value in zip(before, after, strict=True):
        old, value = str(old), str(value)
        if new and old != value:
            old = ""
        if old == value:
            cells.append(mark_safe(f"<span>{escape(value)}</span>" if value else ""))
            continue
        diff = dmp.diff_main(old, value)
        dmp.diff_cleanupSemantic(diff)
        cells.append(mark_safe(dmp.diff_prettyHtml(diff)))
    return cells


def line_of(row_number):
    """The line Excel shows for the n-th data row: the header is line 1."""
    return row_number + 1


def quoted(items):
    return ", ".join(f"« {item} »" for item in items)


def describe_problems(result):
    """Every error of an import result, one French sentence each, in the order of the file."""
    problems = [(0, str(error.error)) for error in result.base_errors]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            for message in messages:
                problems.append((row.number, cell_problem(row.number, column, message)))
    for row in result.error_rows:
        for error in row.errors:
            problems.append((row.number, cell_problem(row.number, NON_FIELD_ERRORS, error.error)))
    return [problem for _number, problem in sorted(problems, key=lambda item: item[0])]


def cell_problem(row_number, column, message):
    values = {"line": line_of(row_number), "column": column, "message": message}
    if column == NON_FIELD_ERRORS:
        return _("Ligne %(line)d : %(message)s") % values
    return _("Ligne %(line)d, colonne « %(column)s » : %(message)s") % values
