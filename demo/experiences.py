"""Demo shared experiences (issue 30): three town halls of Ardèche tell what they did, each read
and approved by the demo moderator; the département's association of mayors (a made-up demo
organisation of kind association_elus) features one of them. Privas has none, so that the
browser journey (tests/browser/test_experiences.py) shows the mayor's own on Privas's page.

Idempotent: the organisations are found by slug and the experiences by (organisation, title);
a second run changes nothing."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from courses.models import Theme
from lms.accounts.models import User
from lms.organisations.models import Organisation, OrganisationKind, Territory, TerritoryKind
from relays.models import BudgetBand, ExperienceFeature, ExperienceStatus, SharedExperience

ASSOCIATION = ("association-maires-ardeche", "Association des maires de l'Ardèche")
MODERATOR = "moderatrice@exemple.fr"


@dataclass(frozen=True)
class DemoExperience:
    commune: tuple[str, str, str]  # (INSEE code, organisation slug, organisation name)
    title: str
    context: str
    actions: str
    budget_band: str
    partners: str
    results: str
    contact: str
    themes: tuple[str, ...]
    approved_on: tuple[int, int, int]
    featured: bool = False
    territory: str = "commune"  # or "departement": where the action took place


DEMO_EXPERIENCES = [
    DemoExperience(
        commune=("07064", "mairie-du-cheylard", "Mairie du Cheylard"),
        title="Des permanences ENT pour les parents, le samedi matin à la médiathèque",
        context=(
            "À la rentrée, les deux écoles publiques sont passées à l'ENT. Beaucoup de parents n'avaient jamais "
            "activé leur compte et continuaient d'appeler l'école pour les informations de la semaine ; certaines "
            "familles n'ont qu'un téléphone pour tout le foyer."
        ),
        actions=(
            "Six permanences d'une heure et demie, un samedi sur deux d'octobre à décembre, à la médiathèque. "
            "Les directrices ont remis à chaque famille un courrier avec ses identifiants et la date des "
            "permanences. Une agente de la médiathèque et un élu ont accompagné les parents un par un, sur leur "
            "propre téléphone : activation du compte, installation de l'application, lecture du cahier de liens."
        ),
        budget_band=BudgetBand.NONE,
        partners="Les deux écoles publiques, la médiathèque intercommunale, l'association des parents d'élèves",
        results=(
            "58 familles reçues, dont une vingtaine sans ordinateur à la maison. En janvier, les directrices "
            "comptaient 85 % de comptes parents activés, contre un peu plus de la moitié en septembre. À refaire "
            "à la rentrée prochaine, dès la réunion de début d'année."
        ),
        contact="Mairie du Cheylard, service vie scolaire — mairie@exemple.fr",
        themes=("parentalite-numerique",),
        approved_on=(2026, 2, 9),
        featured=True,
    ),
    DemoExperience(
        commune=("07129", "mairie-de-lamastre", "Mairie de Lamastre"),
        title="Un référent numérique partagé entre les écoles de trois communes",
        context=(
            "Les écoles de Lamastre et de deux communes voisines avaient reçu des tablettes et des écrans "
            "interactifs, mais personne pour les mettre à jour ni pour aider les enseignants : la moitié du "
            "matériel restait dans les placards."
        ),
        actions=(
            "Les trois communes ont signé une convention pour partager un agent technique, une demi-journée par "
            "semaine et par école. Il tient un inventaire commun, prépare les mises à jour pendant les vacances "
            "et passe dans les classes à la demande. L'EPN a formé l'agent pendant deux jours."
        ),
        budget_band=BudgetBand.FROM_5K_TO_20K,
        partners="Deux communes voisines, l'EPN du secteur, la conseillère pédagogique numérique de la circonscription",
        results=(
            "Tout le matériel est en service un an après ; les enseignants demandent moins d'aide pour les "
            "pannes et davantage pour les usages en classe. La convention est reconduite pour trois ans."
        ),
        contact="Mairie de Lamastre, secrétariat général",
        themes=("equipement-maintenance", "politique-educative-locale"),
        approved_on=(2026, 4, 14),
    ),
    DemoExperience(
        commune=("07331", "mairie-de-vals-les-bains", "Mairie de Vals-les-Bains"),
        title="Une soirée « écrans en famille » avec le collège et le centre social",
        context=(
            "Les enseignants de CM2 et les animateurs du centre social voyaient arriver au collège des enfants "
            "déjà inscrits sur des réseaux sociaux, et des parents démunis pour en parler avec eux."
        ),
        actions=(
            "Une soirée au foyer communal, en deux temps : des ateliers tournants animés par le centre social "
            "(paramétrer un téléphone, les réglages de confidentialité, le temps d'écran), puis un échange avec "
            "le principal du collège et une infirmière scolaire. Une garderie était proposée pour les plus petits."
        ),
        budget_band=BudgetBand.UNDER_1K,
        partners="Le collège du secteur, le centre social, les écoles de la commune",
        results=(
            "Une soixantaine de parents présents. Les fiches des ateliers sont distribuées depuis avec le dossier "
            "d'inscription en sixième ; le centre social en organise une seconde au printemps."
        ),
        contact="Mairie de Vals-les-Bains, adjointe aux affaires scolaires",
        themes=("parentalite-numerique", "citoyennete-numerique"),
        approved_on=(2026, 10, 6),
    ),
]


def _organisation(slug: str, kind: str, name: str, territory: Territory) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        slug=slug, defaults={"kind": kind, "name": name, "territory": territory}
    )
    return organisation


@transaction.atomic
def demo_experiences_load() -> str:
    """Create what is missing of the demo experiences; one report line."""
    departement = Territory.objects.get(kind=TerritoryKind.DEPARTEMENT, code="07")
    association = _organisation(ASSOCIATION[0], OrganisationKind.ASSOCIATION_ELUS, ASSOCIATION[1], departement)
    moderator = User.objects.filter(email__iexact=MODERATOR).first()
    created = 0
    for demo in DEMO_EXPERIENCES:
        code, slug, name = demo.commune
        commune = Territory.objects.get(kind=TerritoryKind.COMMUNE, code=code)
        town_hall = _organisation(slug, OrganisationKind.COMMUNE, name, commune)
        approved_at = datetime(*demo.approved_on, 10, 0, tzinfo=timezone.get_current_timezone())
        experience, was_created = SharedExperience.objects.get_or_create(
            organisation=town_hall,
            title=demo.title,
            defaults={
                "context": demo.context,
                "actions": demo.actions,
                "budget_band": demo.budget_band,
                "partners": demo.partners,
                "results": demo.results,
                "contact": demo.contact,
                "territory": departement if demo.territory == "departement" else commune,
                "status": ExperienceStatus.APPROVED,
                "submitted_at": approved_at,
                "moderated_by": moderator,
                "moderated_at": approved_at,
            },
        )
        if was_created:
            created += 1
            experience.themes.set(Theme.objects.filter(slug__in=demo.themes))
        if demo.featured:
            ExperienceFeature.objects.get_or_create(association=association, experience=experience)
    return f"Demo shared experiences: {created} created, featured by {association.name}."
