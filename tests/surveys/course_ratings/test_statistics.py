"""surveys.course_statistics: the admin's course results drawn with the platform's chart kit
(lms.charts), one grouped chart per question with its table and summary."""

from surveys.course_results import course_results
from surveys.course_statistics import results_context
from tests.factories import CourseFactory
from tests.factories.surveys import LearnerQuestionnaireFactory
from tests.surveys.course_ratings.test_results import sheets


def _statement(context, key):
    (block,) = context["assessments"]
    return next(item for item in block["statements"] if item["comparison"].question.key == key)


def test_before_and_after_are_two_series_of_one_grouped_chart(db):
    """Groups are the values 1 to 5, series avant/après, cells "percent % (count)", the comparison as summary."""
    course, version = CourseFactory(), LearnerQuestionnaireFactory()
    sheets(course, version, 5, kind="before", clarte=2)
    sheets(course, version, 5, kind="after", clarte=5)
    chart = _statement(results_context(course.pk, course_results(course.pk)), "clarte")["chart"]
    assert chart.template == "charts/grouped.html" and chart.series == ["Avant", "Après"]
    assert chart.headers == ["Note (1 à 5)", "Avant", "Après"]
    assert [row[1:] for row in chart.rows] == [
        ["0 % (0)", "0 % (0)"],
        ["100 % (5)", "0 % (0)"],
        ["0 % (0)", "0 % (0)"],
        ["0 % (0)", "0 % (0)"],
        ["0 % (0)", "100 % (5)"],
    ]
    assert [(bar.series, bar.width) for bar in chart.bars if bar.drawn] == [(0, 248.0), (1, 248.0)]
    assert chart.summary.startswith("Avant la formation, 0 % répondent 4 ou 5")


def test_a_side_without_enough_answers_draws_no_bar_and_a_dash(db):
    """Before shown, after not yet: the after series stays in the legend and table, with "—" and no bars."""
    course, version = CourseFactory(), LearnerQuestionnaireFactory()
    sheets(course, version, 5, kind="before", clarte=2)
    chart = _statement(results_context(course.pk, course_results(course.pk)), "clarte")["chart"]
    assert [row[2] for row in chart.rows] == ["—"] * 5
    assert not any(bar.drawn for bar in chart.bars if bar.series == 1)


def test_satisfaction_charts_have_unique_ids_and_the_mean_as_summary(db):
    """One chart per question, ids unique on the page (two questions may share a label), the mean in words."""
    course, version = CourseFactory(), LearnerQuestionnaireFactory()
    sheets(course, version, 5, clarte=4)
    (block,) = results_context(course.pk, course_results(course.pk))["satisfaction"]
    ids = [chart.id for chart in block["charts"]]
    assert len(ids) == len(set(ids)) >= 2
    clarte = block["charts"][0]
    assert clarte.series == ["Apprenants"] and clarte.heading == 4
    assert clarte.summary == "Moyenne 4,0 sur 5, sur 5 réponses."
