"""The shared experiences' e-mails, registered with lms.notifications; all transactional (the
work of those who write and moderate them). Everything shown is read when the e-mail leaves.

- A new experience sent for review, to each moderator, once per experience.
- The outcome of a review, to the manager who sent that version."""

from django.conf import settings
from django.urls import reverse

from lms.notifications.kinds import MessageObsolete, NotificationKind, register_kind
from lms.notifications.models import OutboxMessage
from relays.models import ExperienceStatus, SharedExperience
from relays.services.experiences import KIND_APPROVED, KIND_REJECTED, KIND_SUBMITTED


def _experience(message: OutboxMessage, status: str) -> SharedExperience:
    experience = SharedExperience.objects.select_related("organisation").filter(pk=message.object_id).first()
    if experience is None:
        raise MessageObsolete("The experience was deleted.")
    if experience.status != status:
        raise MessageObsolete("The experience was edited or decided again before the e-mail left.")
    return experience


def _common(experience: SharedExperience) -> dict:
    return {
        "experience_title": experience.title,
        "organisation_name": experience.organisation.name,
        "experience_url": settings.SITE_URL + reverse("relays:experience", args=[experience.pk]),
        "edit_url": settings.SITE_URL + reverse("relays:experience_edit", args=[experience.pk]),
    }


def submitted_context(message: OutboxMessage) -> dict:
    experience = _experience(message, ExperienceStatus.PENDING)
    return {
        **_common(experience),
        "queue_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("relays_admin_experiences"),
    }


def approved_context(message: OutboxMessage) -> dict:
    return _common(_experience(message, ExperienceStatus.APPROVED))


def rejected_context(message: OutboxMessage) -> dict:
    experience = _experience(message, ExperienceStatus.REJECTED)
    return {**_common(experience), "note": experience.moderation_note}


def register() -> None:
    register_kind(NotificationKind(KIND_SUBMITTED, transactional=True, build_context=submitted_context))
    register_kind(NotificationKind(KIND_APPROVED, transactional=True, build_context=approved_context))
    register_kind(NotificationKind(KIND_REJECTED, transactional=True, build_context=rejected_context))
