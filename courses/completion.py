"""Course-completion listeners. `courses` knows nothing of the apps built on it: certificates
registers a listener here in its AppConfig.ready(), and `enrolment_complete` calls every listener
in its own transaction (DESIGN.md §2, "The main chain"). Listeners only enqueue work on commit."""

from collections.abc import Callable

_listeners: dict[str, Callable] = {}


def register_completion_listener(name: str, listener: Callable) -> None:
    """`listener(enrolment=…)` runs inside the completing transaction."""
    _listeners[name] = listener


def completion_listeners() -> list[Callable]:
    return [_listeners[name] for name in sorted(_listeners)]
