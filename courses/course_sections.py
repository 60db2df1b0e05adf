"""Sections other apps add to a course's public page (facetoface shows the course's upcoming
sessions). The page lives in cms, which reads this registry; `courses` never imports those apps
(DESIGN.md §2)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class CourseSection:
    code: str
    template_name: str
    context: Callable[[HttpRequest, int], dict]  # (request, course id)
    order: int = 100


_sections: dict[str, CourseSection] = {}


def register_course_section(section: CourseSection) -> None:
    _sections[section.code] = section


def course_sections(request: HttpRequest, course_id: int | None) -> list[dict]:
    """Each section's template and context, ready for `{% include … only %}`; none for a page
    not linked to a course yet."""
    if course_id is None:
        return []
    return [
        {"code": section.code, "template_name": section.template_name, "context": section.context(request, course_id)}
        for section in sorted(_sections.values(), key=lambda section: (section.order, section.code))
    ]
