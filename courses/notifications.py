"""The e-mails the courses app sends, registered with lms.notifications."""

from django.conf import settings

from courses.models import Enrolment, EnrolmentStatus
from lms.notifications.kinds import MessageObsolete, NotificationKind, register_kind


def enrolled_email_context(message) -> dict:
    enrolment = Enrolment.objects.select_related("course", "organisation").filter(pk=message.object_id).first()
    if enrolment is None or enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise MessageObsolete("The enrolment was withdrawn before the e-mail left.")
    return {
        "enrolment": enrolment,
        "course_url": settings.SITE_URL + (enrolment.course.url or "/mon-espace/"),
        "dashboard_url": settings.SITE_URL + "/mon-espace/",
    }


def register() -> None:
    register_kind(
        NotificationKind("courses.enrolled_by_organisation", transactional=True, build_context=enrolled_email_context)
    )
