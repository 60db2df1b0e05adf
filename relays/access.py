"""Who may edit a relay's public profile: its current managers. Anyone else, including the
managers of other organisations, gets 404 (DESIGN.md §2)."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from lms.accounts.models import User
from lms.organisations.access import access_managed_organisation
from lms.organisations.models import Organisation
from relays.models import RelayProfile
from relays.models.profile import PROFILE_KINDS
from relays.selectors import published_profile


def access_editable_profile(user: User, slug: str) -> tuple[Organisation, RelayProfile | None]:
    """The organisation managed by this person and its profile, unsaved when it has none yet;
    None for a kind that is never a relay (an agency, a département), whose tab says so."""
    organisation = access_managed_organisation(user, slug)
    if organisation.kind not in PROFILE_KINDS:
        return organisation, None
    profile = RelayProfile.objects.filter(organisation=organisation).first()
    return organisation, profile or RelayProfile(organisation=organisation)


def access_relay_page(user: User | AnonymousUser, slug: str) -> RelayProfile:
    """A published profile, for anyone; an unpublished one only for its own managers, who
    preview it before publishing."""
    profile = published_profile(slug)
    if profile is not None:
        return profile
    if isinstance(user, User):
        try:
            organisation, profile = access_editable_profile(user, slug)
        except Http404:
            pass
        else:
            if profile is not None and profile.pk is not None:
                return profile
    raise Http404
