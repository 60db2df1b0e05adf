"""The catalogue at /formations/: filters by audience, theme, duration and territory kept in the
URL, and accent-insensitive search through Wagtail search (FTS5 on SQLite, a French `unaccent`
configuration on PostgreSQL)."""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.query import PageQuerySet

from courses.models import Course
from lms.accounts.models import Audience, AudienceCode
from lms.organisations.models import Territory

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PER_PAGE = 12
NATIONAL = "national"


@dataclass(frozen=True)
class DurationBucket:
    slug: str
    label: "StrOrPromise"
    low: int | None
    high: int | None


DURATIONS = [
    DurationBucket("moins-d-une-heure", _("Moins d'une heure"), None, 59),
    DurationBucket("une-a-trois-heures", _("D'une à trois heures"), 60, 180),
    DurationBucket("plus-de-trois-heures", _("Plus de trois heures"), 181, None),
]

# "Je suis…": the home page's one-click entries, in the order of the audiences.
AUDIENCE_ENTRIES = [
    (AudienceCode.TEACHER, _("Je suis enseignant ou enseignante")),
    (AudienceCode.PARENT, _("Je suis parent")),
    (AudienceCode.ELECTED, _("Je suis élu ou élue")),
    (AudienceCode.AGENT, _("Je suis agent municipal")),
]


@dataclass(frozen=True)
class CatalogueFilters:
    audience: str = ""
    theme: str = ""
    duration: str = ""
    territory: str = ""
    query: str = ""

    @classmethod
    def from_query(cls, params: QueryDict, *, themes: list, territories: list) -> "CatalogueFilters":
        """Only known values are kept: a stale or hand-typed link never errors, it just filters less."""

        def known(name: str, allowed: set[str]) -> str:
            value = params.get(name, "")
            return value if value in allowed else ""

        return cls(
            audience=known("public", set(AudienceCode.values)),
            theme=known("theme", {theme.slug for theme in themes}),
            duration=known("duree", {bucket.slug for bucket in DURATIONS}),
            territory=known("territoire", {NATIONAL} | {territory.code for territory in territories}),
            query=search_terms(params.get("q", "")),
        )

    @property
    def active(self) -> bool:
        return any([self.audience, self.theme, self.duration, self.territory, self.query])


def search_terms(text: str) -> str:
    """Words only: quotes, operators and control characters mean something to FTS5 and
    PostgreSQL, and a visitor's typing must never reach them as syntax."""
    return " ".join(re.sub(r"[^\w]+", " ", text[:100]).split())


CARD_COVER = "fill-640x360"  # the rendition the course cards show: templates use the same spec


def catalogue_courses(course_pages: PageQuerySet, module_model, filters: CatalogueFilters) -> QuerySet:
    """Live course pages among `course_pages` (the catalogue's children), filtered, with what the
    cards show prefetched. The page classes come from the caller, cms.models, which sits above
    this module."""
    courses = course_pages.live().public()
    if filters.audience:
        courses = courses.filter(audiences__code=filters.audience)
    if filters.theme:
        # The themes copied onto the tracking row at publication, the same rule the apps above
        # courses use (one subquery, no extra round trip).
        courses = courses.filter(course__in=Course.objects.for_theme(filters.theme))
    if filters.duration:
        bucket = next(bucket for bucket in DURATIONS if bucket.slug == filters.duration)
        if bucket.low is not None:
            courses = courses.filter(estimated_minutes__gte=bucket.low)
        if bucket.high is not None:
            courses = courses.filter(estimated_minutes__lte=bucket.high)
    if filters.territory == NATIONAL:
        courses = courses.filter(territory__isnull=True)
    elif filters.territory:
        courses = courses.filter(territory__code=filters.territory)
    if filters.query:
        # A course matches by its own text or by one of its modules'.
        course_model = course_pages.model
        matching_courses = {page.pk for page in matching_pages(course_model, filters.query)}
        module_paths = {page.path for page in matching_pages(module_model, filters.query)}
        courses = courses.filter(
            Q(pk__in=matching_courses) | Q(path__in={path[: -course_model.steplen] for path in module_paths})
        )
    return (
        courses.distinct()
        .select_related("territory")
        .prefetch_related(
            Prefetch("audiences", queryset=Audience.objects.order_by("code")),
            "themes",
            # The cards' covers with their one rendition: two queries for the page, none when no
            # course has a cover (a prefetch over no ids runs no query).
            Prefetch("cover_image", queryset=get_image_model().objects.prefetch_renditions(CARD_COVER)),
        )
        # The slug spells the title without accents: "Écrans…" sorts with the E, not after Z.
        .order_by("slug")
    )


def matching_pages(model, query: str) -> list:
    """Full-text search (stemmed on PostgreSQL) plus prefix search, so that "ecran" finds
    "écrans" on SQLite too, whose FTS5 folds accents but does not stem."""
    live = model.objects.live()
    return [*live.search(query, operator="and"), *live.autocomplete(query, operator="and")]


def scoped_territories(course_pages: PageQuerySet) -> list[Territory]:
    """The territories live courses are scoped to: the territory filter offers only those."""
    ids = course_pages.live().exclude(territory=None).values("territory")
    return list(Territory.objects.filter(pk__in=ids).order_by("name"))
