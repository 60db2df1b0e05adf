"""Reads of the shared experiences: the public listing, a territory's section, the moderation
queue, an organisation's own list, and what an association of elected officials may feature.
Only APPROVED experiences of active organisations are ever public (SharedExperience.published)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from courses.models import Theme
from lms.organisations.models import Organisation, OrganisationKind, Territory, TerritoryKind
from relays.models import ExperienceFeature, SharedExperience

# Who may write shared experiences (issue 30): communes, relays and associations of elected
# officials. Schools join the relays when they opt in to the directory (relay profiles).
AUTHOR_KINDS = frozenset(
    {
        OrganisationKind.COMMUNE,
        OrganisationKind.EPN,
        OrganisationKind.MEDIATHEQUE,
        OrganisationKind.ASSOCIATION,
        OrganisationKind.ASSOCIATION_ELUS,
    }
)

# The lookup from a territory to the one of each kind it belongs to (EPCI have no département:
# they may span several).
_PARENT_LOOKUP: dict[str, str] = {
    TerritoryKind.REGION: "region",
    TerritoryKind.DEPARTEMENT: "departement",
    TerritoryKind.EPCI: "epci",
}


def within(territory: Territory, prefix: str = "territory") -> Q:
    """Rows whose territory (reached through `prefix`) is `territory` or lies inside it."""
    condition = Q(**{prefix: territory})
    parent = _PARENT_LOOKUP.get(territory.kind)
    if parent is not None:
        condition |= Q(**{f"{prefix}__{parent}": territory})
    return condition


def _for_display(experiences: QuerySet[SharedExperience]) -> QuerySet[SharedExperience]:
    # One query for the rows with their organisation and territory, one for the themes, one
    # for the associations featuring them, whatever the number of rows.
    return experiences.select_related("organisation", "territory").prefetch_related(
        "themes",
        Prefetch(
            "features",
            queryset=ExperienceFeature.objects.select_related("association").filter(association__is_active=True),
        ),
    )


def published_experiences(
    *, theme: Theme | None = None, territory: Territory | None = None, association: Organisation | None = None
) -> QuerySet[SharedExperience]:
    """The public listing, newest first, filtered by theme, territory (and what lies inside it)
    and by the association of elected officials that features them."""
    experiences = SharedExperience.objects.published()
    if theme is not None:
        experiences = experiences.filter(themes=theme)
    if territory is not None:
        experiences = experiences.filter(within(territory))
    if association is not None:
        experiences = experiences.filter(features__association=association)
    return _for_display(experiences.order_by("-moderated_at", "-pk"))


def published_experience(experience_id: int) -> SharedExperience | None:
    return _for_display(SharedExperience.objects.published()).filter(pk=experience_id).first()


def territory_experiences(territory: Territory, *, limit: int = 5) -> list[SharedExperience]:
    """A territory's dashboard section: its published experiences and those of the territories
    inside it, the ones an association features first."""
    experiences = SharedExperience.objects.published().filter(within(territory))
    return list(_for_display(experiences).order_by("-moderated_at", "-pk")[:limit])


def listing_themes() -> QuerySet[Theme]:
    """The themes that at least one published experience carries: the listing's filter."""
    published = SharedExperience.objects.published()
    return Theme.objects.filter(shared_experiences__in=published).distinct().order_by("name")


def listing_territories() -> list[Territory]:
    """The territories of the published experiences and their départements, for the filter."""
    published = SharedExperience.objects.published()
    territories = Territory.objects.filter(
        Q(shared_experiences__in=published) | Q(communes__shared_experiences__in=published)
    ).distinct()
    return sorted(territories, key=lambda territory: (territory.kind != TerritoryKind.DEPARTEMENT, territory.name))


def territory_by_key(key: str) -> Territory | None:
    """A territory from the filter's "<kind>-<code>" value ("commune-07186"), so that a link from
    any territory's dashboard filters the listing even when the select does not offer it."""
    kind, _sep, code = key.partition("-")
    if kind not in TerritoryKind.values or not code:
        return None
    return Territory.objects.filter(kind=kind, code=code).first()


def featuring_associations() -> QuerySet[Organisation]:
    """The associations of elected officials that feature at least one published experience."""
    return (
        Organisation.objects.filter(
            is_active=True,
            kind=OrganisationKind.ASSOCIATION_ELUS,
            featured_experiences__experience__in=SharedExperience.objects.published(),
        )
        .distinct()
        .order_by("name")
    )


def organisation_experiences(organisation: Organisation) -> QuerySet[SharedExperience]:
    """Everything an organisation wrote, whatever its state, for its managers."""
    return organisation.shared_experiences.select_related("territory").order_by("-updated_at", "-pk")


def moderation_queue(status: str) -> QuerySet[SharedExperience]:
    return (
        SharedExperience.objects.filter(status=status)
        .select_related("organisation", "territory", "author")
        .order_by("submitted_at", "pk")
    )


def association_scope(association: Organisation) -> Territory:
    """Who the members of an association of elected officials are, without a membership table:
    the communes within its territory. A département's association of mayors covers its
    département; one recorded with its seat's commune (the request form asks for a commune)
    covers that commune's département."""
    territory = association.territory
    if territory.kind == TerritoryKind.COMMUNE and territory.departement_id is not None:
        return territory.departement  # type: ignore[return-value]  # set for every current commune
    return territory


def member_experiences(association: Organisation) -> QuerySet[SharedExperience]:
    """The published experiences of the association's member communes, which it may feature."""
    return _for_display(
        SharedExperience.objects.published()
        .filter(organisation__kind=OrganisationKind.COMMUNE)
        .filter(within(association_scope(association), prefix="organisation__territory"))
        .order_by("-moderated_at", "-pk")
    )
