"""Sections other apps add to the learner dashboard (/mon-espace/): certificates shows the
person's attestations there. `courses` never imports those apps (DESIGN.md §2)."""

from django.http import HttpRequest

from lms.runtime.sections import Section, SectionRegistry

DashboardSection = Section

_registry = SectionRegistry()


def register_dashboard_section(section: Section) -> None:
    _registry.register(section)


def dashboard_sections(request: HttpRequest) -> list[dict]:
    return _registry.render_list(request)
