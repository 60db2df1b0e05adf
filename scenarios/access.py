"""Who may contribute to the scenario commons. The rule lives here, once.

A contributor is a signed-in person with a current membership of a school (école, collège, lycée)
or of a relay site (EPN, médiathèque, association), or a member of the Formateurs group. A parent
or an agent is not one by their audience alone: they contribute through their school or relay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lms.organisations.models import Membership, Organisation, OrganisationKind
from lms.organisations.models.organisations import SCHOOL_KINDS
from scenarios.models import ScenarioCollection
from scenarios.selectors import MODERATORS_GROUP, published_scenarios

if TYPE_CHECKING:
    from lms.accounts.models import User

TRAINERS_GROUP = "Formateurs"
RELAY_KINDS = {OrganisationKind.EPN, OrganisationKind.MEDIATHEQUE, OrganisationKind.ASSOCIATION}
CONTRIBUTING_KINDS = SCHOOL_KINDS | RELAY_KINDS


def _contributing_memberships():
    return Membership.objects.current(timezone.localdate()).filter(
        organisation__kind__in=CONTRIBUTING_KINDS, organisation__is_active=True
    )


def contributors() -> QuerySet[User]:
    """Every active person who may write scenarios, in one query (for author choosers)."""
    memberships = _contributing_memberships().filter(user=OuterRef("pk"))
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(Exists(memberships)) | Q(groups__name=TRAINERS_GROUP))
        .distinct()
    )


def can_contribute(user) -> bool:
    """True when the signed-in person may propose, adapt and revise scenarios."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.groups.filter(name=TRAINERS_GROUP).exists():
        return True
    return _contributing_memberships().filter(user=user).exists()


def may_moderate(user) -> bool:
    """The feedback and report queues in the admin: the Modérateurs group (and superusers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()


def access_moderated(user) -> None:
    """Anyone but a moderator gets a 404 from the queues."""
    if not may_moderate(user):
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
