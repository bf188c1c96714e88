"""Frozen reports in the admin: read-only, with their stored files to download.

Registered from PlansConfig.ready() so that it lives with the reporting code.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cai.admin import CaiAdmin

from ..models import FrozenReport

FROZEN_LINKS = [
    ("html", _("HTML")),
    ("pdf", _("PDF")),
    ("csv", _("CSV")),
    ("dictionnaire", _("dictionnaire")),
    ("xlsx", _("XLSX")),
]


@admin.register(FrozenReport)
class FrozenReportAdmin(CaiAdmin, admin.ModelAdmin):
    list_display = ["plan", "year", "frozen_by", "frozen_at", "downloads"]
    list_filter = ["year", ("plan", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["plan", "frozen_by"]
    search_fields = ["plan__code", "plan__title"]
    fields = ["plan", "year", "frozen_by", "frozen_at", "downloads"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).without_files()

    # What the plenary received is never rewritten; only a superuser may remove a mistake.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("fichiers figés"))
    def downloads(self, frozen):
        links = [
            (
                reverse("admin:plans_plan_report_frozen", args=[frozen.plan_id, frozen.year, key]),
                label,
            )
            for key, label in FROZEN_LINKS
        ]
        compare = reverse("admin:plans_plan_report_compare", args=[frozen.plan_id, frozen.year])
        return format_html(
            '{} · <a href="{}">{}</a>',
            format_html_join(" · ", '<a href="{}">{}</a>', links),
            compare,
            _("comparer"),
        )
