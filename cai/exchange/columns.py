"""The columns of an exchanged file, one declaration each in an app's resources.py.

    title = columns.text("title", "intitulé", _("Intitulé de l'action."))

Each column has a header (the file format: the same in every language of the interface, so
that a file exported by one coordinator imports for any other), the model attribute it
reads and writes, and a French description for the data dictionary. Foreign keys and
many-to-many relations are written as codes, never as database ids.
"""

from collections import defaultdict

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef
from django.db.models.fields import NOT_PROVIDED
from import_export import fields

from . import widgets


class Field(fields.Field):
    """A column of an exchanged file: its header, what it means, how its cells read."""

    def __init__(self, attribute, column_name, widget, description, **kwargs):
        super().__init__(attribute=attribute, column_name=column_name, widget=widget, **kwargs)
        self.description = description

    def describe(self):
        describe_values = getattr(self.widget, "describe", None)
        return f"{self.description} {describe_values()}" if describe_values else self.description

    def export_path(self):
        """What a large export reads for this column with values_list(); the widget's
        formatter() writes it."""
        return self.attribute


class ReferenceField(Field):
    """A foreign key column. Rows read in bulk share the object they point to, fetched once
    (select_related would build one copy per row)."""

    def load(self, instances):
        field = type(instances[0])._meta.get_field(self.attribute)
        wanted = {getattr(instance, field.attname) for instance in instances} - {None}
        self.widget.remember(wanted)
        for instance in instances:
            target = self.widget.known.get(getattr(instance, field.attname))
            if target is not None:
                setattr(instance, self.attribute, target)

    def export_path(self):
        return f"{self.attribute}__{self.widget.field}"


class RelatedCodesField(Field):
    """A many-to-many column. Its cells are checked with the rest of the line and written
    after the row is saved, only where they change something.

    The links of rows read in bulk are fetched for a whole chunk of rows in one query on the
    link table: Django's prefetch_related builds one queryset per row, which costs more
    than the rest of an export.
    """

    def relation(self, model):
        """The link table and the names of its two columns."""
        field = model._meta.get_field(self.attribute)
        return field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()

    def load(self, instances):
        through, source, target = self.relation(type(instances[0]))
        pairs = (
            through.objects.filter(**{f"{source}__in": [instance.pk for instance in instances]})
            .order_by()
            .values_list(f"{source}_id", f"{target}_id")
        )
        self.store(instances, pairs)

    def store(self, instances, pairs, make=lambda target, *extra: target):
        """Keeps on each row its links: (row id, target id, *extra) → make(target, *extra)."""
        pairs = list(pairs)
        self.widget.remember({pair[1] for pair in pairs})
        links = defaultdict(list)
        for source_pk, target_pk, *extra in pairs:
            links[source_pk].append(make(self.widget.known[target_pk], *extra))
        for instance in instances:
            exchange_state(instance)["links"][self.attribute] = links[instance.pk]

    def linked(self, instance):
        """What the row is linked to in the database."""
        links = instance.__dict__.get("_exchange", {}).get("links", {})
        if self.attribute in links:
            return links[self.attribute]
        if instance.pk is None:
            return []  # a new row has no links yet (and asking would raise)
        return self.query_links(instance)

    def query_links(self, instance):
        """The links of one row, for a row not read in bulk (a list's own queryset)."""
        return list(getattr(instance, self.attribute).all())

    # A large export reads plain values, not objects: see ExchangeResource.export_cells().

    def exported_links(self, model):
        """The link table, its column naming the row, and what an export reads of each link:
        the linked row's pk, which the widget's formatter() writes as its code."""
        through, source, target = self.relation(model)
        return through, source, F(target)

    def links_subquery(self, model):
        """What an export reads of a row's links, read with the row (PostgreSQL):
        ARRAY(SELECT …), in no order (the widget's formatter sorts the codes)."""
        through, source, value = self.exported_links(model)
        links = through._default_manager.filter(**{source: OuterRef("pk")}).order_by()
        return ArraySubquery(links.values_list(value))

    def links_by_row(self, model, pks, using):
        """What an export reads of the links of these rows, in one query: {pk: [value…]}."""
        through, source, value = self.exported_links(model)
        links = through._default_manager.using(using).filter(**{f"{source}__in": pks})
        found = defaultdict(list)
        for pk, link in links.order_by().values_list(source, value):
            found[pk].append(link)
        return found

    def get_value(self, instance):
        pending = instance.__dict__.get("_exchange", {}).get("pending", {})
        return pending[self.attribute] if self.attribute in pending else self.linked(instance)

    def hold(self, instance, row):
        exchange_state(instance)["pending"][self.attribute] = self.clean(row)

    def current(self, instance):
        """The links of a row before the file; a row the file creates has none to ask for."""
        return [] if exchange_state(instance)["new"] else self.linked(instance)

    def write(self, instance, objects, new_links):
        """Remove the links the file dropped now; keep the new ones for one bulk insert
        (a new row may get its id only then, when its resource saves in bulk)."""
        through, source, target = self.relation(type(instance))
        current = {obj.pk for obj in self.current(instance)}
        wanted = {obj.pk for obj in objects}
        if current - wanted:
            through.objects.filter(
                **{source: instance.pk, f"{target}__in": current - wanted}
            ).delete()
        new_links[through].extend(
            (instance, f"{source}_id", {f"{target}_id": pk}) for pk in wanted - current
        )


def exchange_state(instance):
    """What the import notes on a row: whether it is new, its values before the file, the
    links it will have, which of its fields the file changed."""
    return instance.__dict__.setdefault(
        "_exchange",
        {"new": instance.pk is None, "before": None, "pending": {}, "links": {}, "changed": None},
    )


def text(attribute, column, description):
    return Field(attribute, column, widgets.TextWidget(), description)


def integer(attribute, column, description, default=NOT_PROVIDED):
    return Field(attribute, column, widgets.IntegerWidget(), description, default=default)


def decimal(attribute, column, description):
    return Field(attribute, column, widgets.DecimalWidget(), description)


def date(attribute, column, description):
    return Field(attribute, column, widgets.DateWidget(), description)


def boolean(attribute, column, description, default):
    return Field(attribute, column, widgets.BooleanWidget(), description, default=default)


def choice(attribute, column, choices, description, default=NOT_PROVIDED):
    return Field(attribute, column, widgets.ChoiceWidget(choices), description, default=default)


def reference(attribute, column, model, description, *, unknown, field="code", scope=None):
    """A foreign key, written as the code of the row it points to."""
    widget = widgets.CodeWidget(model, field, unknown=unknown, scope=scope)
    return ReferenceField(attribute, column, widget, description)


def references(attribute, column, model, description, *, unknown, field="code"):
    """A many-to-many relation, written as codes separated by commas."""
    widget = widgets.CodeListWidget(model, field, unknown=unknown)
    return RelatedCodesField(attribute, column, widget, description)


def context(attribute, column, description):
    """A column written on export and read on import only by another column's widget: the
    plan code that makes an action code unique, for instance."""
    return Field(attribute, column, widgets.TextWidget(), description, readonly=True)
