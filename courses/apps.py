from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Formations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses import notifications, privacy

        privacy.register()
        notifications.register()
