"""Reads about scenarios: the public listing, the links with courses, the open-data rows. Only
live pages visitors may read ever leave here."""

from datetime import datetime
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail.models import TaskState, WorkflowState

from courses.models import Competence, Course
from lms.accounts.models import User
from scenarios.choices import FeedbackStatus, ReportStatus
from scenarios.listing import (  # noqa: F401  (the scenario page's reads live beside the listing's)
    CARD_PREFETCH,
    adaptation_chain,
    adaptation_count,
    display_name,
    scenario_attachments,
    with_feedback_stats,
)
from scenarios.models import (
    ScenarioCollection,
    ScenarioCollectionItem,
    ScenarioFeedback,
    ScenarioPage,
    ScenarioReport,
)

MODERATORS_GROUP = "Modérateurs"


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


class ProposalState(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"


PROPOSAL_STATE_LABELS = {
    ProposalState.DRAFT: _("brouillon"),
    ProposalState.IN_REVIEW: _("en relecture"),
    ProposalState.CHANGES_REQUESTED: _("modifications demandées"),
    ProposalState.PUBLISHED: _("publié"),
}


def _with_review(scenarios: QuerySet[ScenarioPage]) -> QuerySet[ScenarioPage]:
    """Each scenario's open review (its status) and the comment of the latest request for
    changes, as subqueries of the same query: Wagtail keys workflow states by a text object id."""
    pages = {"base_content_type__app_label": "wagtailcore", "base_content_type__model": "page"}
    open_states = WorkflowState.objects.filter(
        **pages, object_id=Cast(OuterRef("pk"), output_field=CharField())
    ).filter(Q(status=WorkflowState.STATUS_IN_PROGRESS) | Q(status=WorkflowState.STATUS_NEEDS_CHANGES))
    rejections = TaskState.objects.filter(
        workflow_state__base_content_type__app_label="wagtailcore",
        workflow_state__base_content_type__model="page",
        workflow_state__object_id=Cast(OuterRef("pk"), output_field=CharField()),
        workflow_state__status=WorkflowState.STATUS_NEEDS_CHANGES,
        status=TaskState.STATUS_REJECTED,
    ).order_by("-finished_at", "-pk")
    return scenarios.annotate(
        review_status=Subquery(open_states.values("status")[:1]),
        review_comment=Subquery(rejections.values("comment")[:1]),
    )


def proposal_state(scenario: ScenarioPage) -> ProposalState:
    """From a scenario annotated by `_with_review`."""
    if scenario.live:
        return ProposalState.PUBLISHED
    if scenario.review_status == WorkflowState.STATUS_IN_PROGRESS:
        return ProposalState.IN_REVIEW
    if scenario.review_status == WorkflowState.STATUS_NEEDS_CHANGES:
        return ProposalState.CHANGES_REQUESTED
    return ProposalState.DRAFT


def my_scenarios(user: User) -> list[ScenarioPage]:
    """ "Mes scénarios": the scenarios `user` is an author of, latest work first, each with its
    state (`proposal_state`) and the moderator's comment when changes are asked. One query
    whatever their number."""
    scenarios = list(
        _with_review(ScenarioPage.objects.filter(authors=user))
        .only("pk", "title", "draft_title", "live", "url_path", "latest_revision_created_at")
        .order_by("-latest_revision_created_at", "-pk")
    )
    for scenario in scenarios:
        scenario.proposal_state = proposal_state(scenario)
        scenario.proposal_state_label = PROPOSAL_STATE_LABELS[scenario.proposal_state]
    return scenarios


def scenario_review(scenario: ScenarioPage) -> ScenarioPage:
    """One scenario with its state, for its edit form."""
    annotated = _with_review(ScenarioPage.objects.filter(pk=scenario.pk)).only("pk", "live").get()
    scenario.review_status, scenario.review_comment = annotated.review_status, annotated.review_comment
    scenario.proposal_state = proposal_state(scenario)
    scenario.proposal_state_label = PROPOSAL_STATE_LABELS[scenario.proposal_state]
    return scenario


def feedback_of(user: User, scenario: ScenarioPage) -> ScenarioFeedback | None:
    """This person's feedback on the scenario, whatever its state (they may edit it)."""
    if not user.is_authenticated:
        return None
    return ScenarioFeedback.objects.filter(user=user, scenario=scenario).first()


def feedback_queue(status: str = FeedbackStatus.PENDING) -> QuerySet[ScenarioFeedback]:
    """The moderators' queue: oldest first, so nobody waits behind newcomers."""
    return (
        ScenarioFeedback.objects.filter(status=status)
        .select_related("user", "scenario", "moderated_by")
        .order_by("updated_at", "pk")
    )


def report_queue(status: str = ReportStatus.OPEN) -> QuerySet[ScenarioReport]:
    return ScenarioReport.objects.filter(status=status).select_related("reporter", "scenario").order_by("created_at")


def scenario_moderators() -> QuerySet[User]:
    """Who hears of a report: the active members of the Modérateurs group."""
    return get_user_model().objects.filter(is_active=True, groups__name=MODERATORS_GROUP).distinct().order_by("pk")


def collections_with_counts(collections: QuerySet[ScenarioCollection]) -> QuerySet[ScenarioCollection]:
    """Each collection with its number of scenarios, in the same query."""
    return collections.annotate(item_count=Count("items", distinct=True)).order_by("organisation__name", "title", "pk")


def collection_scenarios(collection: ScenarioCollection) -> QuerySet[ScenarioPage]:
    """The published scenarios of a collection, in its order, ready for cards with their
    feedback counts. A scenario unpublished since it was added drops out without an error."""
    position = ScenarioCollectionItem.objects.filter(collection=collection, scenario=OuterRef("pk")).values("position")[
        :1
    ]
    scenarios = (
        published_scenarios()
        .filter(pk__in=collection.items.values("scenario"))
        .annotate(position=Subquery(position))
        .prefetch_related(*CARD_PREFETCH)
    )
    return with_feedback_stats(scenarios).order_by("position", "pk")
