"""The shared experiences in the personal-data registry (docs/privacy.md)."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lms.privacy.registry import Erasure, declare, exempt
from relays.models import ExperienceFeature, SharedExperience


def _anonymise(experiences: QuerySet[SharedExperience]) -> None:
    # The account goes, and so does the published contact line its author typed, which may be
    # their own name and telephone; the account of the action stays with the organisation.
    experiences.update(author=None, contact="")


def register() -> None:
    declare(
        SharedExperience,
        user_path="author",
        export_fields=["organisation__name", "title", "context", "actions", "results", "contact", "status"],
        on_erasure=Erasure.ANONYMISE,
        anonymise=_anonymise,
        kept_because=_(
            "Le retour d'expérience appartient à l'organisation qui l'a publié : il reste, sans son auteur ni "
            "la ligne de contact qu'il avait saisie."
        ),
        retention=None,
        purpose=_("Retours d'expérience rédigés par la personne pour son organisation, publiés après relecture."),
    )
    exempt(
        ExperienceFeature,
        reason="Only who featured an experience for their association (set to NULL with the account); the "
        "feature belongs to the association.",
    )
