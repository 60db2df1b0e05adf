"""Who sees what on /territoires/ beyond the public figures (issue 28, DESIGN.md §2).

Every territory page and export is public, with suppression. Two readers see more, on the pages
they already reach, never at an address of their own:
- agency staff whose agency covers a département or an EPCI see its survey figures per commune
  from one responding organisation: they ran the campaign and already follow each response;
- a manager sees, on their commune's page, the figures of the organisations they manage there,
  from their own response alone. A town hall (a commune organisation) also sees the figures of
  its commune's responding schools: the commune equips its schools.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from lms.accounts.models import User
from lms.organisations.models import Membership, Organisation, OrganisationKind, Territory, TerritoryKind
from surveys.models import Campaign
from surveys.selectors import agencies_of, territory_scope


def agency_covers(user: User, territory: Territory) -> bool:
    """Whether one of the agencies this person works for covers `territory` (an EPCI, which has no
    région of its own, through its member communes). Two queries at most."""
    agencies = agencies_of(user)
    if not agencies:
        return False
    if any(agency.kind == OrganisationKind.NATIONAL_AGENCY for agency in agencies):
        return True  # covers everything (territory_scope's empty Q would vanish in an OR)
    scope = Q(pk__in=[])
    for agency in agencies:
        scope |= territory_scope(agency)
    places = Territory.objects.filter(epci=territory) if territory.kind == TerritoryKind.EPCI else Territory.objects
    return places.filter(scope, **({} if territory.kind == TerritoryKind.EPCI else {"pk": territory.pk})).exists()


def may_see_communes_survey(
    user: User | AnonymousUser, territory: Territory | None, campaign: Campaign | None = None
) -> bool:
    """The per-commune survey table of a département or EPCI page: staff of the agency that ran
    the campaign shown (its targets lie in that agency's région), when it covers the territory."""
    if territory is None or territory.kind not in (TerritoryKind.DEPARTEMENT, TerritoryKind.EPCI):
        return False
    if not isinstance(user, User):
        return False
    if campaign is not None and campaign.agency_id not in {agency.pk for agency in agencies_of(user)}:
        return False
    return agency_covers(user, territory)


def organisations_managed_in(user: User | AnonymousUser, territory: Territory | None) -> list[Organisation]:
    """The active organisations placed on this commune that this person currently manages."""
    if territory is None or territory.kind != TerritoryKind.COMMUNE or not isinstance(user, User):
        return []
    managed = Membership.objects.current().managers().filter(user=user).values("organisation")
    return list(Organisation.objects.filter(pk__in=managed, territory=territory, is_active=True).order_by("name"))


def is_town_hall(organisation: Organisation) -> bool:
    return organisation.kind == OrganisationKind.COMMUNE
