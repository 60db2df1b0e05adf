"""surveys.course_results: figures from 5 learners per version, comments from 5, shuffled."""

import random

from surveys.course_results import course_ratings_for_territory, course_results
from tests.factories import CourseFactory, TerritoryFactory
from tests.factories.surveys import CourseAnswerFactory, CourseSheetFactory, LearnerQuestionnaireFactory


def sheets(course, questionnaire, count, *, kind="satisfaction", clarte=4, comment=None):
    for number in range(count):
        sheet = CourseSheetFactory(course=course, questionnaire=questionnaire, kind=kind)
        CourseAnswerFactory(sheet=sheet, key="clarte", number=clarte)
        CourseAnswerFactory(sheet=sheet, key="duree", number=None, choice="courte")
        if comment is not None and number < comment:
            CourseAnswerFactory(sheet=sheet, key="commentaire", number=None, text=f"Commentaire {number}")


def test_figures_show_from_five_learners_per_version(db):
    """Four answers hide the figures; five show them; another version counts apart."""
    course, version = CourseFactory(), LearnerQuestionnaireFactory()
    sheets(course, version, 4)
    newer = LearnerQuestionnaireFactory(family=version.family, version=2)
    sheets(course, newer, 5)
    groups = {group.questionnaire.version: group for group in course_results(course.pk).satisfaction}
    assert (groups[1].learners, groups[1].shown, groups[1].distributions) == (4, False, {})
    assert groups[2].shown
    clarte = groups[2].distributions["clarte"]
    assert [(bar.value, bar.count) for bar in clarte.bars] == [("1", 0), ("2", 0), ("3", 0), ("4", 5), ("5", 0)]
    assert str(clarte.mean) == "4.0"
    assert [(bar.value, bar.percent) for bar in groups[2].distributions["duree"].bars] == [
        ("courte", 100),
        ("longue", 0),
    ]


def test_comments_show_from_five_comments_shuffled(db):
    """Four comments stay hidden though the figures show; five show, in random order."""
    course, version = CourseFactory(), LearnerQuestionnaireFactory()
    sheets(course, version, 6, comment=4)
    group = course_results(course.pk).satisfaction[0]
    assert group.shown and group.comment_counts == {"commentaire": 4} and group.comments == {}
    CourseAnswerFactory(
        sheet=CourseSheetFactory(course=course, questionnaire=version), key="commentaire", number=None, text="Cinq"
    )
    seeded = random.Random(0)  # noqa: S311 - a seeded order to compare
    stored = course_results(course.pk, shuffle=seeded).satisfaction[0].comments["commentaire"]
    assert sorted(stored) == sorted([*(f"Commentaire {n}" for n in range(4)), "Cinq"])
    shuffled = random.Random(0)  # noqa: S311
    expected = [*(f"Commentaire {n}" for n in range(4)), "Cinq"]
    shuffled.shuffle(expected)
    assert stored == expected


def test_before_and_after_are_two_distributions(db):
    """The self-assessment compares before and after, each shown from its own five answers."""
    course, version = CourseFactory(), LearnerQuestionnaireFactory()
    sheets(course, version, 5, kind="before", clarte=2)
    sheets(course, version, 3, kind="after", clarte=5)
    (assessment,) = course_results(course.pk).self_assessments
    statement = next(item for item in assessment.statements if item.question.key == "clarte")
    assert statement.before.mean == 2 and statement.after is None
    assert "Pas encore assez" in statement.summary
    sheets(course, version, 2, kind="after", clarte=5)
    (assessment,) = course_results(course.pk).self_assessments
    statement = next(item for item in assessment.statements if item.question.key == "clarte")
    assert statement.after.mean == 5
    assert statement.summary.startswith("Avant la formation, 0 % répondent 4 ou 5")


def test_query_count_does_not_grow_with_answers(db, django_assert_num_queries):
    """5 and 500 answers cost the same: sheets counted, versions, answer counts, comments."""
    small, large = CourseFactory(), CourseFactory()
    version = LearnerQuestionnaireFactory()
    sheets(small, version, 5, comment=5)
    sheets(large, version, 500, comment=500)
    for course in (small, large):
        with django_assert_num_queries(4):
            results = course_results(course.pk)
        assert results.satisfaction[0].shown


def test_territory_ratings_list_courses_within_it_with_the_threshold(db):
    """A département's courses, with figures only where five learners answered."""
    departement = TerritoryFactory(kind="departement", code="D9")
    rated, few = CourseFactory(territory=departement, title="A"), CourseFactory(territory=departement, title="B")
    elsewhere = CourseFactory(territory=TerritoryFactory(kind="departement", code="D8"))
    version = LearnerQuestionnaireFactory()
    sheets(rated, version, 5, clarte=4)
    sheets(few, version, 3)
    sheets(elsewhere, version, 5)
    ratings = course_ratings_for_territory(departement)
    assert [(r.title, r.learners, r.shown, r.mean) for r in ratings] == [("A", 5, True, 4), ("B", 0, False, None)]


def test_campaigns_never_offer_a_course_questionnaire(db):
    """The agencies' campaign form lists the organisations' questionnaires, not the learners'."""
    from surveys.selectors import questionnaires_usable
    from tests.factories.surveys import QuestionnaireFactory

    school = QuestionnaireFactory(audience="schools")
    LearnerQuestionnaireFactory()
    assert school in questionnaires_usable()
    assert not questionnaires_usable().filter(audience="learners").exists()
