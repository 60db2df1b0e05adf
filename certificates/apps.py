from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    label = "certificates"
    verbose_name = _("Attestations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from certificates import notifications, privacy
        from certificates.dashboard import certificates_section
        from certificates.services import on_course_completed
        from courses.completion import register_completion_listener
        from courses.dashboard_sections import register_dashboard_section
        from lms.runtime.schedules import register_schedule

        privacy.register()
        notifications.register()
        register_completion_listener("certificates.issue", on_course_completed)
        register_dashboard_section(certificates_section)
        register_schedule(name="certificates.reconcile", func="certificates.tasks.reconcile", minutes=5)
        register_schedule(name="certificates.expiring", func="certificates.tasks.expiring_sweep", minutes=60)
