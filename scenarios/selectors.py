"""Reads about scenarios: the public listing, the links with courses, the open-data rows. Only
live pages visitors may read ever leave here."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest

from courses.models import Competence, Course
from scenarios.listing import CARD_PREFETCH, display_name
from scenarios.models import ScenarioPage


def published_scenarios() -> QuerySet[ScenarioPage]:
    """Live scenarios without a view restriction: drafts and pages in moderation are not live."""
    return ScenarioPage.objects.live().public()


def scenario_cards(page_ids: list[int]) -> list[ScenarioPage]:
    """The published scenarios among `page_ids`, in that order, ready for cards (module blocks)."""
    found = published_scenarios().filter(pk__in=page_ids).prefetch_related(*CARD_PREFETCH).in_bulk()
    return [found[pk] for pk in page_ids if pk in found]


def course_scenarios(course: Course | int | None) -> list[ScenarioPage]:
    """ "Scénarios liés": the published scenarios sharing a CRCN competence with the course's
    themes. A fixed number of queries (the scenarios, then their cards' facets)."""
    if course is None:
        return []
    competences = Competence.objects.filter(themes__courses=course)
    ids = published_scenarios().filter(competences__in=competences).values("pk")
    return list(
        ScenarioPage.objects.filter(pk__in=ids).prefetch_related(*CARD_PREFETCH).order_by("-first_published_at", "-pk")
    )


def scenario_export_rows(request: HttpRequest) -> list[dict]:
    """The published scenarios as open data (docs/scenarios-open-data.md), newest first. A fixed
    number of queries whatever the count: the pages, then each prefetched relation."""
    scenarios = (
        published_scenarios()
        .select_related("organisation")
        .prefetch_related(*CARD_PREFETCH, "competences", "equipment", "authors")
        .order_by("-first_published_at", "-pk")
    )
    rows = []
    for scenario in scenarios:
        rows.append(
            {
                "id": scenario.pk,
                "slug": scenario.slug,
                "title": scenario.title,
                "summary": scenario.summary,
                "levels": [level.code for level in scenario.levels.all()],
                "publics": [public.code for public in scenario.publics.all()],
                "subjects": [subject.code for subject in scenario.subjects.all()],
                "competences": [competence.code for competence in scenario.competences.all()],
                "duration_minutes": scenario.duration_minutes,
                "equipment": [item.code for item in scenario.equipment.all()],
                "licence": {
                    "code": scenario.licence,
                    "name": str(scenario.get_licence_display()),
                    "url": scenario.licence_url,
                },
                "authors": sorted(display_name(author) for author in scenario.authors.all()),
                "organisation": scenario.organisation.name if scenario.organisation else None,
                "url": request.build_absolute_uri(scenario.get_url(request)),
                "first_published_at": _iso(scenario.first_published_at),
                "last_published_at": _iso(scenario.last_published_at),
            }
        )
    return rows


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
