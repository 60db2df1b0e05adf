"""What visitors see of scenarios changed without a page being published (a feedback approved or
withdrawn): the apps above that cache public pages (cms) register here in their ready(), and the
scenario services call `public_content_changed()` explicitly. scenarios must not import cms."""

from collections.abc import Callable

_listeners: list[Callable[[], None]] = []


def register_public_change_listener(listener: Callable[[], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def public_content_changed() -> None:
    for listener in _listeners:
        listener()
