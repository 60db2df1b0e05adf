"""Who may contribute to the scenario commons: the rule, once. scenarios.access exposes it with
the object checks; it sits apart from them because the admin's author choice (scenarios.forms,
which the page model names) needs it without reading the scenario models.

A contributor is a signed-in person with a current membership of a school (école, collège, lycée)
or of a relay site (EPN, médiathèque, association), or a member of the Formateurs group. A parent
or an agent is not one by their audience alone: they contribute through their school or relay.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from lms.organisations.models import Membership, Organisation, OrganisationKind
from lms.organisations.models.organisations import SCHOOL_KINDS

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


def author_candidates(*, keep: Iterable[int] = ()) -> QuerySet[User]:
    """Who may be named as a scenario's author: the contributors, plus the authors already set
    (`keep`), who stay on offer when they no longer contribute (they left their school, or the
    Formateurs group), so that saving the page never drops them silently. Each comes with the
    organisations of their current contributing memberships (`contributing_memberships`), for
    the label: two queries whatever their number."""
    organisations = _contributing_memberships().select_related("organisation").order_by("organisation__name")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=contributors().values("pk")) | Q(pk__in=list(keep)))
        .prefetch_related(Prefetch("memberships", queryset=organisations, to_attr="contributing_memberships"))
        .order_by("last_name", "first_name", "pk")
    )


def can_contribute(user) -> bool:
    """True when the signed-in person may propose, adapt and revise scenarios."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.groups.filter(name=TRAINERS_GROUP).exists():
        return True
    return _contributing_memberships().filter(user=user).exists()


def contributor_organisation(user) -> Organisation | None:
    """The school or relay a new scenario of `user` is shown with: their oldest current
    membership of one (None for a trainer who belongs to none)."""
    membership = (
        _contributing_memberships().filter(user=user).select_related("organisation").order_by("start_on", "pk").first()
    )
    return membership.organisation if membership else None
