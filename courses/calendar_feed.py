"""The learner's calendar as an iCalendar feed, through lms.calendar (the icalendar builder the
sessions' invitations use)."""

from django.utils.translation import gettext as _

from courses.calendar_sources import CalendarEntry
from lms.calendar import CalendarEvent, calendar_build

# A feed keeps recent dates too, so that a calendar does not drop yesterday's session at once.
FEED_PAST_DAYS = 30


def calendar_ics(entries: list[CalendarEntry], *, site_url: str) -> bytes:
    events = [
        CalendarEvent(
            uid=entry.uid,
            start=entry.start,
            end=entry.end,
            summary=(_("À terminer : %(title)s") if entry.kind == "due" else _("Session : %(title)s"))
            % {"title": entry.title},
            sequence=0,
            location=entry.location,
            url=site_url + entry.url if entry.url.startswith("/") else entry.url,
        )
        for entry in entries
    ]
    return calendar_build(events)
