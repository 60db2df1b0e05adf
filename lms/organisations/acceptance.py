"""Invitation-acceptance listeners. `lms.organisations` knows nothing of the apps built on it:
`courses` registers a listener here in its AppConfig.ready() (the course an invitation carries
is applied on acceptance), and `invitation_accept` calls every listener in its own transaction
(DESIGN.md §2), so the chain reads as calls. A listener that fails rolls the acceptance back."""

from typing import Protocol

from lms.accounts.models import User
from lms.organisations.models import Invitation, Membership


class AcceptanceListener(Protocol):
    def __call__(self, *, invitation: Invitation, user: User, membership: Membership) -> None: ...


_listeners: dict[str, AcceptanceListener] = {}


def register_acceptance_listener(name: str, listener: AcceptanceListener) -> None:
    """`listener(invitation=…, user=…, membership=…)` runs inside the accepting transaction,
    after the membership is open. Registering the same name again replaces the listener."""
    _listeners[name] = listener


def acceptance_listeners() -> list[AcceptanceListener]:
    return [_listeners[name] for name in sorted(_listeners)]
