"""A learner only ever reaches their own enrolments, and a manager only the enrolments and imports
of the organisation they manage (reached through lms.organisations.access first); any other id
is a 404 (DESIGN.md §2)."""

from django.core import signing
from django.db.models import F
from django.http import Http404

from courses.models import CALENDAR_FEED_SALT, CalendarFeed, Enrolment, ImportStatus, MemberImport, Module
from courses.selectors import current_members
from lms.accounts.models import User
from lms.organisations.models import Organisation


def access_enrolment(user: User, enrolment_id: int) -> Enrolment:
    if not user.is_authenticated:
        raise Http404
    enrolment = Enrolment.objects.select_related("course").filter(pk=enrolment_id, user=user).first()
    if enrolment is None:
        raise Http404
    return enrolment


ENROLMENT_COLUMNS = [field.attname for field in Enrolment._meta.concrete_fields]


def access_module_enrolment(user: User, module_id: int) -> tuple[Module, Enrolment]:
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


def access_organisation_enrolment(organisation: Organisation, enrolment_id: int) -> Enrolment:
    """An active enrolment the organisation follows, of one of its current members: the only ones
    its managers may withdraw."""
    enrolment = (
        Enrolment.objects.select_related("user", "course")
        .active()
        .filter(pk=enrolment_id, organisation=organisation, user__in=current_members(organisation))
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def access_member_import(organisation: Organisation, import_id: int) -> MemberImport:
    """One of the organisation's imports, with its plan and report but not its file."""
    member_import = (
        MemberImport.objects.select_related("course", "created_by")
        .defer("data")
        .filter(pk=import_id, organisation=organisation)
        .first()
    )
    if member_import is None:
        raise Http404
    return member_import


def access_written_member_import(organisation: Organisation, import_id: int) -> MemberImport:
    """access_member_import, once the import is written: only then are there accounts to print
    codes for."""
    member_import = access_member_import(organisation, import_id)
    if member_import.status != ImportStatus.DONE:
        raise Http404
    return member_import


def access_member_import_progress(organisation: Organisation, import_id: int) -> MemberImport:
    """access_member_import with only what the progress bar polls, so that polling stays cheap."""
    member_import = (
        MemberImport.objects.only("pk", "organisation", "status", "processed_rows", "total_rows")
        .defer("data")
        .filter(pk=import_id, organisation=organisation)
        .first()
    )
    if member_import is None:
        raise Http404
    return member_import


def access_calendar_feed(token: str) -> User:
    """The person whose current feed address this is; a forged, altered or renewed token is a 404."""
    try:
        user_id, version = signing.loads(token, salt=CALENDAR_FEED_SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise Http404 from error
    feed = CalendarFeed.objects.select_related("user").filter(user_id=user_id, version=version).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed.user
