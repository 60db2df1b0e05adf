"""What the scenario pages read to render: the filters of /scenarios/, read from the URL (a GET
form, no JavaScript; only known values are kept, so a stale or hand-typed link never errors, it
just filters less), the listing, a scenario's facets and its courses. The page models call this
module, so it never imports them: they pass their querysets in (as cms/catalogue.py does)."""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, F, Q
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.query import PageQuerySet

from courses.models import Competence, Course
from lms.runtime.routing import public_pages
from scenarios.choices import EquipmentCode, FeedbackStatus, LevelCode, PublicCode, SubjectCode

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PER_PAGE = 12
CARD_PREFETCH = ("levels", "publics", "subjects")


@dataclass(frozen=True)
class DurationBand:
    slug: str
    label: "StrOrPromise"
    low: int | None
    high: int | None


# A class period is 45 to 55 minutes; a workshop for adults often takes longer.
DURATIONS = [
    DurationBand("moins-de-45-min", _("45 minutes ou moins"), None, 45),
    DurationBand("45-min-a-1-h-30", _("De 46 minutes à 1 h 30"), 46, 90),
    DurationBand("plus-de-1-h-30", _("Plus d'1 h 30"), 91, None),
]


# The listing's orders, by their word in the URL ("tri"); the first is the default.
SORTS = {
    "recents": _("Les plus récents"),
    "plus-testes": _("Les plus testés"),
    "mieux-notes": _("Les mieux notés"),
}
DEFAULT_SORT = "recents"
FEEDBACK_SHOWN = 10  # approved feedback on a scenario's page, newest first


@dataclass(frozen=True)
class ScenarioFilters:
    target: str = ""  # a level code or a public code: their codes never overlap
    subject: str = ""
    competence: str = ""
    duration: str = ""
    equipment: str = ""
    query: str = ""
    sort: str = DEFAULT_SORT  # an order, not a filter: "active" ignores it

    @classmethod
    def from_query(cls, params: QueryDict, *, competences: list[Competence]) -> "ScenarioFilters":
        def known(name: str, allowed: set[str]) -> str:
            value = params.get(name, "")
            return value if value in allowed else ""

        return cls(
            target=known("pour", set(LevelCode.values) | set(PublicCode.values)),
            subject=known("discipline", set(SubjectCode.values)),
            competence=known("competence", {competence.code for competence in competences}),
            duration=known("duree", {band.slug for band in DURATIONS}),
            equipment=known("materiel", set(EquipmentCode.values)),
            query=search_terms(params.get("q", "")),
            sort=known("tri", set(SORTS)) or DEFAULT_SORT,
        )

    @property
    def active(self) -> bool:
        return any([self.target, self.subject, self.competence, self.duration, self.equipment, self.query])

    @property
    def duration_band(self) -> DurationBand | None:
        return next((band for band in DURATIONS if band.slug == self.duration), None)


def search_terms(text: str) -> str:
    """Words only: quotes, operators and control characters mean something to FTS5 and
    PostgreSQL, and a visitor's typing must never reach them as syntax (as in the catalogue)."""
    return " ".join(re.sub(r"[^\w]+", " ", text[:100]).split())


def listing_context(params: QueryDict) -> dict:
    """The filters and what the form offers (one query: the CRCN competences)."""
    competences = list(Competence.objects.all())
    return {
        "filters": ScenarioFilters.from_query(params, competences=competences),
        "levels": LevelCode.choices,
        "publics": PublicCode.choices,
        "subjects": SubjectCode.choices,
        "competences": competences,
        "durations": DURATIONS,
        "equipments": EquipmentCode.choices,
        "sorts": SORTS,
    }


def matching_scenario_ids(model: type[Page], query: str) -> set[int]:
    """Full-text search (stemmed on PostgreSQL, with French unaccent) plus prefix search, so that
    "ecran" finds "écrans" on SQLite too, whose FTS5 folds accents but does not stem. Title,
    summary and steps are indexed (ScenarioPage.search_fields)."""
    live = model.objects.live()
    found = [*live.search(query, operator="and"), *live.autocomplete(query, operator="and")]
    return {page.pk for page in found}


def scenario_listing(scenarios: PageQuerySet, filters: ScenarioFilters) -> PageQuerySet:
    """The live scenarios among `scenarios` (the listing's public children, from the page model,
    which this module must not import: `lms.runtime.routing.public_pages` narrows them with the
    view restrictions the access check already read) matching the filters, newest first, with
    what the cards show."""
    scenarios = scenarios.live()
    if filters.target:
        # Codes of levels and publics never overlap: one of these matches nothing.
        scenarios = scenarios.filter(Q(levels=filters.target) | Q(publics=filters.target))
    if filters.subject:
        scenarios = scenarios.filter(subjects=filters.subject)
    if filters.competence:
        scenarios = scenarios.filter(competences__code=filters.competence)
    if filters.equipment:
        scenarios = scenarios.filter(equipment=filters.equipment)
    band = filters.duration_band
    if band is not None and band.low is not None:
        scenarios = scenarios.filter(duration_minutes__gte=band.low)
    if band is not None and band.high is not None:
        scenarios = scenarios.filter(duration_minutes__lte=band.high)
    if filters.query:
        scenarios = scenarios.filter(pk__in=matching_scenario_ids(scenarios.model, filters.query))
    # Through the joins above a scenario may come once per matching link row: keep each once.
    ids = scenarios.values("pk")
    listing = with_feedback_stats(
        scenarios.model.objects.filter(pk__in=ids).select_related("cover_image").prefetch_related(*CARD_PREFETCH)
    )
    newest = ("-first_published_at", "-pk")
    if filters.sort == "plus-testes":
        return listing.order_by("-tests_count", *newest)
    if filters.sort == "mieux-notes":
        # Untested scenarios have no average: after every rated one, not before (NULLs sort first
        # in descending order on PostgreSQL).
        return listing.order_by(F("usefulness_average").desc(nulls_last=True), "-tests_count", *newest)
    return listing.order_by(*newest)


def with_feedback_stats(scenarios: PageQuerySet) -> PageQuerySet:
    """Each scenario's number of approved "Je l'ai testé" and their average usefulness, computed
    in the query that lists them (never one query per card). Pending and rejected feedback do
    not count."""
    approved = Q(feedback__status=FeedbackStatus.APPROVED)
    return scenarios.annotate(
        tests_count=Count("feedback", filter=approved),
        usefulness_average=Avg("feedback__usefulness", filter=approved),
    )


def scenario_feedback(scenario: Page) -> dict:
    """The approved feedback a scenario's page shows: their number and average usefulness (one
    aggregate), and the newest few with their author (one query)."""
    approved = scenario.feedback.filter(status=FeedbackStatus.APPROVED)
    stats = approved.aggregate(count=Count("pk"), average=Avg("usefulness"))
    return {
        "tests_count": stats["count"],
        "usefulness_average": stats["average"],
        "feedback_list": list(approved.select_related("user").order_by("-tested_on", "-pk")[:FEEDBACK_SHOWN]),
    }


def scenario_detail_facets(scenario: Page) -> dict:
    """What the scenario page lists, each read once."""
    return {
        "levels": list(scenario.levels.all()),
        "publics": list(scenario.publics.all()),
        "subjects": list(scenario.subjects.all()),
        "scenario_competences": list(scenario.competences.all()),
        "equipment": list(scenario.equipment.all()),
        "authors": list(scenario.authors.order_by("last_name", "first_name")),
    }


def scenario_courses(scenario: Page) -> list[Course]:
    """ "Se former sur ce sujet": the published courses whose themes share a CRCN competence with
    the scenario, as their themes were when last published. One query."""
    competences = Competence.objects.filter(scenario_pages=scenario)
    return list(
        Course.objects.published()
        .filter(themes__competences__in=competences)
        .exclude(url="")
        .distinct()
        .order_by("title", "id")
    )


def display_name(user: object) -> str:
    """An author as the public sees them: their name, never their e-mail or login; "auteur
    supprimé" for the stand-in of someone erased at their request (lms.privacy.erasure)."""
    if getattr(user, "erased_at", None):
        return gettext("auteur supprimé")
    full_name = getattr(user, "get_full_name", lambda: "")()
    return full_name or gettext("Auteur ou autrice anonyme")


def _published(scenario: Page) -> PageQuerySet:
    """Live scenarios visitors may read, from the page's own model (this module cannot import it),
    with the view restrictions already read while serving `scenario`."""
    return public_pages(type(scenario).objects.live(), scenario)


def adaptation_chain(scenario: Page) -> list:
    """The published scenarios this one adapts, nearest first, back to the original. Two queries
    per step back (the page, its authors): chains are short, and a loop is cut."""
    chain: list = []
    seen = {scenario.pk}
    current_id = scenario.adapted_from_id
    while current_id is not None and current_id not in seen:
        seen.add(current_id)
        origin = _published(scenario).filter(pk=current_id).prefetch_related("authors").first()
        if origin is None:
            break
        origin.author_names = ", ".join(sorted(display_name(author) for author in origin.authors.all()))
        chain.append(origin)
        current_id = origin.adapted_from_id
    return chain


def adaptation_count(scenario: Page) -> int:
    """ "N adaptations": the published scenarios that adapt this one. One query."""
    return _published(scenario).filter(adapted_from=scenario).count()


def scenario_attachments(scenario: Page) -> list:
    """The files joined to the scenario, oldest first. One query."""
    return list(scenario.attachments.order_by("created_at", "pk"))
