import pytest

from courses.models import QuizAttempt
from courses.services.enrolments import enrolment_create
from courses.services.progress import ProgressRefused, quiz_attempt_submit, quiz_score
from tests.courses.conftest import build_course, right_answers, wrong_answers

pytestmark = pytest.mark.django_db

KEY = {
    "questions": [
        {"id": "q1", "multiple": False, "choices": ["a", "b"], "correct": ["a"], "feedback": ""},
        {"id": "q2", "multiple": True, "choices": ["c", "d", "e"], "correct": ["c", "d"], "feedback": ""},
    ]
}


@pytest.mark.parametrize(
    ("answers", "score", "results"),
    [
        ({"q1": ["a"], "q2": ["c", "d"]}, 100, {"q1": True, "q2": True}),
        ({"q1": ["a"], "q2": ["c"]}, 50, {"q1": True, "q2": False}),  # several right: all needed
        ({"q1": ["a"], "q2": ["c", "d", "e"]}, 50, {"q1": True, "q2": False}),  # and no wrong one
        ({}, 0, {"q1": False, "q2": False}),  # an empty submission
        ({"q1": ["forged"], "q2": ["c", "d", "forged"]}, 50, {"q1": False, "q2": True}),  # forged ids ignored
        ({"q1": ["a", "b"], "q2": ["c", "d"]}, 50, {"q1": False, "q2": True}),
        ({"unknown": ["a"]}, 0, {"q1": False, "q2": False}),
    ],
)
def test_quiz_score_edge_cases(answers, score, results):
    assert quiz_score(KEY, answers) == (score, results)


def test_a_failed_then_passed_quiz_keeps_both_attempts(published, learner):
    enrolment = enrolment_create(user=learner, course=published.course)
    failed = quiz_attempt_submit(
        enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=wrong_answers(published)
    )
    assert (failed.score, failed.passed) == (0, False)
    passed = quiz_attempt_submit(
        enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
    )
    assert (passed.score, passed.passed) == (100, True)
    assert QuizAttempt.objects.filter(enrolment=enrolment).count() == 2


def test_an_unknown_quiz_is_refused(published, learner):
    enrolment = enrolment_create(user=learner, course=published.course)
    with pytest.raises(ProgressRefused, match="n'existe plus"):
        quiz_attempt_submit(enrolment=enrolment, module=published.quiz, quiz_id="forged", answers={})


def test_attempts_are_limited_when_the_course_says_so(learner):
    published = build_course(max_quiz_attempts=2)
    enrolment = enrolment_create(user=learner, course=published.course)
    for _ in range(2):
        quiz_attempt_submit(
            enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=wrong_answers(published)
        )
    with pytest.raises(ProgressRefused, match="vos 2 tentatives"):
        quiz_attempt_submit(
            enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=right_answers(published)
        )


def test_a_quiz_sent_with_a_question_left_blank_is_not_scored(published, learner):
    """A blank question is asked for again: no attempt is kept, so nothing is counted."""
    from courses.services.progress import QuizUnanswered

    enrolment = enrolment_create(user=learner, course=published.course)
    first_question = published.questions[0][0]
    with pytest.raises(QuizUnanswered) as refused:
        quiz_attempt_submit(enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers={})
    assert first_question in refused.value.question_ids
    answers = right_answers(published)
    answers[first_question] = []
    with pytest.raises(QuizUnanswered) as refused:
        quiz_attempt_submit(enrolment=enrolment, module=published.quiz, quiz_id=published.quiz_id, answers=answers)
    assert refused.value.question_ids == [first_question]
    assert not QuizAttempt.objects.exists()
