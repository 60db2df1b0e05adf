from django.utils.translation import gettext_lazy as _lazy

from lms.privacy.registry import Erasure, declare
from surveys.models import Campaign, CourseAnswerMarker, Response


def register() -> None:
    register_course_answers()
    # A response is the organisation's, not the person's: their account is only who saved it last.
    declare(
        Response,
        user_path=("updated_by", "submitted_by"),
        export_fields=["campaign__title", "organisation__name", "status", "updated_at", "submitted_at"],
        on_erasure=Erasure.DETACH,
        kept_because=_lazy(
            "La réponse reste à son organisation, sans le nom de qui l'a remplie : les résultats de la "
            "campagne restent justes (mission d'intérêt public de l'agence)."
        ),
        retention=None,
        purpose=_lazy("Enquêtes d'usages : qui a rempli et envoyé la réponse de son organisation."),
    )
    declare(
        Campaign,
        user_path="created_by",
        export_fields=["title", "opens_on", "closes_on", "created_at"],
        on_erasure=Erasure.DETACH,
        kept_because=_lazy(
            "La campagne reste à l'agence qui la mène, sans le nom de qui l'a ouverte (mission d'intérêt "
            "public de l'agence)."
        ),
        retention=None,
        purpose=_lazy("Campagnes d'enquête : qui les a ouvertes, pour l'agence."),
    )


def register_course_answers() -> None:
    # The marker says only that someone answered a course's survey, so that nobody answers twice;
    # the answers themselves (CourseSheet, CourseAnswer) hold no link to anyone and stay.
    declare(
        CourseAnswerMarker,
        user_path="user",
        export_fields=["course__title", "kind"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_lazy("Avis sur les formations : savoir qu'une personne a déjà répondu, sans garder ses réponses."),
    )
