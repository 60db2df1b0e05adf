from django.db import transaction

from lms.accounts.models import User
from lms.notifications.kinds import get_group, preference_groups
from lms.notifications.models import NotificationPreference


def preferences_for(user: User) -> dict[str, bool]:
    """Each group's current setting for a person: their choice, else the group's default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("group", "enabled"))
    return {group.code: chosen.get(group.code, group.default_enabled) for group in preference_groups()}


def preference_allows(*, user: User, group: str) -> bool:
    row = NotificationPreference.objects.filter(user=user, group=group).values_list("enabled", flat=True).first()
    return get_group(group).default_enabled if row is None else row


@transaction.atomic
def preference_set(*, user: User, group: str, enabled: bool) -> None:
    get_group(group)  # unknown groups raise KeyError before anything is written
    NotificationPreference.objects.update_or_create(user=user, group=group, defaults={"enabled": enabled})
    if not enabled:
        from lms.notifications.services.outbox import outbox_cancel_group

        outbox_cancel_group(user=user, group=group)
