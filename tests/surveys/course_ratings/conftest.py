import pytest

from tests.factories import EnrolmentFactory, UserFactory
from tests.factories.surveys import CourseSurveyFactory

SATISFACTION = {"clarte": ["4"], "utile": ["5"], "duree": ["courte"], "commentaire": ["Très bien."]}
ASSESSMENT = {"clarte": ["2"], "utile": ["3"], "duree": ["longue"]}


@pytest.fixture
def survey(db):
    return CourseSurveyFactory()


def finished_learner(course):
    user = UserFactory()
    EnrolmentFactory(user=user, course=course, status="completed", completed_at="2026-12-01T10:00Z")
    return user
