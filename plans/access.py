"""Who may change what in the admin, plan by plan.

Roles (cai.roles) say what kind of rows a person may change; the plans they are assigned to
(Plan.team) say which ones. A coordinator or a staff member changes what lies under their
plans and only reads the rest; administrators change everything. Each admin class of a row
that lies under a plan says how to reach the plan (`plan_lookups`).
"""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cai.roles import is_administrator

from .models import Plan


def editable_plan_ids(request):
    """The ids of the plans this person may change, or None when they may change all."""
    if not hasattr(request, "_editable_plan_ids"):
        user = request.user
        request._editable_plan_ids = (
            None
            if is_administrator(user)
            else set(Plan.objects.assigned_to(user).values_list("pk", flat=True))
        )
    return request._editable_plan_ids


class FollowedPlansFilter(admin.SimpleListFilter):
    """Lists open on the plans the person follows (Plan.team); "Tous les plans" shows all.

    Someone who follows no plan (an administrator, most often) sees everything at once.
    """

    title = _("plans suivis")
    parameter_name = "suivis"
    ALL = "tous"

    def lookups(self, request, model_admin):
        return [(self.ALL, _("Tous les plans"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() != self.ALL,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Les plans que je suis"),
        }
        yield {
            "selected": self.value() == self.ALL,
            "query_string": changelist.get_query_string({self.parameter_name: self.ALL}),
            "display": _("Tous les plans"),
        }

    def queryset(self, request, queryset):
        followed = followed_plan_ids(request)
        if self.value() == self.ALL or not followed:
            return queryset
        rows = queryset.model._default_manager.filter(self.model_admin.under_plans(followed))
        return queryset.filter(pk__in=rows.values("pk"))

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)


def followed_plan_ids(request):
    """The ids of the plans this person is in the team of (administrators included)."""
    if not hasattr(request, "_followed_plan_ids"):
        followed = Plan.objects.assigned_to(request.user).values_list("pk", flat=True)
        request._followed_plan_ids = set(followed)
    return request._followed_plan_ids


class PlanScopedAdmin:
    """Admin mixin for rows under a plan: changing and deleting them needs the plan.

    `plan_lookups` are the paths from the row to its plan ("pk" for a plan itself); a row
    reached by several paths (a meeting: its plan, or the plans of its space) is under each.
    Its lists open on the plans the person follows (FollowedPlansFilter).
    """

    plan_lookups = ("plan",)

    def get_list_filter(self, request):
        return [FollowedPlansFilter, *super().get_list_filter(request)]

    def read_only_reason(self, request, obj):
        if not super().has_change_permission(request, obj):
            return super().read_only_reason(request, obj)
        return _(
            "Lecture seule : cette fiche relève d'un plan que vous ne suivez pas ; seule "
            "l'équipe du CAI de ce plan peut la modifier."
        )

    def under_plans(self, ids):
        """A filter for the rows under these plans."""
        condition = Q()
        for lookup in self.plan_lookups:
            condition |= Q(**{f"{lookup}__in": ids})
        return condition

    def is_under_editable_plan(self, request, obj):
        ids = editable_plan_ids(request)
        if ids is None or obj is None or obj.pk is None:
            return True
        cache = request.__dict__.setdefault("_editable_rows", {})
        key = (obj._meta.label, obj.pk)
        if key not in cache:
            rows = self.model._default_manager.filter(pk=obj.pk)
            cache[key] = rows.filter(self.under_plans(ids)).exists()
        return cache[key]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.is_under_editable_plan(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.is_under_editable_plan(
            request, obj
        )

    def get_import_resource_kwargs(self, request, **kwargs):
        # Spreadsheet imports (cai.exchange): lines outside the person's plans are refused.
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        return {**kwargs, "editable_plans": editable_plan_ids(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A new row can only be put under one of the person's plans: the choices of the
        # field a plan lookup starts with ("action" of "action__plan") are narrowed to them.
        ids = editable_plan_ids(request)
        if ids is not None and "queryset" not in kwargs:
            condition = Q()
            for lookup in self.plan_lookups:
                field, _, rest = lookup.partition("__")
                if field == db_field.name:
                    condition |= Q(**{f"{rest or 'pk'}__in": ids})
            if condition:
                related = db_field.remote_field.model._default_manager
                kwargs["queryset"] = related.filter(condition).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PlanScopedInline:
    """Inline mixin: rows shown inside a parent may change only when the parent may."""

    def parent_may_change(self, request, obj):
        parent_admin = self.admin_site._registry.get(self.parent_model)
        if parent_admin is None or not hasattr(parent_admin, "is_under_editable_plan"):
            return True
        return parent_admin.is_under_editable_plan(request, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self.parent_may_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.parent_may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.parent_may_change(request, obj)
