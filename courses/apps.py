from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Formations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses import notifications, privacy
        from courses.dashboard_sections import DashboardSection, register_dashboard_section
        from courses.services.invitation_enrolments import invitation_enrolment_apply
        from courses.views import calendar_section_context
        from lms.organisations.acceptance import register_acceptance_listener
        from lms.runtime.schedules import register_schedule

        privacy.register()
        notifications.register()
        register_dashboard_section(
            DashboardSection(
                code="courses.calendar",
                template_name="courses/calendar_section.html",
                context=calendar_section_context,
                order=1,
            )
        )
        register_acceptance_listener("courses.invitation_enrolment", invitation_enrolment_apply)
        register_schedule(
            name="courses.member_imports_maintain", func="courses.tasks.member_imports_maintain", minutes=60
        )
        register_schedule(name="courses.reminders", func="courses.tasks.reminders_sweep", minutes=60)
