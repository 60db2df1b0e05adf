"""The codes of a scenario's facets. They are those of the demo files and of the open-data export
(docs/scenarios-open-data.md): changing one breaks links, files and re-users."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LevelCode(models.TextChoices):
    CYCLE1 = "cycle1", _("Cycle 1 (maternelle)")
    CYCLE2 = "cycle2", _("Cycle 2 (CP–CE2)")
    CYCLE3 = "cycle3", _("Cycle 3 (CM1–6e)")
    CYCLE4 = "cycle4", _("Cycle 4 (5e–3e)")
    LYCEE = "lycee", _("Lycée")


class PublicCode(models.TextChoices):
    PARENTS = "parents", _("Parents")
    AGENTS = "agents", _("Agents")
    ELUS = "elus", _("Élus")
    ADULTES = "adultes", _("Tous publics adultes")


class SubjectCode(models.TextChoices):
    FRANCAIS = "francais", _("Français")
    MATHEMATIQUES = "mathematiques", _("Mathématiques")
    HISTOIRE_GEOGRAPHIE = "histoire-geographie", _("Histoire-géographie")
    SCIENCES = "sciences", _("Sciences")
    TECHNOLOGIE = "technologie", _("Technologie")
    LANGUES_VIVANTES = "langues-vivantes", _("Langues vivantes")
    ARTS_PLASTIQUES = "arts-plastiques", _("Arts plastiques")
    EDUCATION_MUSICALE = "education-musicale", _("Éducation musicale")
    EPS = "eps", _("Éducation physique et sportive")
    EMC = "emc", _("Enseignement moral et civique")
    SNT_NSI = "snt-nsi", _("SNT et NSI")
    HORS_DISCIPLINE = "hors-discipline", _("Hors discipline")


class EquipmentCode(models.TextChoices):
    TABLETTES = "tablettes", _("Tablettes")
    ECRAN_INTERACTIF = "ecran-interactif", _("Écran interactif")
    ROBOTS = "robots", _("Robots")
    SALLE_INFORMATIQUE = "salle-informatique", _("Salle informatique")
    ORDINATEUR_PORTABLE = "ordinateur-portable", _("Ordinateur portable")
    AUCUN = "aucun", _("Sans matériel numérique")


class Licence(models.TextChoices):
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    ETALAB = "etalab-2.0", _("Licence Ouverte Etalab 2.0")


LICENCE_URLS = {
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    Licence.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


class FeedbackStatus(models.TextChoices):
    """A "Je l'ai testé" is shown once a moderator approved it; editing sends it back."""

    PENDING = "pending", _("en attente de relecture")
    APPROVED = "approved", _("publié")
    REJECTED = "rejected", _("refusé")


class ReportReason(models.TextChoices):
    CONTENT = "content", _("Contenu erroné ou dangereux")
    RIGHTS = "rights", _("Droits d'auteur ou licence")
    PERSONAL_DATA = "personal-data", _("Données personnelles")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("à traiter")
    RESOLVED = "resolved", _("traité")
    DISMISSED = "dismissed", _("sans suite")
