from django.utils.translation import gettext_lazy as _

from courses.models import CalendarFeed, Enrolment, MemberImport, ModuleCompletion, QuizAttempt
from lms.privacy.registry import Erasure, declare
from lms.privacy.retention import register_retention_rule

COUNTS = _(
    "Gardées sans la personne, rattachées à une « personne supprimée » : les effectifs formés de "
    "l'organisation et les tableaux de bord restent justes (intérêt légitime, article 6.1.f)."
)


def purge_import_files(now, period) -> int:
    """Imports finished or abandoned for the period: the file and the preview (names of people
    who may never have been enrolled) are emptied; the report of what was done stays."""
    finished = MemberImport.objects.filter(status_changed_at__lt=now - period).exclude(
        status__in=["analysing", "applying"]
    )
    return finished.exclude(data=b"", plan={}).update(data=b"", plan={})


def register() -> None:
    register_retention_rule(
        code="courses.imports",
        label=_("Fichiers et aperçus d'import"),
        setting="PRIVACY_IMPORT_DAYS",
        apply=purge_import_files,
    )
    declare(
        CalendarFeed,
        user_path="user",
        export_fields=["version", "renewed_at"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_("Adresse privée de l'agenda (.ics) : sa version, pour que l'ancienne cesse de fonctionner."),
    )
    declare(
        Enrolment,
        user_path=("user", "enrolled_by"),
        export_fields=["course__title", "status", "cycle", "enrolled_at", "due_on", "completed_at", "withdrawn_at"],
        on_erasure=Erasure.REPOINT,
        kept_because=COUNTS,
        retention=None,
        purpose=_("Inscriptions aux formations et leur avancement."),
    )
    declare(
        ModuleCompletion,
        user_path="enrolment__user",
        export_fields=["enrolment__course__title", "module__title", "cycle", "completed_at"],
        on_erasure=Erasure.REPOINT,
        kept_because=COUNTS,
        retention=None,
        purpose=_("Modules terminés, pour suivre sa progression."),
    )
    declare(
        QuizAttempt,
        user_path="enrolment__user",
        export_fields=["module__title", "cycle", "score", "passed", "submitted_at"],
        on_erasure=Erasure.REPOINT,
        kept_because=COUNTS,
        retention=None,
        purpose=_("Réponses aux quiz et résultats, pour valider les modules."),
    )
    declare(
        MemberImport,
        user_path="created_by",
        export_fields=["organisation__name", "filename", "status", "total_rows", "created_at", "finished_at"],
        on_erasure=Erasure.ANONYMISE,
        anonymise=lambda imports: imports.update(created_by=None),
        kept_because=_("L'historique des imports de l'organisation reste, sans qui l'a fait."),
        retention=None,
        purpose=_(
            "Listes de personnes importées par un gestionnaire. Le fichier est effacé dès l'import écrit ou "
            "annulé ; l'aperçu et le compte rendu restent pour l'historique de l'organisation."
        ),
    )
