from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lms.notifications.models import NotificationPreference, OutboxMessage
from lms.notifications.services.outbox import outbox_resend


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to_email", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["to_email", "recipient__login_id", "kind", "object_id"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Renvoyer les e-mails sélectionnés"), permissions=["view"])
    def resend(self, request, queryset) -> None:
        count = 0
        for message in queryset.exclude(status="sending"):
            outbox_resend(message=message)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d e-mail remis en file d'envoi.", "%(count)d e-mails remis en file d'envoi.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "enabled", "updated_at"]
    list_filter = ["group", "enabled"]
    search_fields = ["user__email", "user__login_id"]
    raw_id_fields = ["user"]
