from django.core.management import call_command

import pytest

from surveys.course_results import course_results
from surveys.models import CourseAnswer, CourseSheet, CourseSurvey

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(CourseSheet.objects.values_list("course__title", "kind", "week")),
        sorted(CourseAnswer.objects.values_list("key", "choice", "number", "text")),
        list(CourseSurvey.objects.order_by("pk").values_list("course__title", "satisfaction", "self_assessment")),
    )


def test_seed_demo_rates_the_parents_course_and_leaves_the_workshops_below_the_threshold():
    """12 learners before, after and satisfied on one course, 3 on another; a second run adds nothing."""
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    parents = CourseSurvey.objects.get(course__title="Accompagner son enfant sur Internet").course
    results = course_results(parents.pk)
    (satisfaction,) = results.satisfaction
    assert satisfaction.learners == 12 and satisfaction.shown and len(satisfaction.comments["commentaire"]) == 6
    (assessment,) = results.self_assessments
    assert (assessment.before.learners, assessment.after.learners) == (12, 12)
    workshops = CourseSurvey.objects.get(course__title__startswith="Organiser des ateliers").course
    (few,) = course_results(workshops.pk).satisfaction
    assert (few.learners, few.shown) == (3, False)
