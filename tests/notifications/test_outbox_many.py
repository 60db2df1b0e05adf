"""Bulk enqueueing of one transactional e-mail to many people."""

import pytest

from lms.notifications.models import OutboxMessage
from lms.notifications.services.outbox import outbox_enqueue_many
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_one_row_each_kept_once_and_no_address_skipped():
    people = [UserFactory(), UserFactory(), UserFactory(email=None)]
    items = [(person, person) for person in people]
    assert outbox_enqueue_many(kind="accounts.email_taken", items=items) == 2
    outbox_enqueue_many(kind="accounts.email_taken", items=items)
    assert OutboxMessage.objects.filter(kind="accounts.email_taken").count() == 2


def test_only_transactional_kinds():
    with pytest.raises(ValueError, match="transactional"):
        outbox_enqueue_many(kind="accounts.welcome", items=[(UserFactory(), None)])
