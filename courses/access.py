"""A learner only ever reaches their own enrolments; any other id is a 404 (DESIGN.md §2)."""

from django.http import Http404

from courses.models import Enrolment, Module


def access_enrolment(user, enrolment_id: int) -> Enrolment:
    if not user.is_authenticated:
        raise Http404
    enrolment = Enrolment.objects.select_related("course").filter(pk=enrolment_id, user=user).first()
    if enrolment is None:
        raise Http404
    return enrolment


def access_module_enrolment(user, module_id: int) -> tuple[Module, Enrolment]:
    """A published module of a course this person is enrolled in."""
    if not user.is_authenticated:
        raise Http404
    module = Module.objects.published().select_related("course").filter(pk=module_id).first()
    enrolment = (
        Enrolment.objects.select_related("course").filter(user=user, course_id=module.course_id).first()
        if module
        else None
    )
    if enrolment is None:
        raise Http404
    return module, enrolment
