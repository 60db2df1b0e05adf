import pytest

from courses.models import EnrolmentStatus
from courses.services.enrolments import enrolment_create, enrolment_withdraw
from courses.services.progress import ProgressRefused, module_completion_record

pytestmark = pytest.mark.django_db


def test_withdrawing_keeps_the_row_and_stops_progress(published, learner):
    enrolment = enrolment_create(user=learner, course=published.course)
    assert enrolment_withdraw(enrolment=enrolment) is True
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN and enrolment.withdrawn_at is not None
    with pytest.raises(ProgressRefused, match="quitté cette formation"):
        module_completion_record(enrolment=enrolment, module=published.reading)
    assert enrolment_withdraw(enrolment=enrolment) is False
