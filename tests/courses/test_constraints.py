from django.db import IntegrityError, transaction

import pytest

from courses.models import Enrolment, ModuleCompletion
from tests.factories import CourseFactory, ModuleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_one_enrolment_per_user_and_course():
    user, course = UserFactory(), CourseFactory()
    Enrolment.objects.create(user=user, course=course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(user=user, course=course)


def test_one_completion_per_enrolment_cycle_and_module():
    module = ModuleFactory()
    enrolment = Enrolment.objects.create(user=UserFactory(), course=module.course)
    ModuleCompletion.objects.create(enrolment=enrolment, cycle=1, module=module)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModuleCompletion.objects.create(enrolment=enrolment, cycle=1, module=module)
    ModuleCompletion.objects.create(enrolment=enrolment, cycle=2, module=module)


def test_cycles_start_at_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(user=UserFactory(), course=CourseFactory(), cycle=0)
