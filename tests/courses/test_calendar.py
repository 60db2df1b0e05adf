"""The learner's calendar (issue 33, item 3): due dates and session dates in order on
/mon-espace/, and a private .ics feed that parses back with icalendar, holds only the person's
own dates, and stops working when its address is renewed."""

import re
from datetime import timedelta

from django.utils import timezone

import icalendar
import pytest

from courses.models import CalendarFeed
from courses.services.calendar_feeds import calendar_feed_get, feed_token
from tests.factories import EnrolmentFactory, UserFactory
from tests.factories.facetoface import RegistrationFactory, TrainingSessionFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client):
    person = UserFactory()
    client.force_login(person)
    return person


def dates_for(person, *, course_title, session_title, due_in=20):
    EnrolmentFactory(user=person, course__title=course_title, due_on=timezone.localdate() + timedelta(days=due_in))
    session = TrainingSessionFactory(title=session_title)  # one morning a week from now
    RegistrationFactory(user=person, session=session)
    return session


def feed_path(client) -> str:
    html = page_text(client.get("/mon-espace/calendrier/"))
    return re.search(r"http://[^/]+(/mon-espace/calendrier/[^\"]+\.ics)", html).group(1)


def test_the_dashboard_lists_due_dates_and_sessions_in_order(client, learner):
    """The session next week comes before the due date in twenty days."""
    dates_for(learner, course_title="Le cahier de textes", session_title="Atelier ENT")
    html = page_text(client.get("/mon-espace/"))
    section = html[html.index("Mon agenda") :]
    assert section.index("Atelier ENT") < section.index("Le cahier de textes")


def test_the_feed_parses_back_and_holds_only_the_persons_own_dates(client, learner):
    """One all-day event for the due date, one timed event for the session; nobody else's."""
    dates_for(learner, course_title="Le cahier de textes", session_title="Atelier ENT")
    dates_for(UserFactory(), course_title="Formation d'un autre", session_title="Session d'un autre")
    client.logout()  # calendar apps have no session: the token is the key
    response = client.get(feed_path_for(learner))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"À terminer : Le cahier de textes", "Session : Atelier ENT"}
    due = events["À terminer : Le cahier de textes"].decoded("dtstart")
    assert due == timezone.localdate() + timedelta(days=20)
    assert events["Session : Atelier ENT"].decoded("dtstart").tzinfo is not None


def feed_path_for(person) -> str:
    return f"/mon-espace/calendrier/{feed_token(calendar_feed_get(user=person))}.ics"


def test_renewing_the_address_stops_the_old_one(client, learner):
    """After renewal, the old address is a 404 and the new one works."""
    old = feed_path(client)
    assert client.get(old).status_code == 200
    client.post("/mon-espace/calendrier/")
    new = feed_path(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.get(user=learner).version == 2


@pytest.mark.parametrize("token", ["nimporte-quoi", "WzEsMV0:1abc:forged", ""])
def test_the_404_matrix_of_the_feed(client, learner, token):
    """A forged, altered or missing token, or another person's renewed one, is a 404."""
    assert client.get(f"/mon-espace/calendrier/{token}.ics").status_code == 404
    other = UserFactory()
    stale = feed_path_for(other)
    CalendarFeed.objects.filter(user=other).update(version=5)
    assert client.get(stale).status_code == 404


def test_the_calendar_page_needs_a_sign_in(client):
    """The page that shows the address is the person's own."""
    assert client.get("/mon-espace/calendrier/")["Location"].startswith("/compte/connexion/")
    assert client.post("/mon-espace/calendrier/")["Location"].startswith("/compte/connexion/")
    assert not CalendarFeed.objects.exists()
