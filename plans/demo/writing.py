"""How the demo writes its rows: fast enough for a million updates, in little memory.

Rows that later stages point to (plans, actions, meetings…) are model instances written with
bulk_create, which gives them their ids. Rows nothing points to (updates, links, attendance)
are plain tuples, written as they are drawn and never kept: on PostgreSQL through COPY,
which loads them ten times faster than INSERT, elsewhere by bulk_create a batch at a time.
"""

import itertools

from django.db import connection
from django.db.models import NOT_PROVIDED
from django.utils import timezone

BATCH_SIZE = 2000


def bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def write_rows(model, fields, rows):
    """Write `rows`, tuples of values for the attributes `fields`, without keeping them.

    Every other column takes its model default, as a save would give it: a field added to
    the model later is filled without changing the demo. Returns the number of rows.
    """
    if connection.vendor == "postgresql":
        return _copy(model, fields, rows)
    count = 0
    for batch in batches(rows):
        model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in batch])
        count += len(batch)
    return count


def link(descriptor, pairs):
    """Fill a many-to-many table from (source, target) pairs of saved rows."""
    field = descriptor.field
    fields = [f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"]
    return write_rows(descriptor.through, fields, ((a.pk, b.pk) for a, b in pairs))


def batches(rows, size=BATCH_SIZE):
    rows = iter(rows)
    while batch := list(itertools.islice(rows, size)):
        yield batch


def _copy(model, fields, rows):
    given = [model._meta.get_field(name) for name in fields]
    others = [(f, value) for f, value in _defaults(model) if f not in given]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in given + [f for f, _ in others])
    table = connection.ops.quote_name(model._meta.db_table)
    rest = tuple(f.get_db_prep_save(value, connection) for f, value in others)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row + rest)
            count += 1
    return count


def _defaults(model):
    """(field, value) for each column a save would fill by itself, as it would fill it."""
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if field is model._meta.auto_field or getattr(field, "generated", False):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            yield field, now
        elif field.has_default() or field.db_default is NOT_PROVIDED:
            yield field, field.get_default()
        # else: the database fills it (db_default)
