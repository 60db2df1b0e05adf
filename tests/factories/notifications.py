from django.utils import timezone

import factory

from lms.notifications.models import NotificationPreference, OutboxMessage
from tests.factories.accounts import UserFactory


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    recipient = factory.SubFactory(UserFactory)
    to_email = factory.LazyAttribute(lambda message: message.recipient.email)
    kind = "accounts.welcome"
    object_type = "accounts.user"
    object_id = factory.LazyAttribute(lambda message: str(message.recipient.pk))
    send_after = factory.LazyFunction(timezone.now)

    class Meta:
        model = OutboxMessage


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    group = "actualites"
    enabled = False

    class Meta:
        model = NotificationPreference
