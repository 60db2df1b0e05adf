"""Who may open what. Someone else's organisation is always a 404, never a 403 (DESIGN.md §2)."""

from django.http import Http404

from lms.accounts.models import User
from lms.organisations.models import Invitation, Membership, Organisation


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


def access_pending_invitation(organisation: Organisation, invitation_id: int) -> Invitation:
    """A pending invitation of this organisation; answered ones and other ids are a 404."""
    from lms.organisations.services.invitations import pending_invitations_of

    invitation = pending_invitations_of(organisation).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    return invitation
