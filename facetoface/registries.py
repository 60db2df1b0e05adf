"""What facetoface adds to the lower apps' pages, e-mails and schedules, through the registries
they offer (DESIGN.md §2): nothing below imports facetoface."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def course_sessions_context(request: HttpRequest, course_id: int) -> dict:
    from facetoface.selectors import course_upcoming_sessions

    return {"sessions": course_upcoming_sessions(course_id)}


def my_sessions_context(request: HttpRequest) -> dict:
    from facetoface.selectors import trainer_profile_with_sessions, user_registrations
    from facetoface.services.registrations import may_cancel

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"rows": []}
    return {
        "rows": [{"registration": row, "cancellable": may_cancel(row)} for row in user_registrations(user)],
        "trainer": trainer_profile_with_sessions(user),
    }


def session_calendar_entries(user, now) -> list:
    """The person's session slots for their calendar on /mon-espace/ and its .ics feed."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.urls import reverse

    from courses.calendar_sources import CalendarEntry
    from facetoface.ics import place_text
    from facetoface.selectors import user_upcoming_slots

    host = urlsplit(settings.SITE_URL).hostname or "passerelle"
    return [
        CalendarEntry(
            uid=f"passerelle-slot-{slot.pk}-person-{user.pk}@{host}",
            title=slot.session.display_title,
            start=slot.start,
            end=slot.end,
            url=reverse("facetoface:session", args=[slot.session_id]),
            location=place_text(slot.session),
            kind="session",
        )
        for slot in user_upcoming_slots(user, now)
    ]


def register() -> None:
    from courses.calendar_sources import register_calendar_source
    from courses.course_sections import CourseSection, register_course_section
    from courses.dashboard_sections import DashboardSection, register_dashboard_section
    from facetoface import notifications, privacy
    from lms.organisations.manager_tabs import ManagerTab, register_manager_tab
    from lms.runtime.schedules import register_schedule

    privacy.register()
    notifications.register()
    register_calendar_source("facetoface.sessions", session_calendar_entries)
    register_course_section(
        CourseSection(
            code="facetoface.sessions",
            template_name="facetoface/course_section.html",
            context=course_sessions_context,
        )
    )
    register_dashboard_section(
        DashboardSection(
            code="facetoface.sessions",
            template_name="facetoface/dashboard_section.html",
            context=my_sessions_context,
            order=5,
        )
    )
    register_manager_tab(ManagerTab(code="sessions", label=_("Sessions"), url_name="facetoface:organisation_sessions"))
    register_schedule(name="facetoface.expire_offers", func="facetoface.tasks.expire_offers", minutes=5)
    register_schedule(name="facetoface.reminders", func="facetoface.tasks.reminders", minutes=60)
