from django.utils import timezone

import factory

from lms.privacy.models import DataExport, ErasureRecord, RetentionRun
from tests.factories.accounts import UserFactory


class DataExportFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)

    class Meta:
        model = DataExport


class ErasureRecordFactory(factory.django.DjangoModelFactory):
    reason = "Demande écrite reçue par courrier."

    class Meta:
        model = ErasureRecord


class RetentionRunFactory(factory.django.DjangoModelFactory):
    ran_at = factory.LazyFunction(timezone.now)
    counts = factory.LazyFunction(lambda: {"magic_links": 0})

    class Meta:
        model = RetentionRun
