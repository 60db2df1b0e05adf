"""Questionnaire versions. A version used by a campaign is frozen: the campaign's responses must
keep meaning what was asked. Editing a frozen version saves a new version of the same family,
its questions keeping their keys (and so their comparability) unless the editor changes them."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from surveys.models import Questionnaire


def questionnaire_freeze(*, questionnaire: Questionnaire) -> None:
    if questionnaire.frozen_at is None:
        questionnaire.frozen_at = timezone.now()
        Questionnaire.objects.filter(pk=questionnaire.pk, frozen_at__isnull=True).update(
            frozen_at=questionnaire.frozen_at
        )


@transaction.atomic
def questionnaire_save(*, questionnaire: Questionnaire) -> Questionnaire:
    """Save an edited questionnaire: in place while no campaign used it, else as the family's
    next version (the frozen row is left as it is in the database). Returns the row saved."""
    if questionnaire.pk is not None:
        stored = Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
        if stored is not None and stored.is_frozen:
            return questionnaire_new_version(source=questionnaire)
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_new_version(*, source: Questionnaire) -> Questionnaire:
    """A copy of `source` (with whatever edits it carries in memory) as the family's next version."""
    latest = Questionnaire.objects.filter(family=source.family).aggregate(latest=Max("version"))["latest"] or 0
    version = Questionnaire(
        family=source.family,
        version=latest + 1,
        title=source.title,
        description=source.description,
        audience=source.audience,
        body=source.body.raw_data if hasattr(source.body, "raw_data") else source.body,
    )
    version.full_clean()
    version.save()
    return version
