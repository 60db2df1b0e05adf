"""A person's optional home commune, chosen on their profile."""

from django.db import transaction

from lms.accounts.models import User
from lms.organisations.models import HomeCommune, Territory, TerritoryKind


def home_commune_of(user: User) -> Territory | None:
    row = HomeCommune.objects.filter(user=user).select_related("commune__departement").first()
    return row.commune if row else None


def home_commune_profile_context(request) -> dict:
    """The profile page's "Ma commune" section (registered with accounts' profile sections)."""
    return {"commune": home_commune_of(request.user)}


def commune_choices(query: str, *, limit: int):
    """Current communes matching a name, postcode or INSEE code, with their département."""
    return (
        Territory.objects.active()
        .filter(kind=TerritoryKind.COMMUNE)
        .search(query)
        .select_related("departement")[:limit]
    )


@transaction.atomic
def home_commune_set(*, user: User, commune: Territory) -> HomeCommune:
    if commune.kind != TerritoryKind.COMMUNE or not commune.is_active:
        raise ValueError("A home commune must be a current commune.")
    row, _created = HomeCommune.objects.update_or_create(user=user, defaults={"commune": commune})
    return row


@transaction.atomic
def home_commune_clear(*, user: User) -> int:
    deleted, _by_model = HomeCommune.objects.filter(user=user).delete()
    return deleted
