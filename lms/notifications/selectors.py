"""Reading notification preferences. lms.notifications knows users only through
AUTH_USER_MODEL (DESIGN.md §2): the type below is for readers and mypy, not an import at run time."""

from typing import TYPE_CHECKING

from django.db.models import Count, Min
from django.utils import timezone

from lms.audiences import AudienceCode
from lms.notifications.kinds import PreferenceGroup, get_group, preference_groups
from lms.notifications.models import NotificationPreference, OutboxMessage

if TYPE_CHECKING:
    from lms.accounts.models import User


def parent_only(user: "User") -> bool:
    codes = {audience.code for audience in user.audiences.all()}
    return codes == {AudienceCode.PARENT}


def default_for(user: "User", group: PreferenceGroup, *, is_parent_only: bool | None = None) -> bool:
    """A group's setting for someone who never chose: parents start opted out of everything
    (sweeps.accepting says the same in SQL)."""
    if not group.default_enabled:
        return False
    return not (parent_only(user) if is_parent_only is None else is_parent_only)


def preferences_for(user: "User") -> dict[str, bool]:
    """Each group's current setting for a person: their choice, else the group's default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("group", "enabled"))
    only_parent = parent_only(user)
    return {
        group.code: chosen.get(group.code, default_for(user, group, is_parent_only=only_parent))
        for group in preference_groups()
    }


def preference_allows(*, user: "User", group: str) -> bool:
    row = NotificationPreference.objects.filter(user=user, group=group).values_list("enabled", flat=True).first()
    return default_for(user, get_group(group)) if row is None else row


def outbox_report() -> dict:
    """E-mails due and not yet sent (reminders included), and how long the oldest has waited:
    the "outbox" line of /sante/ (registered with lms.runtime.health in ready())."""
    now = timezone.now()
    due = OutboxMessage.objects.filter(status="pending", send_after__lte=now).aggregate(
        backlog=Count("pk"), oldest=Min("send_after")
    )
    oldest = due["oldest"]
    return {"backlog": due["backlog"], "oldest_age_s": round((now - oldest).total_seconds(), 1) if oldest else None}
