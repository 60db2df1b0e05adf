import pytest

from courses.models import Enrolment, EnrolmentStatus
from courses.services.enrolments import EnrolmentRefused, enrolment_create
from lms.organisations.models import HomeCommune, TerritoryKind
from tests.courses.conftest import build_course
from tests.factories import CoursePageFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_learner_of_the_audience_enrols(published, learner):
    enrolment = enrolment_create(user=learner, course=published.course)
    assert (enrolment.status, enrolment.cycle, enrolment.enrolled_by) == (EnrolmentStatus.ACTIVE, 1, None)
    assert enrolment.course_version == published.course.content_version


def test_enrolling_twice_gives_the_same_enrolment(published, learner):
    first = enrolment_create(user=learner, course=published.course)
    assert enrolment_create(user=learner, course=published.course) == first
    assert Enrolment.objects.count() == 1


def test_another_audience_is_told_why(published):
    teacher = UserFactory(audiences=["teacher"])
    with pytest.raises(EnrolmentRefused, match="Cette formation s'adresse à : Parent"):
        enrolment_create(user=teacher, course=published.course)
    assert not Enrolment.objects.exists()


def test_a_manager_may_enrol_anyone(published, learner):
    teacher, manager = UserFactory(audiences=["teacher"]), UserFactory()
    enrolment = enrolment_create(user=teacher, course=published.course, enrolled_by=manager)
    assert enrolment.enrolled_by == manager


def test_a_territorial_course_needs_the_territory(learner):
    ardeche = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="07", name="Ardèche")
    privas = TerritoryFactory(code="07186", name="Privas", departement=ardeche)
    page = CoursePageFactory(live=False, audiences=["parent"], territory=ardeche)
    page.save_revision().publish()
    page.refresh_from_db()
    with pytest.raises(EnrolmentRefused, match="réservée au territoire « Ardèche »"):
        enrolment_create(user=learner, course=page.course)
    HomeCommune.objects.create(user=learner, commune=privas)
    assert enrolment_create(user=learner, course=page.course).status == EnrolmentStatus.ACTIVE


def test_an_unpublished_course_is_closed(learner):
    published = build_course()
    published.course_page.unpublish()
    published.course.refresh_from_db()
    with pytest.raises(EnrolmentRefused):
        enrolment_create(user=learner, course=published.course)
