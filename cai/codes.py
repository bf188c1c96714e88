"""The natural order of codes: R-2 before R-10, A-1.2 before A-1.10.

Staff type codes with numbers in them ("R-10", "A-1.10", "ppli-2"); sorted as text they come
R-1, R-10, R-11, R-2. `CodeOrder("code")` is the sort key the database computes, so a
paginated list is ordered by the database and costs no extra query: every run of digits is
left-padded with zeros to eight digits ("A-1.10" sorts as "A-00000001.00000010"), which text
comparison then puts in numeric order, whatever the database's collation.
"""

import re

from django.db.models import F, Func, TextField

WIDTH = 8
_DIGITS = re.compile(r"\d+")


def code_sort_key(code):
    """The same key in Python, for rows sorted after they are read."""
    return _DIGITS.sub(lambda run: run.group().zfill(WIDTH), code)


class CodeOrder(Func):
    """Sort key of a code field, or of a related one ("plan__code")."""

    output_field = TextField()

    def __init__(self, field, **extra):
        super().__init__(F(field) if isinstance(field, str) else field, **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        # Eight zeros before every run of digits, then keep the last eight digits of each run
        # (a run already longer than eight keeps all its digits).
        template = (
            f"regexp_replace(regexp_replace(%(expressions)s, '([0-9]+)', '{'0' * WIDTH}\\1', 'g'),"
            f" '0*([0-9]{{{WIDTH}}})', '\\1', 'g')"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="CAI_CODE_SORT_KEY", **extra_context)

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor not in ("postgresql", "sqlite") and "template" not in extra_context:
            raise NotImplementedError(f"CodeOrder has no SQL for {connection.vendor}.")
        return super().as_sql(compiler, connection, **extra_context)


def add_sqlite_function(sender, connection, **kwargs):
    """SQLite has no regexp_replace: each new SQLite connection gets the Python key as a
    function (cai.apps connects this to connection_created)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "CAI_CODE_SORT_KEY", 1, _key_or_none, deterministic=True
        )


def _key_or_none(code):
    return None if code is None else code_sort_key(code)
