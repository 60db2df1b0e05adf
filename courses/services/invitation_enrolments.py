"""The course an invitation carries (`InvitationEnrolment`, written by a member import): applied
when the person says yes, so that nobody is enrolled in an organisation's training before
joining it. `courses` registers `invitation_enrolment_apply` as an acceptance listener of
`lms.organisations` in CoursesConfig.ready(); `invitation_accept` calls it."""

from courses.models import InvitationEnrolment
from courses.services.enrolments import organisation_enrol
from lms.accounts.models import User
from lms.organisations.models import Invitation, Membership


def invitation_enrolment_apply(*, invitation: Invitation, user: User, membership: Membership) -> None:
    """Enrol the person who accepted in the course chosen when inviting them, followed by the
    inviting organisation, unless the course has been unpublished since."""
    pending = InvitationEnrolment.objects.select_related("course").filter(invitation=invitation).first()
    if pending is None or not pending.course.is_published:
        return
    organisation_enrol(
        organisation=invitation.organisation,
        manager=invitation.invited_by,
        users=[user],
        course=pending.course,
        due_on=pending.due_on,
    )
