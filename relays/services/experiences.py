"""Writing a shared experience, sending it to moderation, moderating it, and featuring it.

The flow is scenario feedback's (scenarios.services.feedback): the managers of the organisation
write a draft and send it; a moderator (the Modérateurs group) approves or rejects it and its
author hears the outcome through the outbox. Any change takes it back to a draft, so that what
is public is always what a moderator read."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from courses.models import Theme
from lms.accounts.models import User
from lms.notifications.services.outbox import outbox_enqueue, outbox_enqueue_many
from lms.organisations.models import Organisation, Territory
from relays.models import ExperienceFeature, ExperienceStatus, SharedExperience
from scenarios.selectors import scenario_moderators

KIND_SUBMITTED = "relays.experience_submitted"
KIND_APPROVED = "relays.experience_approved"
KIND_REJECTED = "relays.experience_rejected"


@dataclass(frozen=True)
class ExperienceContent:
    title: str
    context: str
    actions: str
    budget_band: str
    partners: str
    results: str
    contact: str
    territory: Territory
    themes: list[Theme]


def experience_save(
    *,
    organisation: Organisation,
    author: User,
    content: ExperienceContent,
    submit: bool,
    experience: SharedExperience | None = None,
) -> SharedExperience:
    """Create or change an organisation's experience, as a draft or sent to moderation. The
    caller checked that `author` manages `organisation` and that `experience` is its own."""
    now = timezone.now()
    values = {
        "title": content.title,
        "context": content.context,
        "actions": content.actions,
        "budget_band": content.budget_band,
        "partners": content.partners,
        "results": content.results,
        "contact": content.contact,
        "territory": content.territory,
        "status": ExperienceStatus.PENDING if submit else ExperienceStatus.DRAFT,
        "submitted_at": now if submit else None,
        "moderated_by": None,
        "moderated_at": None,
    }
    with transaction.atomic():
        if experience is None:
            experience = SharedExperience.objects.create(organisation=organisation, author=author, **values)
        else:
            experience = SharedExperience.objects.select_for_update().get(pk=experience.pk, organisation=organisation)
            for name, value in values.items():
                setattr(experience, name, value)
            experience.author = author  # who wrote this version answers for it
            experience.save()
        experience.themes.set(content.themes)
        if submit:
            # Once per experience: the queue shows later submissions; one e-mail is enough.
            outbox_enqueue_many(
                kind=KIND_SUBMITTED, items=[(moderator, experience) for moderator in scenario_moderators()]
            )
    return experience


def experience_moderate(
    *, experience: SharedExperience, moderator: User, approve: bool, note: str = ""
) -> SharedExperience:
    """Approve (public at once) or reject with a note; the author hears the outcome by e-mail.
    Deciding again the same way changes nothing and sends nothing; a draft (taken back by its
    authors since) is not the moderators' to decide."""
    status = ExperienceStatus.APPROVED if approve else ExperienceStatus.REJECTED
    with transaction.atomic():
        locked = SharedExperience.objects.select_for_update().get(pk=experience.pk)
        if locked.status in (status, ExperienceStatus.DRAFT):
            return locked
        locked.status = status
        locked.moderated_by = moderator
        locked.moderated_at = timezone.now()
        locked.moderation_note = "" if approve else note
        locked.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_note", "updated_at"])
        if locked.author is not None:
            outbox_enqueue(
                recipient=locked.author,
                kind=KIND_APPROVED if approve else KIND_REJECTED,
                obj=locked,
                # One e-mail per decision: an experience edited and decided again is told again.
                step=locked.moderated_at.isoformat(),
            )
    return locked


def experience_feature(
    *, association: Organisation, experience: SharedExperience, user: User, featured: bool
) -> ExperienceFeature | None:
    """Put forward (or withdraw) a member's experience; the caller checked it is one (see
    relays.experiences_access.access_featurable_experience). Twice is the same as once."""
    with transaction.atomic():
        if not featured:
            ExperienceFeature.objects.filter(association=association, experience=experience).delete()
            return None
        feature, _created = ExperienceFeature.objects.get_or_create(
            association=association, experience=experience, defaults={"featured_by": user}
        )
    return feature
