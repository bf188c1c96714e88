"""The admin's action form: choices that follow the chosen plan, and no silent overwrite.

A plan is read against one rights grid and has its own objectives. The form lists the
objectives and axes grouped by plan and by grid, each option tagged with its plan or grid, so
that static/admin-cai/action-form.js can hide the others when the plan changes; without
scripts the groups show which plan each choice belongs to, and Action.clean() refuses a wrong
pick with a French sentence.
"""

from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Action


class TaggedSelect(forms.Select):
    """A select whose options carry one data attribute read from their object (`tag`)."""

    def __init__(self, *args, tag=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tag = tag

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if self.tag and instance is not None:
            attribute, read = self.tag
            option["attrs"][attribute] = read(instance)
        return option


class GroupedChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for group, rows in groupby(self.queryset, key=self.field.group_of):
            yield (str(group), [self.choice(row) for row in rows])


class GroupedChoiceField(forms.ModelChoiceField):
    """A foreign-key choice shown in groups (`group_of`, the queryset ordered by it)."""

    iterator = GroupedChoiceIterator

    def __init__(self, queryset, *, group_of, tag, **kwargs):
        kwargs["widget"] = TaggedSelect(tag=tag)
        super().__init__(queryset, **kwargs)
        self.group_of = group_of


class ObjectiveChoiceField(GroupedChoiceField):
    def __init__(self, queryset, **kwargs):
        tag = ("data-plan", lambda objective: objective.plan_id)
        super().__init__(queryset, group_of=lambda o: o.plan, tag=tag, **kwargs)

    def label_from_instance(self, objective):
        # The closed select shows the option alone: it names the plan too.
        return f"{objective.code} — {objective.title} ({objective.plan.code})"


class AxisChoiceField(GroupedChoiceField):
    def __init__(self, queryset, **kwargs):
        tag = ("data-framework", lambda axis: axis.framework_id)
        super().__init__(queryset, group_of=lambda a: a.framework, tag=tag, **kwargs)


class PlanChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        kwargs["widget"] = TaggedSelect(tag=("data-framework", lambda plan: plan.framework_id))
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, plan):
        return f"{plan.title} ({plan.code})"


class UnlabelledHiddenInput(forms.HiddenInput):
    """A hidden input the admin's fieldset does not point a label at (a label for a hidden
    control is invalid HTML)."""

    def id_for_label(self, id_):
        return ""


class ActionAdminForm(forms.ModelForm):
    """Refuses to save over a change made since the form was opened (two people editing the
    same action): the second save is refused with who changed it and when."""

    opened_version = forms.IntegerField(widget=UnlabelledHiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        # The admin saves inside a transaction: the lock holds the row until it commits.
        current = (
            Action.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is not None and cleaned_data.get("opened_version") != current:
            raise ValidationError(self.edited_meanwhile_message(), code="edited_meanwhile")
        return cleaned_data

    def edited_meanwhile_message(self):
        change = self.instance.history.order_by("-history_date").first()
        params = {"who": _("quelqu'un d'autre"), "when": ""}
        if change is not None:
            params["when"] = date_format(change.history_date, "DATETIME_FORMAT")
            if change.history_user is not None:
                params["who"] = change.history_user.get_full_name() or change.history_user
        return (
            _(
                "Cette action a été modifiée par %(who)s (%(when)s) depuis que vous l'avez "
                "ouverte. Vos modifications n'ont pas été enregistrées : ouvrez l'action à "
                "nouveau pour voir la version actuelle, puis refaites vos changements."
            )
            % params
        )
