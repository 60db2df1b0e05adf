"""A published course for the learning tests: a reading module, a module with a two-question
quiz, and an optional module; and a parent who may enrol in it."""

from dataclasses import dataclass

import pytest

from courses.models import Course, Module
from tests.factories import CoursePageFactory, ModulePageFactory, UserFactory
from tests.factories.cms import paragraph_block, publish, quiz_block


@dataclass
class Published:
    course: Course
    reading: Module
    quiz: Module
    optional: Module
    quiz_id: str
    questions: list  # [(question id, right choice ids, wrong choice ids)]
    course_page: object


def build_course(*, is_sequential=False, max_quiz_attempts=None, audiences=("parent",)) -> Published:
    course_page = publish(
        CoursePageFactory(
            live=False,
            audiences=list(audiences),
            is_sequential=is_sequential,
            max_quiz_attempts=max_quiz_attempts,
            pass_mark=100,
        )
    )
    reading = publish(ModulePageFactory(parent=course_page, live=False, body=[paragraph_block()]))
    quiz = quiz_block(
        [
            ("Une réponse ?", [("Juste", True), ("Fausse", False)], "Parce que."),
            ("Deux réponses ?", [("Juste A", True), ("Juste B", True), ("Fausse", False)], ""),
        ]
    )
    quiz_page = publish(ModulePageFactory(parent=course_page, live=False, body=[paragraph_block(), quiz]))
    optional = publish(ModulePageFactory(parent=course_page, live=False, is_required=False))
    questions = []
    for question in quiz["value"]["questions"]:
        choices = question["value"]["choices"]
        questions.append(
            (
                question["id"],
                [choice["id"] for choice in choices if choice["value"]["correct"]],
                [choice["id"] for choice in choices if not choice["value"]["correct"]],
            )
        )
    course_page.refresh_from_db()
    return Published(
        course=course_page.course,
        reading=Module.objects.get(source_page_id=reading.pk),
        quiz=Module.objects.get(source_page_id=quiz_page.pk),
        optional=Module.objects.get(source_page_id=optional.pk),
        quiz_id=quiz["id"],
        questions=questions,
        course_page=course_page,
    )


def right_answers(published: Published) -> dict:
    return {question_id: right for question_id, right, _wrong in published.questions}


def wrong_answers(published: Published) -> dict:
    return {question_id: wrong[:1] for question_id, _right, wrong in published.questions}


@pytest.fixture
def published(db):
    return build_course()


@pytest.fixture
def learner(db):
    return UserFactory(first_name="Paule", audiences=["parent"])
