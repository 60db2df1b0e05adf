from django.db import transaction

from lms.accounts.models import AudienceCode, User
from lms.notifications.kinds import PreferenceGroup, get_group, preference_groups
from lms.notifications.models import NotificationPreference


def parent_only(user: User) -> bool:
    codes = {audience.code for audience in user.audiences.all()}
    return codes == {AudienceCode.PARENT}


def default_for(user: User, group: PreferenceGroup, *, is_parent_only: bool | None = None) -> bool:
    """A group's setting for someone who never chose: parents start opted out of everything
    (sweeps.accepting says the same in SQL)."""
    if not group.default_enabled:
        return False
    return not (parent_only(user) if is_parent_only is None else is_parent_only)


def preferences_for(user: User) -> dict[str, bool]:
    """Each group's current setting for a person: their choice, else the group's default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("group", "enabled"))
    only_parent = parent_only(user)
    return {
        group.code: chosen.get(group.code, default_for(user, group, is_parent_only=only_parent))
        for group in preference_groups()
    }


def preference_allows(*, user: User, group: str) -> bool:
    row = NotificationPreference.objects.filter(user=user, group=group).values_list("enabled", flat=True).first()
    return default_for(user, get_group(group)) if row is None else row


@transaction.atomic
def preference_set(*, user: User, group: str, enabled: bool) -> None:
    get_group(group)  # unknown groups raise KeyError before anything is written
    NotificationPreference.objects.update_or_create(user=user, group=group, defaults={"enabled": enabled})
    if not enabled:
        from lms.notifications.services.outbox import outbox_cancel_group

        outbox_cancel_group(user=user, group=group)
