"""Apps told when a session's attendance becomes final, or is corrected after closing: the
dashboards (above facetoface) refresh their figures then. facetoface never imports them
(DESIGN.md §2); they register here in their AppConfig.ready()."""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

SessionListener = Callable[[int], None]

_listeners: dict[str, SessionListener] = {}


def register_session_closed(code: str, listener: SessionListener) -> None:
    _listeners[code] = listener


def session_closed_notify(session_id: int) -> None:
    """Called once the closing (or correction) is committed; a failing listener is logged and
    the others still run: the nightly refresh catches up whatever was missed."""
    for code, listener in sorted(_listeners.items()):
        try:
            listener(session_id)
        except Exception:
            logger.exception("Session-closed listener %s failed for session %s.", code, session_id)
