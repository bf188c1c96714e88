"""Check constraints judged in Python, with the database's own rules.

Django validates a check constraint by asking the database: a query (and a savepoint) per
constraint and row, a third of the time of a large import. The plain conditions of this
project — a field compared with a value or with another field, isnull — are evaluated here
with SQL's three-valued logic (a comparison with NULL is unknown, and an unknown check
passes); anything else is still asked of the database.
"""

import operator

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q


def constraint_fields(constraint):
    """The model fields a check constraint reads."""
    names = set()
    pending = [constraint.condition]
    while pending:
        node = pending.pop()
        if isinstance(node, Q):
            pending.extend(node.children)
        elif isinstance(node, tuple):
            names.add(node[0].split("__")[0])
            pending.append(node[1])
        elif isinstance(node, F):
            names.add(node.name.split("__")[0])
        elif hasattr(node, "get_source_expressions"):
            pending.extend(node.get_source_expressions())
    return names


def holds(constraint, instance):
    """Whether a row satisfies a check constraint."""
    try:
        return evaluate(constraint.condition, instance) is not False
    except NotImplementedError:
        try:
            constraint.validate(type(instance), instance)
        except ValidationError:
            return False
        return True


COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def evaluate(node, instance):
    """True, False or None (unknown) for a Q condition on one row."""
    if isinstance(node, Q):
        results = [evaluate(child, instance) for child in node.children]
        if node.connector == Q.AND:
            result = False if False in results else (None if None in results else True)
        else:
            result = True if True in results else (None if None in results else False)
        return (None if result is None else not result) if node.negated else result
    if not isinstance(node, tuple):
        raise NotImplementedError
    lookup, expected = node
    name, _sep, kind = lookup.partition("__")
    value = column_value(instance, name)
    if isinstance(expected, F):
        expected = column_value(instance, expected.name)
    if kind == "isnull":
        return (value is None) == expected
    comparison = COMPARISONS.get(kind or "exact")
    if comparison is None or hasattr(expected, "resolve_expression"):
        raise NotImplementedError
    if value is None or expected is None:
        return None
    return comparison(value, expected)


def column_value(instance, name):
    try:
        return getattr(instance, instance._meta.get_field(name).attname)
    except FieldDoesNotExist:
        raise NotImplementedError from None  # "pk", a transform…: the database decides
