from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cai.admin import (
    AccessibleWidgets,
    CaiAdmin,
    LargeTableAdmin,
    long_date_column,
    truncated_column,
)
from cai.exchange.admin import ExchangeAdmin
from notifications.outbox import notify_meeting_saved
from plans.access import PlanScopedAdmin, PlanScopedInline
from plans.admin import PeriodFormSet

from .models import Attendance, Meeting, Membership, Space
from .resources import AttendanceResource


class MembershipInline(AccessibleWidgets, admin.TabularInline):
    model = Membership
    formset = PeriodFormSet
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Space)
class SpaceAdmin(CaiAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "level", "convener", "member_count", "is_published"]
    list_filter = ["kind", "level", "plans", "axes", "communes", "is_published"]
    list_select_related = ["convener"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["plans", "convener", "communes"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(member_count=Count("memberships__organisation", distinct=True))
        )

    @admin.display(description=_("membres"), ordering="member_count")
    def member_count(self, space):
        return space.member_count


@admin.register(Membership)
class MembershipAdmin(CaiAdmin, admin.ModelAdmin):
    list_display = ["organisation", "space", "role", "started_on_display", "ended_on_display"]
    list_filter = ["role", "space"]
    list_select_related = ["organisation", "space"]
    search_fields = ["organisation__name", "space__name"]
    autocomplete_fields = ["organisation", "space"]
    started_on_display = long_date_column("started_on", _("début"))
    ended_on_display = long_date_column("ended_on", _("fin"))


class AttendanceInline(PlanScopedInline, AccessibleWidgets, admin.TabularInline):
    model = Attendance
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(Meeting)
class MeetingAdmin(PlanScopedAdmin, CaiAdmin, LargeTableAdmin, SimpleHistoryAdmin):
    # A meeting is under its plan, or under the plans of its concertation space.
    plan_lookups = ("plan", "space__plans")
    list_display = [
        "title_column",
        "date_display",
        "kind",
        "space_column",
        "organisation_count",
        "people_count",
        "is_published",
    ]
    list_filter = ["kind", "space", "plan", "commune", "is_published"]
    list_select_related = ["space"]
    title_column = truncated_column("title", _("titre"))
    space_column = truncated_column("space", _("espace"), ordering="space__name")
    search_fields = ["title", "code", "place", "agenda"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["space", "plan", "commune", "co_organisers"]
    inlines = [AttendanceInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", "code", "space", "plan", "is_published"]}),
        (
            _("Quand et où"),
            {"fields": ["held_on", "precision", "start_time", "end_time", "place", "commune"]},
        ),
        (_("Contenu"), {"fields": ["co_organisers", "agenda"]}),
        (_("Procès-verbal"), {"fields": ["minutes", "minutes_file", "are_minutes_published"]}),
        (_("Participation"), {"fields": ["other_participants_count"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_attendance()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Members who asked hear of a meeting added or moved, once the whole form commits.
        notify_meeting_saved(meeting=obj, created=not change, changed_fields=form.changed_data)

    @admin.display(description=_("date"), ordering="held_on")
    def date_display(self, meeting):
        return meeting.date_display

    @admin.display(description=_("organisations"), ordering="organisation_count")
    def organisation_count(self, meeting):
        return meeting.organisation_count

    @admin.display(description=_("personnes"), ordering="people_count")
    def people_count(self, meeting):
        return meeting.people_count


@admin.register(Attendance)
class AttendanceAdmin(PlanScopedAdmin, CaiAdmin, LargeTableAdmin, ExchangeAdmin, admin.ModelAdmin):
    plan_lookups = ("meeting__plan", "meeting__space__plans")
    resource_classes = [AttendanceResource]
    list_display = ["meeting", "organisation", "people_count"]
    list_select_related = ["meeting", "organisation"]
    search_fields = ["meeting__title", "organisation__name"]
    autocomplete_fields = ["meeting", "organisation"]
