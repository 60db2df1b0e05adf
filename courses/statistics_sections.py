"""Sections other apps add to a course's statistics page in the admin (surveys shows what the
learners said of the course). The page lives in cms, which calls this registry explicitly;
neither `courses` nor `cms` imports those apps (DESIGN.md §2)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class StatisticsSection:
    code: str
    template_name: str
    # The section's context for this course, or None to leave it out.
    context: Callable[[HttpRequest, int], dict | None]  # (request, course id)
    order: int = 100


_sections: dict[str, StatisticsSection] = {}


def register_statistics_section(section: StatisticsSection) -> None:
    _sections[section.code] = section


def statistics_sections(request: HttpRequest, course_id: int | None) -> list[dict]:
    """Each section's template and context, in order, ready for `{% include … only %}`; none for
    a course page never published."""
    if course_id is None:
        return []
    rendered = []
    for section in sorted(_sections.values(), key=lambda section: (section.order, section.code)):
        context = section.context(request, course_id)
        if context is not None:
            rendered.append({"code": section.code, "template_name": section.template_name, "context": context})
    return rendered
