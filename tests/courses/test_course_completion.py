import pytest

from courses.completion import register_completion_listener
from courses.models import Enrolment, EnrolmentStatus
from courses.services.enrolments import enrolment_create
from courses.services.progress import module_completion_record, quiz_attempt_submit
from tests.courses.conftest import right_answers
from tests.factories import ModulePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []
    register_completion_listener("test.heard", lambda enrolment: calls.append(enrolment.pk))
    yield calls
    from courses import completion

    completion._listeners.pop("test.heard")


def finish(published, enrolment):
    module_completion_record(enrolment=enrolment, module=published.reading)
    quiz_attempt_submit(
        enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
    )


def test_the_last_required_module_completes_the_course_and_runs_listeners(published, learner, heard):
    enrolment = enrolment_create(user=learner, course=published.course)
    module_completion_record(enrolment=enrolment, module=published.reading)
    assert Enrolment.objects.get().status == EnrolmentStatus.ACTIVE and heard == []
    quiz_attempt_submit(
        enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
    )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED and enrolment.completed_at is not None
    assert heard == [enrolment.pk], "the optional module is not needed, and listeners run once"
    module_completion_record(enrolment=enrolment, module=published.optional)
    assert heard == [enrolment.pk]


def test_a_required_module_added_later_does_not_un_complete(published, learner):
    enrolment = enrolment_create(user=learner, course=published.course)
    finish(published, enrolment)
    version = published.course.content_version
    new_page = ModulePageFactory(parent=published.course_page, live=False)
    new_page.save_revision().publish()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.course.content_version == version + 1
    assert enrolment.has_new_content


def test_finished_modules_keep_counting_when_the_programme_changes(published, learner):
    enrolment = enrolment_create(user=learner, course=published.course)
    module_completion_record(enrolment=enrolment, module=published.reading)
    extra = ModulePageFactory(parent=published.course_page, live=False, is_required=False)
    extra.save_revision().publish()
    quiz_attempt_submit(
        enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
    )
    assert Enrolment.objects.get().status == EnrolmentStatus.COMPLETED


def test_unpublishing_the_last_missing_required_module_completes_the_course(
    published, learner, heard, django_capture_on_commit_callbacks
):
    """Nothing left to click: the programme change itself completes the enrolment, once."""
    enrolment = enrolment_create(user=learner, course=published.course)
    module_completion_record(enrolment=enrolment, module=published.reading)
    quiz_page = published.quiz.pages.get()
    with django_capture_on_commit_callbacks(execute=True):
        quiz_page.unpublish()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert heard == [enrolment.pk]


def test_making_a_module_optional_can_complete_the_course(
    published, learner, heard, django_capture_on_commit_callbacks
):
    enrolment = enrolment_create(user=learner, course=published.course)
    module_completion_record(enrolment=enrolment, module=published.reading)
    quiz_page = published.quiz.pages.get().specific
    quiz_page.is_required = False
    with django_capture_on_commit_callbacks(execute=True):
        quiz_page.save_revision().publish()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED and heard == [enrolment.pk]
