"""The scenario commons' demo data: approved "Je l'ai testé" on three demo scenarios, and the demo
EPN's public collection "Ateliers parents". Idempotent: rows are found by their natural keys
(a person's feedback on a scenario; the organisation's collection by title), and what an editor
changed since is left alone."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import User
from lms.organisations.models import Organisation
from scenarios.choices import FeedbackStatus
from scenarios.models import ScenarioCollection, ScenarioFeedback, ScenarioPage
from scenarios.services.collections import collection_add, collection_create


@dataclass(frozen=True)
class DemoFeedback:
    scenario: str  # slug
    author: str  # e-mail
    tested_on: date
    target: str
    group_size: int
    how_it_went: str
    changes: str
    usefulness: int


DEMO_FEEDBACK = [
    DemoFeedback(
        scenario="les-ecrans-et-moi",
        author="enseignant@exemple.fr",
        tested_on=date(2026, 10, 9),
        target="cycle3",
        group_size=26,
        how_it_went=(
            "Mes CM2 ont tenu leur carnet d'écrans toute la semaine sans se faire prier : le tableau de "
            "la classe a lancé une vraie discussion, sans jugement. Le débat du vendredi a été le moment "
            "le plus riche ; deux élèves ont proposé d'eux-mêmes « une soirée sans écran » à la maison."
        ),
        changes="J'ai gardé le carnet sur papier : tous les élèves n'ont pas d'accès à l'ENT le soir.",
        usefulness=5,
    ),
    DemoFeedback(
        scenario="programmer-un-robot-de-sol-sur-un-quadrillage",
        author="directrice@exemple.fr",
        tested_on=date(2026, 11, 13),
        target="cycle2",
        group_size=22,
        how_it_went=(
            "Très bonne séance en CE1. Le passage par le « robot humain » sur le quadrillage au sol évite "
            "beaucoup d'erreurs de programmation ensuite. Prévoir des piles chargées : un robot s'est "
            "arrêté en plein défi."
        ),
        changes=(
            "Trois robots seulement : les groupes passaient à tour de rôle pendant que les autres codaient sur papier."
        ),
        usefulness=4,
    ),
    DemoFeedback(
        scenario="les-ecrans-en-famille-atelier-parents",
        author="directrice@exemple.fr",
        tested_on=date(2026, 11, 20),
        target="parents",
        group_size=11,
        how_it_went=(
            "Animé à l'école un jeudi à 18 h, avec la médiatrice de l'EPN. Les parents ont apprécié de "
            "repartir avec des réglages concrets pour la tablette familiale. Le temps d'échange en petits "
            "groupes a été plus long que prévu, et c'était tant mieux."
        ),
        changes="Nous avons proposé une garde des enfants dans la salle voisine : cela a fait venir des parents.",
        usefulness=5,
    ),
    DemoFeedback(
        scenario="les-ecrans-en-famille-atelier-parents",
        author="formatrice@exemple.fr",
        tested_on=date(2026, 9, 24),
        target="parents",
        group_size=8,
        how_it_went=(
            "Atelier mené en médiathèque. Le photolangage fonctionne très bien pour lancer la parole ; "
            "quelques parents attendaient surtout des conseils sur le contrôle parental, prévu à l'étape 3."
        ),
        changes="",
        usefulness=4,
    ),
]

COLLECTION_ORGANISATION = "epn-centre-ardeche"
COLLECTION_TITLE = "Ateliers parents"
COLLECTION_DESCRIPTION = (
    "Les scénarios que l'Espace numérique Centre Ardèche anime avec les parents : les écrans en "
    "famille, l'ENT de l'école, la sécurité en ligne. Chacun tient en une soirée."
)
COLLECTION_SCENARIOS = ["les-ecrans-en-famille-atelier-parents", "l-ent-au-service-du-lien-ecole-familles"]
MODERATOR = "moderatrice@exemple.fr"


@transaction.atomic
def demo_scenario_commons() -> str:
    """Create what is missing; return one report line."""
    scenarios = {page.slug: page for page in ScenarioPage.objects.live()}
    users = {user.email: user for user in User.objects.filter(email__in=_emails())}
    moderator = users.get(MODERATOR)
    created = 0
    for demo in DEMO_FEEDBACK:
        scenario, author = scenarios.get(demo.scenario), users.get(demo.author)
        if scenario is None or author is None:
            continue
        # Written as already moderated, without the services: demo data must not fill the outbox
        # with "your feedback is published" e-mails to the demo accounts.
        _feedback, was_created = ScenarioFeedback.objects.get_or_create(
            user=author,
            scenario=scenario,
            defaults={
                "tested_on": demo.tested_on,
                "target": demo.target,
                "group_size": demo.group_size,
                "how_it_went": demo.how_it_went,
                "changes": demo.changes,
                "usefulness": demo.usefulness,
                "status": FeedbackStatus.APPROVED,
                "moderated_by": moderator,
                "moderated_at": timezone.now(),
            },
        )
        created += was_created
    collection = _demo_collection(scenarios, users)
    return f"Scenario commons: {created} feedback created; collection {collection or 'not created'}."


def _emails() -> set[str]:
    return {demo.author for demo in DEMO_FEEDBACK} | {MODERATOR, "epn@exemple.fr"}


def _demo_collection(scenarios: dict[str, ScenarioPage], users: dict[str | None, User]) -> str | None:
    organisation = Organisation.objects.filter(slug=COLLECTION_ORGANISATION).first()
    manager = users.get("epn@exemple.fr")
    if organisation is None or manager is None:
        return None
    collection = ScenarioCollection.objects.filter(organisation=organisation, title=COLLECTION_TITLE).first()
    if collection is not None:
        return collection.slug  # an editor may have changed its list since: left as it is
    collection = collection_create(
        title=COLLECTION_TITLE, organisation=organisation, description=COLLECTION_DESCRIPTION
    )
    for slug in COLLECTION_SCENARIOS:
        if slug in scenarios:
            collection_add(collection=collection, scenario=scenarios[slug], user=manager)
    return collection.slug
