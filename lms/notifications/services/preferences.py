from typing import TYPE_CHECKING

from django.db import transaction

from lms.notifications.kinds import get_group
from lms.notifications.models import NotificationPreference
from lms.notifications.services.outbox import outbox_cancel_group

if TYPE_CHECKING:
    from lms.accounts.models import User


@transaction.atomic
def preference_set(*, user: "User", group: str, enabled: bool) -> None:
    get_group(group)  # unknown groups raise KeyError before anything is written
    NotificationPreference.objects.update_or_create(user=user, group=group, defaults={"enabled": enabled})
    if not enabled:
        outbox_cancel_group(user=user, group=group)
