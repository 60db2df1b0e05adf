"""What surveys adds to the lower apps' pages, e-mails and schedules through their registries
(DESIGN.md §2): nothing below imports surveys."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def surveys_to_answer_context(request: HttpRequest) -> dict:
    from surveys.selectors import agencies_of, open_campaigns_to_answer

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"rows": []}
    return {
        "rows": open_campaigns_to_answer(user, today=timezone.localdate()),
        "is_agency": bool(agencies_of(user)),
    }


def register() -> None:
    from courses.dashboard_sections import DashboardSection, register_dashboard_section
    from lms.organisations.manager_tabs import ManagerTab, register_manager_tab
    from lms.runtime.schedules import register_schedule
    from surveys import notifications, privacy

    privacy.register()
    notifications.register()
    register_dashboard_section(
        DashboardSection(
            code="surveys.to_answer",
            template_name="surveys/dashboard_section.html",
            context=surveys_to_answer_context,
            order=3,
        )
    )
    register_manager_tab(
        ManagerTab(code="enquetes", label=_("Enquêtes"), url_name="surveys:organisation_surveys", order=60)
    )
    register_schedule(name="surveys.reminders", func="surveys.tasks.reminders", minutes=60)
