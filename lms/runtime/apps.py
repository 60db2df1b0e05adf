from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RuntimeConfig(AppConfig):
    name = "lms.runtime"
    label = "runtime"
    verbose_name = _("Exploitation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms.runtime.schedules import register_schedule

        register_schedule(name="runtime.heartbeat", func="lms.runtime.tasks.heartbeat", minutes=1)
