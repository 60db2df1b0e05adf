from django.utils.translation import gettext_lazy as _

from lms.privacy.registry import Erasure, declare, exempt
from scenarios.models import (
    ScenarioAttachment,
    ScenarioCollection,
    ScenarioCollectionItem,
    ScenarioFeedback,
    ScenarioPage,
    ScenarioReport,
)


def register() -> None:
    # A published scenario is shared under an open licence: erasing its author moves their
    # authorship to their stand-in, shown as "auteur supprimé"; the scenario stays.
    declare(
        ScenarioPage,
        user_path="authors",
        export_fields=["title", "first_published_at"],
        on_erasure=Erasure.REPOINT,
        kept_because=_(
            "Un scénario publié est partagé sous licence libre : il reste, signé « auteur supprimé » "
            "(la licence permet sa réutilisation)."
        ),
        retention=None,
        purpose=_("Scénarios pédagogiques écrits par la personne : son nom et son organisation y sont affichés."),
    )
    # A file joined to a scenario goes with it, under its licence; who uploaded it is only
    # bookkeeping, and that link goes with the account.
    declare(
        ScenarioAttachment,
        user_path="uploaded_by",
        export_fields=["name", "created_at"],
        on_erasure=Erasure.DETACH,
        kept_because=_("Le fichier reste avec son scénario, sous sa licence, sans qui l'a déposé."),
        retention=None,
        purpose=_("Pièces jointes déposées par la personne sur un scénario pédagogique."),
    )
    # Moderators' names on feedback and reports (moderated_by, handled_by) are set to NULL with
    # their accounts: the decision stays, who took it goes.
    declare(
        ScenarioFeedback,
        user_path="user",
        export_fields=["scenario__title", "tested_on", "how_it_went", "changes", "usefulness", "status"],
        on_erasure=Erasure.REPOINT,
        kept_because=_("Le retour publié reste utile aux autres enseignants : il est signé « auteur supprimé »."),
        retention=None,
        purpose=_("Retours « Je l'ai testé » de la personne, publiés avec son nom après relecture."),
    )
    declare(
        ScenarioCollection,
        user_path="owner",
        export_fields=["title", "description", "created_at"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_("Collections personnelles de scénarios, visibles de la personne seule."),
    )
    declare(
        ScenarioReport,
        user_path="reporter",
        export_fields=["scenario__title", "reason", "text", "created_at"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_("Problèmes signalés par la personne sur des scénarios, lus par l'équipe de modération."),
    )
    exempt(
        ScenarioCollectionItem,
        reason="Only who added a scenario to a collection (set to NULL with the account); the item belongs "
        "to the collection, declared above.",
    )
