"""A learner only ever reaches their own enrolments; any other id is a 404 (DESIGN.md §2)."""

from django.db.models import F
from django.http import Http404

from courses.models import Enrolment, Module


def access_enrolment(user, enrolment_id: int) -> Enrolment:
    if not user.is_authenticated:
        raise Http404
    enrolment = Enrolment.objects.select_related("course").filter(pk=enrolment_id, user=user).first()
    if enrolment is None:
        raise Http404
    return enrolment


ENROLMENT_COLUMNS = [field.attname for field in Enrolment._meta.concrete_fields]


def access_module_enrolment(user, module_id: int) -> tuple[Module, Enrolment]:
    """A published module of a course this person is enrolled in, with that enrolment: one
    query, the enrolment's columns read through the course (one enrolment per person and
    course)."""
    if not user.is_authenticated:
        raise Http404
    columns = {f"enrolment_{name}": F(f"course__enrolments__{name}") for name in ENROLMENT_COLUMNS}
    module = (
        Module.objects.published()
        .select_related("course")
        .filter(pk=module_id, course__enrolments__user=user)
        .annotate(**columns)
        .first()
    )
    if module is None:
        raise Http404
    values = [getattr(module, alias) for alias in columns]
    enrolment = Enrolment.from_db(Module.objects.db, ENROLMENT_COLUMNS, values)
    enrolment.course = module.course
    return module, enrolment
