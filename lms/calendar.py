"""iCalendar files (RFC 5545), built with icalendar: the only module that imports it.

Passerelle publishes events, it does not organise meetings that collect replies, hence
METHOD:PUBLISH rather than REQUEST. Each event carries a UID that its owner keeps stable and a
SEQUENCE that goes up on every change, so that a calendar replaces the event it already holds;
a cancelled event keeps its UID with STATUS:CANCELLED. Times are written in the site's time zone
(TZID=Europe/Paris) with the VTIMEZONE that describes it, as every calendar client expects.

icalendar (some 90 modules with dateutil) is imported when a file is built, not with this
module: the views and registries that name CONTENT_TYPE and CalendarEvent load with every web
process, which serves a calendar file far less often than a page (bench P3, issue 35).
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

PRODID = "-//Passerelle//Sessions//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


@dataclass(frozen=True)
class CalendarEvent:
    """A timed event (start and end datetimes) or an all-day one (dates, the end excluded as
    RFC 5545 says: a due date on the 3rd ends on the 4th)."""

    uid: str
    start: datetime | date
    end: datetime | date
    summary: str
    sequence: int
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False


def calendar_build(events: list[CalendarEvent], *, now: datetime | None = None) -> bytes:
    import icalendar

    site_zone = ZoneInfo(settings.TIME_ZONE)
    stamp = now or timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        if isinstance(item.start, datetime) and isinstance(item.end, datetime):
            event.add("dtstart", item.start.astimezone(site_zone))
            event.add("dtend", item.end.astimezone(site_zone))
        else:  # all day: VALUE=DATE, no time zone
            event.add("dtstart", item.start)
            event.add("dtend", item.end)
        event.add("sequence", item.sequence)
        event.add("summary", item.summary)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
