"""The "Avis des apprenants" section of a course's statistics page in the admin (filled into the
courses statistics registry in ready()), and the same figures as CSV."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.charts import Chart, Point, grouped_bar_chart
from surveys.course_results import MIN_COMMENTS, MIN_LEARNERS, CourseResults, Distribution, course_results
from surveys.models import CourseSurvey


def may_see_course_results(user) -> bool:
    """Trainers and moderators (their groups hold this permission, migration 0004) and staff."""
    return user.is_authenticated and user.has_perm("surveys.view_coursesurvey")


def _points(distribution: Distribution | None, labels: list[str]) -> list[Point]:
    """Per answer, the share of answers (the bar) and "25 % (3)" (its text and table cell); a
    series with too few answers to show has no bars, and a dash in its cells."""
    if distribution is None:
        return [(label, None, "—") for label in labels]
    return [
        (bar.label, bar.percent, _("%(percent)s %% (%(count)s)") % {"percent": bar.percent, "count": bar.count})
        for bar in distribution.bars
    ]


def _distribution_chart(
    chart_id: str, title: str, series: list[tuple[str, Distribution | None]], summary: str, group_header: str
) -> Chart:
    """One group per answer (1 to 5, or each choice), one bar per series (the answers, or before
    and after), scaled to 100 %."""
    labels = next(
        [bar.label for bar in distribution.bars] for _name, distribution in series if distribution is not None
    )
    columns = [_points(distribution, labels) for _name, distribution in series]
    return grouped_bar_chart(
        title,
        [(label, [column[index] for column in columns]) for index, label in enumerate(labels)],
        series=[name for name, _distribution in series],
        maximum=100,
        summary=summary,
        group_header=group_header,
        chart_id=chart_id,
        heading=4,
    )


def _satisfaction_summary(distribution: Distribution) -> str:
    if distribution.mean:
        return _("Moyenne %(mean)s sur 5, sur %(answered)s réponses.") % {
            "mean": number_format(distribution.mean),
            "answered": distribution.answered,
        }
    return ngettext("%(answered)s réponse.", "%(answered)s réponses.", distribution.answered) % {
        "answered": distribution.answered
    }


def _satisfaction_blocks(results: CourseResults) -> list[dict]:
    blocks = []
    for number, group in enumerate(results.satisfaction, start=1):
        charts = [
            _distribution_chart(
                f"satisfaction-{number}-{position}",
                distribution.question.label,
                [(_("Apprenants"), distribution)],
                _satisfaction_summary(distribution),
                _("Réponse"),
            )
            for position, distribution in enumerate(group.distributions.values(), start=1)
        ]
        comments = [
            {"key": key, "count": count, "texts": group.comments.get(key)}
            for key, count in group.comment_counts.items()
        ]
        blocks.append({"group": group, "charts": charts, "comments": comments})
    return blocks


def _assessment_blocks(results: CourseResults) -> list[dict]:
    blocks = []
    for number, assessment in enumerate(results.self_assessments, start=1):
        statements = []
        for position, comparison in enumerate(assessment.statements, start=1):
            chart = None
            if comparison.before or comparison.after:
                chart = _distribution_chart(
                    f"auto-evaluation-{number}-{position}",
                    comparison.question.label,
                    [(_("Avant"), comparison.before), (_("Après"), comparison.after)],
                    comparison.summary,
                    _("Note (1 à 5)"),
                )
            statements.append({"comparison": comparison, "chart": chart})
        blocks.append({"assessment": assessment, "statements": statements})
    return blocks


def results_context(course_id: int, results: CourseResults) -> dict:
    return {
        "satisfaction": _satisfaction_blocks(results),
        "assessments": _assessment_blocks(results),
        "min_learners": MIN_LEARNERS,
        "min_comments": MIN_COMMENTS,
        "csv_url": reverse("surveys_course_results_csv", args=[course_id]),
    }


def statistics_section_context(request: HttpRequest, course_id: int) -> dict | None:
    if not may_see_course_results(request.user):
        return None
    survey = CourseSurvey.objects.filter(course_id=course_id).first()
    results = course_results(course_id)
    return {
        **results_context(course_id, results),
        "has_survey": survey is not None,
        "is_empty": results.is_empty,
        "choose_url": reverse("surveys_coursesurvey:edit", args=[survey.pk])
        if survey
        else reverse("surveys_coursesurvey:add") + f"?course={course_id}",
    }
