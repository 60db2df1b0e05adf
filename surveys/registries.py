"""What surveys adds to the lower apps' pages, e-mails and schedules through their registries
(DESIGN.md §2): nothing below imports surveys."""

from django.http import HttpRequest
from django.urls import reverse
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


def course_section_context(request: HttpRequest, course_id: int) -> dict:
    """The course's surveys this learner may answer now, on the course page."""
    from surveys.course_offers import learner_offers
    from surveys.models import CourseSurveyKind

    user = getattr(request, "user", None)
    if user is None:
        return {"offers": []}
    offers = learner_offers(user, course_id)
    labels = {
        CourseSurveyKind.SATISFACTION: _("Donner mon avis sur la formation"),
        CourseSurveyKind.BEFORE: _("Dire ce que je sais faire avant de commencer"),
        CourseSurveyKind.AFTER: _("Dire ce que je sais faire maintenant"),
    }
    return {
        "finished": any(offer.kind != CourseSurveyKind.BEFORE for offer in offers),
        "offers": [
            {
                "label": labels[CourseSurveyKind(offer.kind)],
                "answered": offer.answered,
                "url": reverse("surveys:course_answer", args=[course_id, offer.slug]),
            }
            for offer in offers
        ],
    }


def on_course_completed(*, enrolment) -> None:
    """Completion listener: when the course offers a survey, the e-mail that offers it (an outbox
    row in the completing transaction; it is sent after commit)."""
    from lms.notifications.services.outbox import outbox_enqueue
    from surveys.models import CourseSurvey
    from surveys.notifications import COURSE_FEEDBACK

    if CourseSurvey.objects.filter(course_id=enrolment.course_id).exists():
        outbox_enqueue(recipient=enrolment.user, kind=COURSE_FEEDBACK, obj=enrolment, step=f"cycle-{enrolment.cycle}")


def register() -> None:
    from courses.completion import register_completion_listener
    from courses.course_sections import CourseSection, register_course_section
    from courses.dashboard_sections import DashboardSection, register_dashboard_section
    from courses.statistics_sections import StatisticsSection, register_statistics_section
    from lms.organisations.manager_tabs import ManagerTab, register_manager_tab
    from lms.runtime.schedules import register_schedule
    from surveys import notifications, privacy
    from surveys.course_statistics import statistics_section_context

    privacy.register()
    notifications.register()
    notifications.register_course_feedback()
    register_completion_listener("surveys.course_feedback", on_course_completed)
    register_course_section(
        CourseSection(
            code="surveys.course_surveys", template_name="surveys/course_section.html", context=course_section_context
        )
    )
    register_statistics_section(
        StatisticsSection(
            code="surveys.course_results",
            template_name="surveys/admin/course_results.html",
            context=statistics_section_context,
        )
    )
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
