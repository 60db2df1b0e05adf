"""A person's optional home commune, chosen on their profile."""

from django.db import transaction
from django.http import HttpRequest

from lms.accounts.models import User
from lms.organisations.models import HomeCommune, Territory, TerritoryKind
from lms.organisations.selectors import home_commune_of


def home_commune_profile_context(request: HttpRequest) -> dict:
    """The profile page's "Ma commune" section (registered with accounts' profile sections)."""
    if not isinstance(request.user, User):  # the profile page requires a sign-in
        return {"commune": None}
    return {"commune": home_commune_of(request.user)}


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
