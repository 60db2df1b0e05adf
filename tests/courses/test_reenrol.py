import pytest

from courses.models import Enrolment, EnrolmentStatus, ModuleCompletion
from courses.services.enrolments import enrolment_create, enrolment_withdraw
from courses.services.progress import module_completion_record

pytestmark = pytest.mark.django_db


def test_re_enrolling_after_withdrawal_keeps_earlier_progress(published, learner):
    enrolment = enrolment_create(user=learner, course=published.course)
    module_completion_record(enrolment=enrolment, module=published.reading)
    enrolment_withdraw(enrolment=enrolment)
    again = enrolment_create(user=learner, course=published.course)
    assert again.pk == enrolment.pk and again.status == EnrolmentStatus.ACTIVE and again.withdrawn_at is None
    assert ModuleCompletion.objects.filter(enrolment=again, module=published.reading).exists()
    assert Enrolment.objects.count() == 1
