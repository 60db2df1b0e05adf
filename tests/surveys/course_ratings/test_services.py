"""surveys.services.course_answers: anonymous answers, once per learner, survey and course."""

from django.db import IntegrityError, connection

import pytest

from surveys.models import CourseAnswer, CourseAnswerMarker, CourseSheet
from surveys.services.course_answers import AlreadyAnswered, course_answers_submit
from tests.factories import UserFactory
from tests.factories.surveys import CourseAnswerMarkerFactory, CourseSurveyFactory
from tests.helpers.concurrency import assert_no_crash, run_concurrently
from tests.surveys.course_ratings.conftest import SATISFACTION, finished_learner


def submit(user, survey, data=SATISFACTION, kind="satisfaction"):
    return course_answers_submit(
        user=user, course=survey.course, kind=kind, questionnaire=survey.satisfaction, data=_multi(data)
    )


def _multi(data):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


def _columns(model):
    with connection.cursor() as cursor:
        return connection.introspection.get_table_description(cursor, model._meta.db_table)


def test_answer_tables_have_no_column_leading_to_a_person_an_organisation_or_a_day(db):
    """No column of the answer tables names a user or an organisation, and none holds a date."""
    user_table = UserFactory._meta.model._meta.db_table
    for model in (CourseSheet, CourseAnswer):
        names = {column.name for column in _columns(model)}
        assert not {name for name in names if "user" in name or "organisation" in name or name.endswith("_at")}
        with connection.cursor() as cursor:
            relations = connection.introspection.get_relations(cursor, model._meta.db_table)
        assert {table for _column, table in relations.values()} <= {
            "surveys_coursesheet",
            "surveys_questionnaire",
            "courses_course",
        }
        assert user_table not in {table for _column, table in relations.values()}
        fields = [field for field in model._meta.get_fields() if field.concrete]
        assert not [field.name for field in fields if field.get_internal_type() in ("DateTimeField", "DateField")]


def test_answers_are_stored_without_the_learner_with_the_iso_week(survey):
    """The sheet holds the answers and the week; the marker holds who, and no answer."""
    user = finished_learner(survey.course)
    assert submit(user, survey) == {}
    sheet = CourseSheet.objects.get()
    assert len(sheet.week) == 8 and sheet.week[4:6] == "-W"
    assert {(a.key, a.choice, a.number, a.text) for a in sheet.answers.all()} == {
        ("clarte", "", 4, ""),
        ("utile", "", 5, ""),
        ("duree", "courte", None, ""),
        ("commentaire", "", None, "Très bien."),
    }
    marker = CourseAnswerMarker.objects.get()
    assert (marker.user, marker.course, marker.kind) == (user, survey.course, "satisfaction")
    survey.satisfaction.refresh_from_db()
    assert survey.satisfaction.is_frozen


def test_errors_store_nothing(survey):
    """A missing required answer comes back by question, and neither marker nor sheet is kept."""
    errors = submit(finished_learner(survey.course), survey, data={"clarte": ["4"]})
    assert set(errors) == {"utile", "duree"}
    assert not CourseSheet.objects.exists() and not CourseAnswerMarker.objects.exists()


def test_a_second_answer_is_refused_and_leaves_nothing(survey):
    """One answer per learner, survey and course: the second keeps no sheet."""
    user = finished_learner(survey.course)
    submit(user, survey)
    with pytest.raises(AlreadyAnswered):
        submit(user, survey)
    assert CourseSheet.objects.count() == 1 and CourseAnswer.objects.count() == 4


def test_the_database_refuses_a_second_marker(db):
    """The unique constraint holds the rule, whatever the code above it."""
    marker = CourseAnswerMarkerFactory()
    with pytest.raises(IntegrityError):
        CourseAnswerMarkerFactory(user=marker.user, course=marker.course, kind=marker.kind)


@pytest.mark.usefixtures("transactional_site")
def test_two_concurrent_posts_store_one_answer():
    """Two posts at once by the same learner: one sheet, one marker, no crash."""
    survey = CourseSurveyFactory()
    user = finished_learner(survey.course)

    def post(_index):
        from surveys.models import CourseSurvey

        fresh = CourseSurvey.objects.select_related("course", "satisfaction").get(pk=survey.pk)
        try:
            return submit(user, fresh)
        except AlreadyAnswered:
            return "already"

    outcomes = run_concurrently(post, workers=2)
    assert_no_crash(outcomes)
    assert sorted(str(outcome.value) for outcome in outcomes) == ["already", "{}"]
    assert CourseAnswerMarker.objects.count() == 1
    assert CourseSheet.objects.count() == 1
