"""Who may open what. Someone else's organisation, membership, invitation or request is always a
404, never a 403 (DESIGN.md §2)."""

from django.http import Http404

from lms.accounts.models import User
from lms.organisations.models import AGENCY_KINDS, Invitation, ManagerRequest, MemberGroup, Membership, Organisation
from lms.organisations.selectors import (
    pending_invitations_for,
    pending_invitations_of,
    requestable_organisations,
    reviewable_requests,
)
from lms.runtime.converters import parse_id


def access_managed_organisation(user: User, slug: str) -> Organisation:
    """The organisation, if this person currently manages it. Anyone else gets 404: members,
    strangers, and agency staff too (agencies see aggregates only)."""
    if not user.is_authenticated:
        raise Http404
    organisation = (
        Organisation.objects.select_related("territory")
        .filter(slug=slug, is_active=True, memberships__in=Membership.objects.current().managers().filter(user=user))
        .first()
    )
    if organisation is None:
        raise Http404
    return organisation


def access_membership(organisation: Organisation, membership_id: int) -> Membership:
    """A membership of this organisation; any other id is a 404."""
    membership = (
        Membership.objects.select_related("user", "organisation")
        .filter(pk=membership_id, organisation=organisation)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_current_membership(organisation: Organisation, membership_id: int) -> Membership:
    """A current member of this organisation, for the pages about one person; ended memberships
    and other organisations' are a 404."""
    membership = (
        Membership.objects.current().select_related("user").filter(pk=membership_id, organisation=organisation).first()
    )
    if membership is None:
        raise Http404
    return membership


def access_member_group(organisation: Organisation, group_id: int) -> MemberGroup:
    """A group of this organisation; another organisation's group is a 404."""
    group = MemberGroup.objects.filter(pk=group_id, organisation=organisation).first()
    if group is None:
        raise Http404
    return group


def access_group_filter(organisation: Organisation, value: str | None) -> MemberGroup | None:
    """A `groupe` filter in a query string: none when absent or not an id (ignored, as other
    filters are); another organisation's group is a 404."""
    group_id = parse_id(value)
    return access_member_group(organisation, group_id) if group_id is not None else None


def code_account_renewable(*, membership: Membership, manager: User) -> bool:
    """A manager may print a new code only for a current member without e-mail who is not staff
    and belongs to no organisation this manager does not manage: a code signs its holder in, so it
    must never reach an account that matters elsewhere."""
    person = membership.user
    if person.email or person.is_staff or person.is_superuser or membership.end_on is not None:
        return False
    managed = Membership.objects.current().managers().filter(user=manager).values("organisation")
    return not Membership.objects.current().filter(user=person).exclude(organisation__in=managed).exists()


def access_code_account(manager: User, organisation: Organisation, membership_id: int) -> Membership:
    """A membership of this organisation whose personal code this manager may renew."""
    membership = access_membership(organisation, membership_id)
    if not code_account_renewable(membership=membership, manager=manager):
        raise Http404
    return membership


def access_pending_invitation(organisation: Organisation, invitation_id: int) -> Invitation:
    """A pending invitation of this organisation; answered ones and other ids are a 404."""
    invitation = pending_invitations_of(organisation).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    return invitation


def access_received_invitation(user: User, invitation_id: int) -> Invitation:
    """A pending invitation addressed to this person's own (confirmed) e-mail; anyone else's is a 404."""
    invitation = pending_invitations_for(user).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    return invitation


def access_requestable_organisation(user: User, organisation_id: int) -> Organisation:
    """An organisation a signed-in person may ask to manage (active, not an agency)."""
    if not user.is_authenticated:
        raise Http404
    organisation = requestable_organisations().filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation


def is_agency_staff(user: User) -> bool:
    return (
        Membership.objects.current()
        .filter(user=user, organisation__kind__in=AGENCY_KINDS, organisation__is_active=True)
        .exists()
    )


def may_review_requests(user: User) -> bool:
    """Agency staff review the requests of their territory; superusers stand in where no other
    agency member can (see reviewers_of)."""
    return user.is_superuser or is_agency_staff(user)


def access_manager_request(user: User, request_id: int) -> ManagerRequest:
    """A request this person may decide (see reviewable_requests); any other id is a 404."""
    manager_request = reviewable_requests(user).filter(pk=request_id).first()
    if manager_request is None:
        raise Http404
    return manager_request
