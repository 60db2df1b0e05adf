"""Demo survey campaigns (issue 27): the default school questionnaire sent to the schools of
Ardèche last year and this year (both closed, same stable keys, so that the dashboards compare
years), and a campaign open now to which the demo school has not answered yet.

The schools are made up, one per real commune (the largest ones, leaving out Privas, which has
the demo school, and Coux, which a browser journey asks to create). Their answers are drawn from
a seeded random generator, so every run gives the same figures; this year's are slightly better
equipped than last year's, as real surveys show."""

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import User
from lms.organisations.models import Organisation, OrganisationKind, Territory, TerritoryKind
from lms.organisations.validators import uai_check_letter
from surveys.defaults import SCHOOL_FAMILY
from surveys.models import Answer, Campaign, CampaignTarget, Questionnaire, Response, ResponseStatus
from surveys.questions import Question, QuestionKind, all_questions
from surveys.services.campaigns import campaign_open
from surveys.services.questionnaires import questionnaire_freeze

AGENCY = "agence-numerique-educatif-ara"
DEMO_SCHOOL = "ecole-des-castagniers-privas"
SCHOOL_COUNT = 34
LEFT_OUT = {"07186", "07072"}  # Privas (the demo school) and Coux (tests/browser/test_manager_requests.py)
SEED = 2707

LAST_YEAR = "Enquête d'usages du numérique dans les écoles de l'Ardèche — année précédente"
THIS_YEAR = "Enquête d'usages du numérique dans les écoles de l'Ardèche"
OPEN_NOW = "Enquête d'usages du numérique : point de mi-année"

COMMENTS = [
    "Les tablettes sont appréciées mais la recharge prend du temps en classe.",
    "Nous attendons la fibre depuis deux ans.",
    "Il faudrait un référent numérique joignable rapidement.",
    "Les familles utilisent surtout l'ENT pour les informations de la vie de l'école.",
    "Le vidéoprojecteur de la classe de CP tombe souvent en panne.",
    "Merci pour les formations de l'an dernier, très utiles pour l'équipe.",
]
CYCLES = {"all": ["cycle1", "cycle2", "cycle3"], "c1": ["cycle1"], "c23": ["cycle2", "cycle3"]}
ENT_OBSTACLES = [
    "Les familles n'ont pas toutes une connexion à la maison.",
    "Nous n'avons pas eu de formation pour le prendre en main.",
    "La commune n'a pas encore choisi de solution.",
]


def _weighted(rng: random.Random, options: list[tuple[str, float]]) -> str:
    return rng.choices([value for value, _weight in options], weights=[weight for _value, weight in options])[0]


def _answer(question: Question, rng: random.Random, school: dict[str, Any], better: float) -> Any:
    """One plausible answer. `better` (0 last year, 1 this year) shifts equipment up a little."""
    key = question.key
    classes = school["classes"]
    if key == "nb_classes":
        return classes
    if key == "nb_eleves":
        return classes * rng.randint(18, 26)
    if key == "cycles":
        return school["cycles"]
    if key == "ecrans_interactifs":
        return min(classes, round(classes * rng.betavariate(2 + 2 * better, 2)))
    if key == "tablettes":
        return rng.choice([0, 0, 6, 8, 12, 16, 24, 30]) + (6 if better and rng.random() < 0.3 else 0)
    if key == "ordinateurs":
        return rng.randint(0, 3 + classes)
    if key == "age_materiel":
        return _weighted(
            rng, [("moins_3_ans", 2 + 2 * better), ("3_6_ans", 4), ("plus_6_ans", 3 - better), ("ne_sait_pas", 1)]
        )
    if key == "connectee":
        return "oui" if rng.random() < 0.96 else "non"
    if key == "connexion":
        return school["connexion"] if not better else school["connexion_now"]
    if key == "debit_ressenti":
        return rng.randint(3, 5) if school["connexion_now" if better else "connexion"] == "fibre" else rng.randint(1, 3)
    if key == "wifi_classes":
        return _weighted(rng, [("toutes", 3 + 2 * better), ("certaines", 4), ("aucune", 3 - better)])
    if key == "ent":
        return "oui" if rng.random() < 0.8 + 0.05 * better else "non"
    if key in ("ent_enseignants", "ent_eleves", "ent_familles"):
        shift = {"ent_enseignants": 2, "ent_eleves": 0, "ent_familles": 1}[key]
        values = [value for value, _label in question.options]
        return values[min(len(values) - 1, max(0, round(rng.gauss(1.5 + shift, 1))))]
    if key == "ent_frein":
        return rng.choice(ENT_OBSTACLES) if rng.random() < 0.6 else None
    if key == "commentaire":
        return rng.choice(COMMENTS) if rng.random() < 0.35 else None
    if key == "besoins_formation":
        values = [value for value, _label in question.options]
        return sorted(rng.sample(values, rng.randint(0, 3)), key=values.index) or None
    if question.kind == QuestionKind.MULTIPLE:
        values = [value for value, _label in question.options]
        return sorted(rng.sample(values, rng.randint(1, min(3, len(values)))), key=values.index)
    if question.kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
        return rng.choice([value for value, _label in question.options])
    if question.kind == QuestionKind.SCALE:
        return min(5, max(1, round(rng.gauss(3 + 0.3 * better, 1))))
    if question.kind == QuestionKind.NUMBER:
        return rng.randint(question.minimum or 0, (question.minimum or 0) + 10)
    return None


def _rows(
    response: Response, questionnaire: Questionnaire, rng: random.Random, school: dict, better: float
) -> list[Answer]:
    known: dict[str, Any] = {}
    rows: list[Answer] = []
    for question in all_questions(questionnaire.sections):
        if not question.is_visible(known):
            continue
        value = _answer(question, rng, school, better)
        if value is None:
            continue
        known[question.key] = value
        if question.kind == QuestionKind.MULTIPLE:
            rows.extend(Answer(response=response, key=question.key, choice=choice) for choice in value)
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
            rows.append(Answer(response=response, key=question.key, choice=value))
        elif question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
            rows.append(Answer(response=response, key=question.key, number=value))
        else:
            rows.append(Answer(response=response, key=question.key, text=value))
    return rows


def demo_schools() -> list[Organisation]:
    """The demo school and SCHOOL_COUNT made-up public schools in the largest communes of Ardèche."""
    communes = (
        Territory.objects.filter(kind=TerritoryKind.COMMUNE, departement__code="07", is_active=True)
        .exclude(code__in=LEFT_OUT)
        .order_by("-population", "code")[:SCHOOL_COUNT]
    )
    schools = [Organisation.objects.get(slug=DEMO_SCHOOL)]
    for index, commune in enumerate(communes):
        digits = f"007{9000 + index:04d}"
        school, _created = Organisation.objects.get_or_create(
            slug=f"ecole-publique-{commune.code}",
            defaults={
                "kind": OrganisationKind.ECOLE,
                "name": f"École publique de {commune.name}",
                "territory": commune,
                "uai": digits + uai_check_letter(digits),
            },
        )
        schools.append(school)
    return schools


def _closed_campaign(
    *,
    title: str,
    questionnaire: Questionnaire,
    agency: Organisation,
    schools: list[Organisation],
    days_ago: int,
    better: float,
) -> bool:
    if Campaign.objects.filter(agency=agency, title=title).exists():
        return False
    today = timezone.localdate()
    questionnaire_freeze(questionnaire=questionnaire)
    campaign = Campaign.objects.create(
        questionnaire=questionnaire,
        agency=agency,
        title=title,
        message="Merci de prendre vingt minutes pour nous aider à mieux accompagner les écoles.",
        targets_label="Écoles et établissements : Ardèche",
        opens_on=today - timedelta(days=days_ago + 35),
        closes_on=today - timedelta(days=days_ago),
    )
    CampaignTarget.objects.bulk_create([CampaignTarget(campaign=campaign, organisation=school) for school in schools])
    closed_at = timezone.now() - timedelta(days=days_ago + 2)
    answers: list[Answer] = []
    for school in schools:
        # Deterministic demo figures, not secrets; the same school keeps its profile across years.
        rng = random.Random(f"{SEED}:{school.slug}")  # noqa: S311
        classes = rng.randint(2, 12)
        cycles = CYCLES[_weighted(rng, [("all", 6), ("c1", 1), ("c23", 3)])]
        connexion = _weighted(rng, [("fibre", 4), ("adsl", 4), ("radio_satellite", 1), ("ne_sait_pas", 1)])
        profile: dict[str, Any] = {
            "classes": classes,
            "cycles": cycles,
            "connexion": connexion,
            # A third or so of the ADSL schools got the fibre between the two years.
            "connexion_now": "fibre" if connexion == "adsl" and rng.random() < 0.4 else connexion,
        }
        rng.seed(f"{SEED}:{school.slug}:{title}")
        response = Response.objects.create(
            campaign=campaign,
            organisation=school,
            status=ResponseStatus.SUBMITTED,
            sections_done=len(questionnaire.sections),
            created_at=closed_at,
            updated_at=closed_at,
            submitted_at=closed_at,
        )
        answers.extend(_rows(response, questionnaire, rng, profile, better))
    Answer.objects.bulk_create(answers, batch_size=1000)
    return True


@transaction.atomic
def demo_surveys_load() -> str:
    questionnaire = Questionnaire.objects.filter(family=SCHOOL_FAMILY).order_by("version").first()
    agency = Organisation.objects.filter(slug=AGENCY).first()
    staff = User.objects.filter(email__iexact="agence@exemple.fr").first()
    if questionnaire is None or agency is None or staff is None:
        return "Demo surveys: skipped (questionnaire, agency or account missing)."
    schools = demo_schools()
    created = 0
    created += _closed_campaign(
        title=LAST_YEAR, questionnaire=questionnaire, agency=agency, schools=schools, days_ago=395, better=0
    )
    created += _closed_campaign(
        title=THIS_YEAR, questionnaire=questionnaire, agency=agency, schools=schools, days_ago=30, better=1
    )
    if not Campaign.objects.filter(agency=agency, title=OPEN_NOW).exists():
        today = timezone.localdate()
        campaign_open(
            agency=agency,
            questionnaire=questionnaire,
            title=OPEN_NOW,
            message="Quelques minutes pour faire le point sur l'équipement reçu cette année.",
            opens_on=today - timedelta(days=3),
            closes_on=today + timedelta(days=25),
            targets=Organisation.objects.filter(slug__in=[school.slug for school in schools]),
            targets_label="Écoles et établissements : Ardèche",
            created_by=staff,
        )
        created += 1
    return f"Demo surveys: {created} campaigns created, {len(schools)} schools of Ardèche."
