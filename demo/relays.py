"""Demo relays (issue 30): the demo EPN of Privas and a médiathèque at Le Pouzin, in the same
intercommunalité, with full public profiles, a session each for parents on the school's ENT,
and their scenario collections. The EPN's facilitator runs the médiathèque's workshop too (the
médiathèque has no account of its own in the demo).

Idempotent: the médiathèque is found by its slug, profiles by organisation, sessions by title and
the collection by title; a profile already there is left as an editor may have changed it."""

from django.db import transaction

from courses.models import Course
from demo.facetoface import PARENTS, _at, _course, _session
from facetoface.models import TrainerProfile
from lms.accounts.models import User
from lms.organisations.models import Organisation, OrganisationKind, Territory, TerritoryKind
from relays.models import RelayProfile
from scenarios.models import ScenarioCollection, ScenarioPage
from scenarios.services.collections import collection_add, collection_create

EPN = "epn-centre-ardeche"
MEDIATHEQUE = "mediatheque-le-pouzin"
EPN_SESSION = "Utiliser l'ENT de l'école avec son enfant : atelier à l'EPN"
MEDIATHEQUE_SESSION = "L'ENT et les écrans en famille : atelier à la médiathèque"

PROFILES = {
    EPN: {
        "is_published": True,
        "summary": (
            "Un espace public numérique au cœur de Privas : aide pour l'ENT de l'école, les démarches "
            "en ligne et les écrans en famille, avec un médiateur numérique."
        ),
        "street": "3 place de l'Hôtel de Ville",
        "postcode": "07000",
        "opening_hours": "Mardi 14 h – 18 h\nMercredi 9 h – 12 h et 14 h – 18 h\nSamedi 9 h – 12 h",
        "step_free_access": True,
        "hearing_loop": True,
        "services": [
            "Parentalité et éducation avec le numérique",
            "Aide aux démarches administratives",
            "Maîtrise des outils numériques du quotidien",
            "Accès internet et matériel informatique",
        ],
        "audiences": ["Familles et/ou enfants", "Seniors"],
        "support": ["Surdité", "Handicaps moteurs"],
        "contact_email": "contact@epn-centre-ardeche.exemple.fr",
        "phone": "04 75 00 00 01",
    },
    MEDIATHEQUE: {
        "is_published": True,
        "summary": (
            "La médiathèque prête des tablettes, accueille un atelier numérique familles chaque mois "
            "et aide à prendre en main l'ENT de l'école."
        ),
        "street": "12 rue de la République",
        "postcode": "07250",
        "opening_hours": "Mercredi 10 h – 12 h et 14 h – 18 h\nVendredi 16 h – 19 h\nSamedi 10 h – 16 h",
        "step_free_access": True,
        "hearing_loop": False,
        "services": [
            "Parentalité et éducation avec le numérique",
            "Loisirs et créations numériques",
            "Accès internet et matériel informatique",
        ],
        "audiences": ["Familles et/ou enfants", "Jeunes"],
        "support": [],
        "contact_email": "mediatheque@le-pouzin.exemple.fr",
        "phone": "04 75 00 00 02",
    },
}
MEDIATHEQUE_COLLECTION = "Écrans et ENT en famille"
MEDIATHEQUE_SCENARIOS = ["les-ecrans-et-moi", "l-ent-au-service-du-lien-ecole-familles"]


@transaction.atomic
def demo_relays_load() -> str:
    epn = Organisation.objects.filter(slug=EPN).first()
    le_pouzin = Territory.objects.filter(kind=TerritoryKind.COMMUNE, code="07181").first()
    lead = User.objects.filter(email__iexact="epn@exemple.fr").first()
    parents = _course(PARENTS)
    trainer = TrainerProfile.objects.filter(user=lead).first()  # demo/facetoface.py made it
    if epn is None or le_pouzin is None or lead is None or parents is None or trainer is None:
        return "Demo relays: skipped (EPN, Le Pouzin, its lead, the trainer or the parents' course missing)."
    mediatheque, _created = Organisation.objects.get_or_create(
        slug=MEDIATHEQUE,
        defaults={"kind": OrganisationKind.MEDIATHEQUE, "name": "Médiathèque du Pouzin", "territory": le_pouzin},
    )
    profiles = 0
    for organisation in (epn, mediatheque):
        profile, created = RelayProfile.objects.get_or_create(
            organisation=organisation, defaults=PROFILES[organisation.slug]
        )
        if created:
            profile.full_clean()
            profile.recommended_courses.set(_recommended())
            profiles += 1
    sessions = 0
    for title, place, day in ((EPN_SESSION, epn, 6), (MEDIATHEQUE_SESSION, mediatheque, 12)):
        created_session = _session(
            title=title,
            course=parents,
            organiser=epn,
            place=place,
            capacity=10,
            slots=[(_at(day, 14), _at(day, 16))],
            trainers=[trainer],
            actor=lead,
        )
        sessions += created_session is not None
    _mediatheque_collection(mediatheque, lead)
    return f"Demo relays: {profiles} profile(s) and {sessions} session(s) created."


def _recommended() -> list[Course]:
    return list(Course.objects.published().filter(url__contains="enfant").order_by("title")[:2])


def _mediatheque_collection(mediatheque: Organisation, lead: User) -> None:
    if ScenarioCollection.objects.filter(organisation=mediatheque, title=MEDIATHEQUE_COLLECTION).exists():
        return
    collection = collection_create(
        title=MEDIATHEQUE_COLLECTION,
        organisation=mediatheque,
        description="Deux séances pour parler des écrans et de l'ENT avec les familles, à la médiathèque.",
    )
    for scenario in ScenarioPage.objects.live().filter(slug__in=MEDIATHEQUE_SCENARIOS).order_by("slug"):
        collection_add(collection=collection, scenario=scenario, user=lead)
