"""A learner who finishes the course of tests/courses/conftest.py, and the attestation that follows."""

import pytest

from courses.services.enrolments import enrolment_create
from courses.services.progress import module_completion_record, quiz_attempt_submit
from tests.courses.conftest import build_course, right_answers


def finish(published, enrolment) -> None:
    module_completion_record(enrolment=enrolment, module=published.reading)
    quiz_attempt_submit(
        enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
    )


@pytest.fixture
def published(db):
    return build_course()


@pytest.fixture
def complete(django_capture_on_commit_callbacks):
    """complete(published, user, organisation=None) -> the enrolment, finished, with every
    on-commit callback run (the issue task, then the PDF), as the worker would."""

    def run(published, user, **enrolment_fields):
        with django_capture_on_commit_callbacks(execute=True):
            enrolment = enrolment_create(user=user, course=published.course)
            if enrolment_fields:
                type(enrolment).objects.filter(pk=enrolment.pk).update(**enrolment_fields)
                enrolment.refresh_from_db()
            finish(published, enrolment)
        enrolment.refresh_from_db()
        return enrolment

    return run
