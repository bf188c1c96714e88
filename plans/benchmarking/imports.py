"""Imports through the admin's own resources (django-import-export), in rows per second.

The file imported is the admin's export of existing rows, changed so that every line makes a
new row: actions under new codes, updates of existing actions on a new date. Each file is
previewed (a dry run), then confirmed, inside a transaction rolled back at the end: the
database is left as it was found.
"""

import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cai.exchange.formats import CSV
from cai.exchange.resources import describe_problems
from cai.spreadsheets import Column, csv_bytes
from plans.models import Action, ActionUpdate
from plans.resources import ActionResource, ActionUpdateResource

from . import Row
from .exports import QueryCounter

SECTION = gettext_lazy("import")
NEW_CODE_PREFIX = "BENCH-"


def measure_imports(rows):
    """Rows per second of a preview and of a confirmed import of `rows` actions, then of
    `rows` updates."""
    with transaction.atomic():
        user = get_user_model().objects.create_superuser(username="benchmark-import", password=None)
        results = [
            *import_file(ActionResource, new_actions_csv(rows), _("actions"), user),
            *import_file(ActionUpdateResource, new_updates_csv(rows), _("points"), user),
        ]
        transaction.set_rollback(True)
    return results


def new_actions_csv(rows):
    """Existing actions exported again under new codes: the import creates them."""
    max_length = Action._meta.get_field("code").max_length
    actions = Action.objects.order_by("pk")[:rows]
    return csv_of(
        ActionResource(), actions, code=lambda code: f"{NEW_CODE_PREFIX}{code}"[:max_length]
    )


def new_updates_csv(rows):
    """The latest update of existing actions, reported again today: the import adds an
    update to each action, which moves its status as a coordinator's would."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by(*ActionUpdate.LATEST_FIRST)
    ids = Action.objects.order_by("pk").values_list(Subquery(latest.values("pk")[:1]), flat=True)
    updates = ActionUpdate.objects.filter(pk__in=[pk for pk in ids[:rows] if pk])
    today = timezone.localdate()
    return csv_of(ActionUpdateResource(), updates, reported_on=lambda _day: today)


def csv_of(resource, queryset, **changes):
    """The admin's CSV export of these rows, some columns changed (by model attribute)."""
    columns = []
    for column in resource.spreadsheet_columns():
        field = next(f for f in resource.fields.values() if f.column_name == column.header)
        change = changes.get(field.attribute)
        if change:
            column = Column(column.header, column.description, _changed(column, change))
        columns.append(column)
    return csv_bytes(columns, resource.export_rows(queryset))


def _changed(column, change):
    return lambda row: change(column.cell(row))


def import_file(resource_class, content, label, user):
    dataset = CSV().create_dataset(content)
    results = []
    for dry_run, step in [(True, _("aperçu")), (False, _("import confirmé"))]:
        counter = QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            result = resource_class().import_data(
                dataset,
                dry_run=dry_run,
                rollback_on_validation_errors=True,
                retain_instance_in_row_result=True,
                user=user,
            )
        seconds = time.perf_counter() - started
        results.append(import_row(f"{label} : {step}", len(dataset), seconds, counter, result))
    return results


def import_row(what, lines, seconds, counter, result):
    if result.has_errors() or result.has_validation_errors():
        problems = describe_problems(result)
        other = _("échec, %(count)d erreurs : %(first)s") % {
            "count": len(problems),
            "first": " | ".join(problems[:2]),
        }
        return Row(SECTION, what, counter.count, other=other, met=False)
    other = _("%(lines)d lignes en %(seconds).1f s : %(rate).0f lignes/s") % {
        "lines": lines,
        "seconds": seconds,
        "rate": lines / seconds,
    }
    return Row(SECTION, what, counter.count, other=other)
