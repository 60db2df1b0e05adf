"""The trainer pool: profiles edited by the trainers themselves, added and deactivated by
agency staff. A deactivated trainer keeps their sessions; they only leave the search."""

from django.db import transaction

from facetoface.models import TrainerProfile
from lms.accounts.models import User
from lms.organisations.models import Organisation


@transaction.atomic
def trainer_profile_add(*, user: User, added_by: User, organisation: Organisation | None = None) -> TrainerProfile:
    """Add a person to the pool, or reactivate them. A new profile belongs to the agency that
    added it, so that the agency finds it before the trainer fills in the territories covered."""
    profile, created = TrainerProfile.objects.get_or_create(
        user=user, defaults={"added_by": added_by, "organisation": organisation}
    )
    if not created and not profile.is_active:
        profile.is_active = True
        profile.save(update_fields=["is_active"])
    return profile


@transaction.atomic
def trainer_profile_set_active(*, profile: TrainerProfile, active: bool) -> TrainerProfile:
    profile.is_active = active
    profile.save(update_fields=["is_active"])
    return profile
