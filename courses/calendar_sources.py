"""Dated entries other apps add to the learner's calendar (/mon-espace/ and its .ics feed):
facetoface adds its session dates. `courses` never imports those apps (DESIGN.md §2)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from lms.accounts.models import User


@dataclass(frozen=True)
class CalendarEntry:
    """One date in a person's calendar: all day (a due date) or timed (a session's slot)."""

    uid: str  # stable across feeds, so that a subscribed calendar replaces rather than duplicates
    title: str
    start: datetime | date
    end: datetime | date
    url: str = ""
    location: str = ""
    kind: str = ""  # a short label shown beside the date: "à terminer", "session"

    @property
    def day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def sort_key(self) -> tuple:
        moment = self.start if isinstance(self.start, datetime) else None
        return (self.day, moment is not None, moment.timestamp() if moment else 0, self.title)


CalendarSource = Callable[[User, datetime], list[CalendarEntry]]

_sources: dict[str, CalendarSource] = {}


def register_calendar_source(code: str, source: CalendarSource) -> None:
    _sources[code] = source


def registered_entries(user: User, now: datetime) -> list[CalendarEntry]:
    """The entries of every registered source, one call each (each a fixed number of queries)."""
    entries: list[CalendarEntry] = []
    for code in sorted(_sources):
        entries.extend(_sources[code](user, now))
    return entries
