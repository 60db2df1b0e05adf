"""Reads for the organisation pages. Each returns everything its page needs, in fixed queries."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _lazy

from lms.accounts.models import AudienceCode, User
from lms.organisations.models import Membership, MembershipRole, Organisation


def memberships_of_user(user: User) -> QuerySet[Membership]:
    """The person's current memberships, with their organisation and territory."""
    return (
        Membership.objects.current()
        .filter(user=user, organisation__is_active=True)
        .select_related("organisation", "organisation__territory")
        .order_by("organisation__name")
    )


MEMBER_STATES = {
    "connecte": (_lazy("S'est déjà connecté"), Q(user__last_login__isnull=False)),
    "jamais": (_lazy("Jamais connecté"), Q(user__last_login__isnull=True)),
    "sans-email": (_lazy("Compte sans e-mail"), Q(user__email__isnull=True)),
}


def organisation_members(
    organisation: Organisation, *, query: str = "", role: str = "", audience: str = "", state: str = ""
) -> QuerySet[Membership]:
    """Current members of an organisation for its Membres tab, searchable by name, e-mail or
    login id, filtered by role, audience and account state (MEMBER_STATES)."""
    members = (
        Membership.objects.current()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    if role in MembershipRole.values:
        members = members.filter(role=role)
    if audience in AudienceCode.values:
        members = members.filter(user__audiences__code=audience)
    if state in MEMBER_STATES:
        members = members.filter(MEMBER_STATES[state][1])
    query = query.strip()
    if query:
        condition = Q()
        for word in query.split():
            condition &= (
                Q(user__last_name__icontains=word)
                | Q(user__first_name__icontains=word)
                | Q(user__email__icontains=word)
                | Q(user__login_id__icontains=word)
            )
        members = members.filter(condition)
    return members
