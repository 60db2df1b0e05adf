"""The e-mails the courses app sends, registered with lms.notifications."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from courses.models import Enrolment, EnrolmentStatus
from courses.reminder_kinds import NUDGE
from lms.notifications.kinds import MessageObsolete, NotificationKind, PreferenceGroup, register_group, register_kind
from lms.notifications.models import OutboxMessage


def enrolled_email_context(message: OutboxMessage) -> dict:
    enrolment = Enrolment.objects.select_related("course", "organisation").filter(pk=message.object_id).first()
    if enrolment is None or enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise MessageObsolete("The enrolment was withdrawn before the e-mail left.")
    return {
        "enrolment": enrolment,
        "course_url": settings.SITE_URL + (enrolment.course.url or "/mon-espace/"),
        "dashboard_url": settings.SITE_URL + "/mon-espace/",
    }


def register() -> None:
    from courses import reminders

    register_kind(
        NotificationKind("courses.enrolled_by_organisation", transactional=True, build_context=enrolled_email_context)
    )
    register_group(
        PreferenceGroup(
            code="rappels",
            label=_("Rappels de mes formations"),
            description=_(
                "Une date limite qui approche ou qui est passée, une formation en pause depuis deux semaines, "
                "une attestation à renouveler."
            ),
        )
    )
    register_group(
        PreferenceGroup(
            code="suivi",
            label=_("Synthèse hebdomadaire des gestionnaires"),
            description=_("Pour les gestionnaires : qui est en retard et qui a terminé, une fois par semaine."),
        )
    )
    register_group(
        PreferenceGroup(
            code="nouveautes",
            label=_("Nouvelles formations pour moi"),
            description=_(
                "Au plus une fois par semaine, les formations publiées pour votre public et votre territoire."
            ),
            default_enabled=False,
        )
    )
    for kind in reminders.ENROLMENT_KINDS:
        register_kind(
            NotificationKind(
                kind, transactional=False, group="rappels", build_context=reminders.enrolment_reminder_context
            )
        )
    register_kind(
        NotificationKind(
            NUDGE, transactional=False, group="rappels", build_context=reminders.enrolment_reminder_context
        )
    )
    register_kind(
        NotificationKind(reminders.DIGEST, transactional=False, group="suivi", build_context=reminders.digest_context)
    )
    register_kind(
        NotificationKind(
            reminders.NEW_COURSES, transactional=False, group="nouveautes", build_context=reminders.new_courses_context
        )
    )
