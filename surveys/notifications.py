"""The survey e-mails: the invitation (transactional: the organisation is asked to answer) and
the reminders at 7 and 2 days before closing, in their own preference group."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.notifications.kinds import MessageObsolete, NotificationKind, PreferenceGroup, register_group, register_kind
from lms.notifications.models import OutboxMessage

INVITATION = "surveys.invitation"
REMINDER = "surveys.reminder"
GROUP = "enquetes"


def _target(message: OutboxMessage):
    from surveys.models import CampaignTarget

    target = (
        CampaignTarget.objects.select_related("campaign__agency", "organisation").filter(pk=message.object_id).first()
    )
    if target is None:
        raise MessageObsolete("The campaign or its target is gone.")
    return target


def target_context(message: OutboxMessage) -> dict:
    target = _target(message)
    return {
        "campaign": target.campaign,
        "organisation": target.organisation,
        "answer_url": settings.SITE_URL
        + reverse("surveys:answer", args=[target.campaign_id, target.organisation.slug]),
    }


def reminder_context(message: OutboxMessage) -> dict:
    from surveys.models import Response, ResponseStatus

    context = target_context(message)
    campaign = context["campaign"]
    if not campaign.is_open():
        raise MessageObsolete("The campaign is closed.")
    if Response.objects.filter(
        campaign=campaign, organisation=context["organisation"], status=ResponseStatus.SUBMITTED
    ).exists():
        raise MessageObsolete("Already answered.")
    return context


def register() -> None:
    register_group(
        PreferenceGroup(
            code=GROUP,
            label=_("Rappels des enquêtes"),
            description=_(
                "Pour les gestionnaires d'une école ou d'une commune : "
                "une enquête sans réponse dont la clôture approche."
            ),
        )
    )
    register_kind(NotificationKind(INVITATION, transactional=True, build_context=target_context))
    register_kind(NotificationKind(REMINDER, transactional=False, group=GROUP, build_context=reminder_context))


# --- The completion e-mail that offers a finished course's surveys (issue 31).

COURSE_FEEDBACK = "surveys.course_feedback"


def course_feedback_context(message: OutboxMessage) -> dict:
    from courses.models import Enrolment
    from surveys.course_offers import learner_offers

    enrolment = Enrolment.objects.select_related("course", "user").filter(pk=message.object_id).first()
    if enrolment is None:
        raise MessageObsolete("The enrolment is gone.")
    offers = [offer for offer in learner_offers(enrolment.user, enrolment.course_id) if not offer.answered]
    if not offers:
        raise MessageObsolete("Nothing left to answer.")
    return {
        "course": enrolment.course,
        "offers": [
            {
                "title": offer.questionnaire.title,
                "url": settings.SITE_URL + reverse("surveys:course_answer", args=[enrolment.course_id, offer.slug]),
            }
            for offer in offers
        ],
    }


def register_course_feedback() -> None:
    # Transactional: sent once, right after the learner's own action (finishing the course), and
    # only when the course offers a survey. In a preference group it would never reach parents,
    # who start opted out of every group, and the offer would be on the course page only.
    register_kind(NotificationKind(COURSE_FEEDBACK, transactional=True, build_context=course_feedback_context))
