"""The learner's private calendar address: made on first use, renewed on request."""

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from courses.models import CALENDAR_FEED_SALT, CalendarFeed
from lms.accounts.models import User


def feed_token(feed: CalendarFeed) -> str:
    return signing.dumps([feed.user_id, feed.version], salt=CALENDAR_FEED_SALT)


def calendar_feed_get(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """A new address; the previous one answers 404 from now on."""
    feed = calendar_feed_get(user=user)
    CalendarFeed.objects.filter(pk=feed.pk).update(version=F("version") + 1, renewed_at=timezone.now())
    feed.refresh_from_db()
    return feed
