from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "lms.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms.notifications import privacy  # noqa: F401  (declares the outbox and preferences)
        from lms.notifications.selectors import outbox_report
        from lms.runtime.health import register_health_report
        from lms.runtime.schedules import register_schedule

        register_health_report("outbox", outbox_report)

        register_schedule(name="notifications.send_due", func="lms.notifications.tasks.send_due", minutes=1)
        register_schedule(name="notifications.reap_claims", func="lms.notifications.tasks.reap_claims", minutes=5)
        register_schedule(
            name="notifications.purge_old_messages", func="lms.notifications.tasks.purge_old_messages", minutes=1440
        )
