from django.contrib import admin
from post_office.admin import EmailAdmin, LogInline
from post_office.models import Attachment, Email, EmailTemplate, Log

from .models import Digest, Preferences

# The outbox is post_office's Email list (status, retries, each failed attempt inline, a
# "requeue" action). Its templates and attachments are not used here (notifications are
# written from templates/notifications/) and its log has no page of its own.
for model in (Email, EmailTemplate, Attachment, Log):
    admin.site.unregister(model)


@admin.register(Email)
class OutboxAdmin(EmailAdmin):
    inlines = [LogInline]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    """The weekly digests sent: a record, written by send_reminders only."""

    list_display = ["user", "sent_at", "action_count", "waiting_update_count", "email"]
    list_select_related = ["user", "email"]
    search_fields = ["user__username", "user__email"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    """Each person sets their own choices on their account page; the admin reads them."""

    list_display = [
        "user",
        "language",
        "wants_update_submitted",
        "wants_update_reviewed",
        "wants_meetings",
        "wants_digest",
    ]
    list_filter = ["language", "wants_meetings", "wants_digest"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
