"""English mode (issue 32): interface words come from the catalogue, a full-name column is not
headed "Last name", and what exists only in French (course content, the Journal's records) is
marked lang="fr" so that screen readers read it with a French voice."""

import re

from django.utils import translation

import pytest

from lms.organisations.models import MembershipRole
from lms.organisations.services.audit import audit_record
from tests.factories import CoursePageFactory, MembershipFactory, UserFactory
from tests.factories.cms import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def english_manager(client):
    manager = MembershipFactory(
        role=MembershipRole.MANAGER,
        organisation__slug="mairie-a",
        user=UserFactory(preferred_language="en", last_name="Roux", first_name="Nina"),
    )
    client.force_login(manager.user)
    return manager


def test_the_members_full_name_column_is_not_headed_last_name(client, english_manager):
    """The column shows "ROUX Nina": its heading is not the form label "Nom" (English: "Last name")."""
    html = client.get("/organisations/mairie-a/").content.decode()
    assert '<html lang="en">' in html
    headings = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert headings and "Last name" not in headings


def test_the_journal_marks_records_written_in_french(client, english_manager):
    """An entry written by a French-speaking manager is marked lang="fr" on an English page."""
    with translation.override("fr"):
        audit_record(
            organisation=english_manager.organisation, actor=None, action="export", summary="Export des membres"
        )
    html = client.get("/organisations/mairie-a/journal/").content.decode()
    assert '<td lang="fr">Export des membres</td>' in html


def test_course_cards_mark_their_french_content(client, english_manager):
    """In the English catalogue, each course's title and summary are marked lang="fr"."""
    course_page = CoursePageFactory(title="Accompagner son enfant", summary="Une formation pour les parents.")
    publish(course_page)
    html = client.get(course_page.get_parent().url).content.decode()
    assert re.search(r'<h3 class="course-card__title" lang="fr"><a [^>]*>Accompagner son enfant</a>', html)
    assert '<p lang="fr">Une formation pour les parents.</p>' in html
