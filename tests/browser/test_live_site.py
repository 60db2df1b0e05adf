"""The live-server fixture keeps what migrations created, test after test (the tests run in order)."""

from wagtail.models import Page, Site

import pytest

from lms.accounts.models import Audience

pytestmark = pytest.mark.browser


def migrated_rows():
    return (Page.objects.filter(depth=1).count(), Site.objects.count(), Audience.objects.count())


def test_first_browser_test_flushes_the_database(demo_data, page):
    """A browser test with demo data; its teardown flushes the database."""
    page.goto(demo_data.url + "/")
    assert migrated_rows() == (1, 1, 4)


def test_next_browser_test_still_has_the_migrated_rows(live_site, page):
    """After the flush, the Wagtail root, the site and the audiences are back, and "/" still answers."""
    assert migrated_rows() == (1, 1, 4)
    response = page.goto(live_site.url + "/")
    assert response.status == 200
