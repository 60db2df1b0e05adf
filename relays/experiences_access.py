"""Who may see and change which shared experience. Someone else's experience, a draft or one
waiting for moderation is a 404 to anyone but its organisation's current managers (and the
moderators, in their queue): never a 403 (DESIGN.md §2)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from lms.accounts.models import User
from lms.organisations.models import Membership, Organisation, OrganisationKind
from relays.experiences_selectors import AUTHOR_KINDS, member_experiences, published_experience
from relays.models import ExperienceStatus, SharedExperience
from scenarios.access import is_moderator  # noqa: F401  (the same Modérateurs role as scenario feedback)


def _signed_in(user: User | AnonymousUser) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def authoring_organisations(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The active organisations this person manages today and that may share experiences."""
    if not _signed_in(user):
        return Organisation.objects.none()
    managed = Membership.objects.current(timezone.localdate()).managers().filter(user=user)
    return (
        Organisation.objects.filter(is_active=True, kind__in=AUTHOR_KINDS, memberships__in=managed)
        .select_related("territory__departement", "territory__epci")
        .distinct()
        .order_by("name")
    )


def access_authoring_organisation(user: User | AnonymousUser, slug: str) -> Organisation:
    organisation = authoring_organisations(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def access_own_experience(user: User | AnonymousUser, experience_id: int) -> SharedExperience:
    """An experience to edit: only the current managers of the organisation that wrote it, in
    any state; everyone else (its members, other organisations, moderators) gets a 404."""
    experience = (
        SharedExperience.objects.select_related("organisation__territory__departement", "organisation__territory__epci")
        .filter(pk=experience_id, organisation__in=authoring_organisations(user))
        .first()
    )
    if experience is None:
        raise Http404
    return experience


def access_readable_experience(user: User | AnonymousUser, experience_id: int) -> SharedExperience:
    """The detail page: a published experience for anyone; before that, its organisation's
    managers preview it and moderators read it; a 404 for everyone else."""
    experience = published_experience(experience_id)
    if experience is not None:
        return experience
    if is_moderator(user):
        # Sent for review at least once: a draft never sent is its authors' business only.
        experience = SharedExperience.objects.filter(pk=experience_id).exclude(status=ExperienceStatus.DRAFT).first()
        if experience is not None:
            return experience
    return access_own_experience(user, experience_id)


def access_featuring_association(user: User | AnonymousUser, slug: str) -> Organisation:
    """An association of elected officials this person manages, to feature its members' work."""
    association = authoring_organisations(user).filter(slug=slug, kind=OrganisationKind.ASSOCIATION_ELUS).first()
    if association is None:
        raise Http404
    return association


def access_featurable_experience(association: Organisation, experience_id: int) -> SharedExperience:
    """A published experience of one of the association's member communes; any other is a 404."""
    experience = member_experiences(association).filter(pk=experience_id).first()
    if experience is None:
        raise Http404
    return experience
