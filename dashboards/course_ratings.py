"""What learners said of the courses scoped to a territory, as a section of its dashboard page.
It reads the surveys selector; surveys never imports dashboards (DESIGN.md §2). Only courses
with at least 5 answers per questionnaire version carry figures."""

from django.http import HttpRequest

from dashboards.sections import TerritorySection, register_territory_section
from lms.organisations.models import Territory
from surveys.course_results import MIN_LEARNERS, course_ratings_for_territory


def course_ratings_context(request: HttpRequest, territory: Territory | None) -> dict | None:
    ratings = course_ratings_for_territory(territory)
    if not ratings:
        return None
    return {"ratings": ratings, "min_learners": MIN_LEARNERS}


def register() -> None:
    register_territory_section(
        TerritorySection(
            code="surveys.course_ratings",
            template_name="dashboards/course_ratings.html",
            context=course_ratings_context,
            order=50,
        )
    )
