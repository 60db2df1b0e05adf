import pytest

from courses.models import Enrolment, ModuleCompletion
from courses.services.enrolments import enrolment_create
from courses.services.progress import ProgressRefused, module_completion_record, quiz_attempt_submit
from tests.courses.conftest import build_course, right_answers

pytestmark = pytest.mark.django_db


def test_a_reading_module_completes_once(published, learner):
    enrolment = enrolment_create(user=learner, course=published.course)
    for _ in range(2):
        progress = module_completion_record(enrolment=enrolment, module=published.reading)
        assert progress.done_ids == {published.reading.pk} and progress.next_module == published.quiz
    assert ModuleCompletion.objects.count() == 1
    enrolment.refresh_from_db()
    assert enrolment.last_module == published.reading and enrolment.last_activity_at is not None


def test_a_quiz_module_needs_the_quiz_passed(published, learner):
    enrolment = enrolment_create(user=learner, course=published.course)
    with pytest.raises(ProgressRefused, match="Réussissez d'abord le quiz"):
        module_completion_record(enrolment=enrolment, module=published.quiz)
    quiz_attempt_submit(
        enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
    )
    assert ModuleCompletion.objects.filter(enrolment=enrolment, module=published.quiz).exists()


def test_a_module_of_another_course_is_refused(published, learner):
    other = build_course()
    enrolment = enrolment_create(user=learner, course=published.course)
    with pytest.raises(ProgressRefused):
        module_completion_record(enrolment=enrolment, module=other.reading)


def test_a_sequential_course_opens_modules_in_order(learner):
    published = build_course(is_sequential=True)
    enrolment = enrolment_create(user=learner, course=published.course)
    with pytest.raises(ProgressRefused, match="dans l'ordre"):
        quiz_attempt_submit(
            enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
        )
    module_completion_record(enrolment=enrolment, module=published.reading)
    quiz_attempt_submit(
        enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
    )
    assert Enrolment.objects.get().status == "completed"


def test_completions_are_kept_per_cycle(published, learner):
    enrolment = enrolment_create(user=learner, course=published.course)
    module_completion_record(enrolment=enrolment, module=published.reading)
    Enrolment.objects.filter(pk=enrolment.pk).update(cycle=2)
    enrolment.refresh_from_db()
    module_completion_record(enrolment=enrolment, module=published.reading)
    assert sorted(ModuleCompletion.objects.values_list("cycle", flat=True)) == [1, 2]
