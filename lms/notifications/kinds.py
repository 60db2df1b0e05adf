"""Notification kinds and preference groups, registered by the apps that own the data.

    register_group(PreferenceGroup("actualites", _("Conseils et nouveautés"), ...))
    register_kind(NotificationKind("accounts.magic_link", transactional=True))

A kind's e-mail is built from templates/emails/<template>_subject.txt, .txt and .html.
Transactional kinds (confirmation, magic link, reset, invitation) ignore preferences and carry
no unsubscribe link; every other kind belongs to a preference group the person can switch off.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from lms.notifications.models import OutboxMessage


@dataclass(frozen=True)
class PreferenceGroup:
    """A switch on /compte/preferences/. Parents start opted out of every group: they came for
    one course, not for our e-mails; everyone else starts with `default_enabled`."""

    code: str
    label: "StrOrPromise"
    description: "StrOrPromise"
    default_enabled: bool = True


class MessageObsolete(Exception):
    """Raised by a context builder when the message no longer makes sense (a link already used
    or expired): the row is cancelled instead of sent."""


@dataclass(frozen=True)
class NotificationKind:
    name: str
    transactional: bool
    group: str | None = None  # required when not transactional
    # Called at send time with the outbox row; returns extra template context. Secrets such as
    # sign-in tokens are derived here, so that the outbox never stores them. A context with a
    # non-empty "reply_to" address sends the e-mail with that Reply-To: an e-mail that invites a
    # reply ("vous pouvez répondre à l'agence") names the person who should read it, since the
    # sender is a no-reply address. It is read at send time, so it is the person's address then.
    build_context: Callable[["OutboxMessage"], dict] | None = None
    # Called at send time too: (filename, content, MIME type) of each attachment, built from the
    # row's object (a calendar file from a registration), so that the outbox stores no file and a
    # retry sends the same thing.
    build_attachments: Callable[["OutboxMessage"], list[tuple[str, bytes, str]]] | None = None

    @property
    def template(self) -> str:
        return self.name.replace(".", "/")


class UnknownKind(LookupError):
    pass


_groups: dict[str, PreferenceGroup] = {}
_kinds: dict[str, NotificationKind] = {}


def register_group(group: PreferenceGroup) -> None:
    _groups[group.code] = group


def register_kind(kind: NotificationKind) -> None:
    if not kind.transactional and kind.group not in _groups:
        raise ValueError(f"Kind {kind.name}: a non-transactional kind needs a registered preference group.")
    _kinds[kind.name] = kind


def get_kind(name: str) -> NotificationKind:
    try:
        return _kinds[name]
    except KeyError:
        raise UnknownKind(name) from None


def get_group(code: str) -> PreferenceGroup:
    return _groups[code]


def preference_groups() -> list[PreferenceGroup]:
    return list(_groups.values())


def kinds_in_group(group: str) -> list[str]:
    return [name for name, kind in _kinds.items() if kind.group == group and not kind.transactional]
