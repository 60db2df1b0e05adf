"""Who may see and change what in the scenario commons. Anyone else gets a 404 (DESIGN.md §2).

The contributor rule itself lives in scenarios.contributors and is exposed here with the object
checks, so that views ask this one module.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lms.organisations.models import Membership, Organisation
from scenarios.contributors import (  # noqa: F401  (the rule, asked through this module)
    TRAINERS_GROUP,
    author_candidates,
    can_contribute,
    contributor_organisation,
    contributors,
)
from scenarios.models import ScenarioAttachment, ScenarioCollection, ScenarioPage
from scenarios.selectors import MODERATORS_GROUP, published_scenarios


def access_own_scenario(user, page_id: int) -> ScenarioPage:
    """A scenario `user` is an author of, whatever its state, for its front-end edit form. Someone
    else's — a draft, a pending one — is a 404 (DESIGN.md §2): moderators work in the admin."""
    if not can_contribute(user):
        raise Http404
    page = ScenarioPage.objects.filter(pk=page_id, authors=user).first()
    if page is None:
        raise Http404
    return page


def moderated_scenario(user, page_id: int) -> ScenarioPage | None:
    """The scenario, when `user` is not among its authors but moderates it (they review in the
    admin, where the front-end edit address sends them)."""
    page = ScenarioPage.objects.filter(pk=page_id).first()
    if page is None or not may_moderate(user, page):
        return None
    return page


def may_moderate(user, page: ScenarioPage) -> bool:
    """Wagtail's own answer: whoever may publish the page (the Modérateurs group, superusers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return page.permissions_for_user(user).can_publish()


def access_attachment(user, attachment_id: int) -> ScenarioAttachment:
    """An attachment anyone may download once its scenario is published (live, no view
    restriction); before that only its authors and moderators, and a 404 for everyone else."""
    attachment = ScenarioAttachment.objects.select_related("page").filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    page = attachment.page
    if ScenarioPage.objects.live().public().filter(pk=page.pk).exists():
        return attachment
    if getattr(user, "is_authenticated", False) and (
        page.authors.filter(pk=user.pk).exists() or may_moderate(user, page)
    ):
        return attachment
    raise Http404


def is_moderator(user) -> bool:
    """The feedback and report queues in the admin: the Modérateurs group (and superusers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()


def access_moderated(user) -> None:
    """Anyone but a moderator gets a 404 from the queues."""
    if not is_moderator(user):
        raise Http404


def access_published_scenario(scenario_id: int):
    """A live scenario visitors may read; drafts, restricted pages and unknown ids are a 404."""
    scenario = published_scenarios().filter(pk=scenario_id).first()
    if scenario is None:
        raise Http404
    return scenario


def managed_organisations(user) -> QuerySet[Organisation]:
    """The active organisations this person manages today: they keep those collections."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    managed = Membership.objects.current(timezone.localdate()).managers().filter(user=user)
    return Organisation.objects.filter(is_active=True, memberships__in=managed).distinct().order_by("name")


def editable_collections(user) -> QuerySet[ScenarioCollection]:
    """Collections this person may change: their own, and those of the organisations they manage."""
    if not getattr(user, "is_authenticated", False):
        return ScenarioCollection.objects.none()
    return ScenarioCollection.objects.filter(
        Q(owner=user) | Q(organisation__in=managed_organisations(user).values("pk"))
    ).select_related("organisation")


def access_collection(user, slug: str) -> ScenarioCollection:
    """A collection to read: an organisation's is public; a personal one is its owner's only
    (404 to anyone else, never a 403)."""
    collection = ScenarioCollection.objects.select_related("organisation").filter(slug=slug).first()
    if collection is None:
        raise Http404
    if collection.organisation is not None:
        if not collection.organisation.is_active:
            raise Http404
        return collection
    if not getattr(user, "is_authenticated", False) or collection.owner_id != user.pk:
        raise Http404
    return collection


def access_editable_collection(user, slug: str) -> ScenarioCollection:
    """A collection to change: its owner, or a current manager of its organisation; 404 to
    anyone else, including the members of that organisation."""
    collection = editable_collections(user).filter(slug=slug).first()
    if collection is None:
        raise Http404
    return collection
