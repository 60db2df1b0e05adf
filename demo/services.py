"""Demo data for `make run` and manual testing: Ardèche's territories and the accounts of DESIGN.md §4.

Idempotent: running it again finds every row by its natural key and changes nothing. Later
issues extend it with territories, organisations, memberships and course content.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from demo.aid_plans import demo_aid_plans_load
from demo.certificates import demo_expired_certificate
from demo.course_ratings import demo_course_ratings_load
from demo.courses import demo_courses_load
from demo.dashboards import demo_dashboards_load
from demo.experiences import demo_experiences_load
from demo.facetoface import demo_sessions_load
from demo.relays import demo_relays_load
from demo.reminders import demo_reminder_enrolments
from demo.scenario_commons import demo_scenario_commons
from demo.scenarios import demo_contributions_load, demo_scenarios_load
from demo.surveys import demo_surveys_load
from demo.video import demo_video_add
from lms.accounts.models import Audience, AudienceCode, User
from lms.organisations.models import (
    MemberGroup,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Territory,
    TerritoryKind,
)
from lms.organisations.services.groups import member_group_save
from lms.organisations.services.memberships import membership_add
from lms.organisations.services.territories import territories_load
from lms.organisations.validators import uai_check_letter

DEMO_DEPARTEMENTS = ["07"]  # Ardèche, with its région Auvergne-Rhône-Alpes (DESIGN.md §4)
DEMO_PASSWORD = "passerelle-demo"  # noqa: S105  (documented demo password, refused in production)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    audiences: tuple[str, ...] = ()
    is_staff: bool = False
    is_superuser: bool = False
    groups: tuple[str, ...] = ()  # Wagtail editorial groups, created by cms migrations


DEMO_ACCOUNTS = [
    DemoAccount("admin@exemple.fr", "Alix", "Administratrice", is_staff=True, is_superuser=True),
    DemoAccount("formatrice@exemple.fr", "Fanny", "Formatrice", groups=("Formateurs",)),
    DemoAccount("moderatrice@exemple.fr", "Manon", "Modératrice", groups=("Modérateurs",)),
    DemoAccount("agence@exemple.fr", "Aurélien", "Agence", groups=("Agences",)),
    DemoAccount("maire@exemple.fr", "Michèle", "Maire", audiences=(AudienceCode.ELECTED,)),
    DemoAccount("directrice@exemple.fr", "Diane", "Directrice", audiences=(AudienceCode.TEACHER,)),
    DemoAccount("epn@exemple.fr", "Étienne", "Médiateur"),
    DemoAccount("enseignant@exemple.fr", "Élie", "Enseignant", audiences=(AudienceCode.TEACHER,)),
    DemoAccount("parent@exemple.fr", "Paule", "Parent", audiences=(AudienceCode.PARENT,)),
    DemoAccount("agent@exemple.fr", "Ange", "Agent", audiences=(AudienceCode.AGENT,)),
]


@transaction.atomic
def demo_seed() -> list[str]:
    """Create what is missing of the demo data; return one report line per part."""
    Audience.objects.ensure_all()
    territories = territories_load(departements=DEMO_DEPARTEMENTS)
    created = 0
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                first_name=account.first_name,
                last_name=account.last_name,
                is_staff=account.is_staff,
                is_superuser=account.is_superuser,
                email_confirmed_at=timezone.now(),
            )
            created += 1
        elif user.email_confirmed_at is None:
            user.email_confirmed_at = timezone.now()
            user.save(update_fields=["email_confirmed_at"])
        user.audiences.add(*account.audiences)  # type: ignore[arg-type]  # django-stubs wants int keys; Audience's is its code
        user.groups.add(*Group.objects.filter(name__in=account.groups))
    organisations = demo_organisations()
    agents = demo_agents(organisations["mairie-de-privas"])
    courses = demo_courses_load()
    video = demo_video_add()
    scenarios = demo_scenarios_load()
    contributions = demo_contributions_load()
    commons = demo_scenario_commons()
    certificate = demo_expired_certificate()
    reminders = demo_reminder_enrolments()
    sessions = demo_sessions_load(password=DEMO_PASSWORD)
    surveys = demo_surveys_load()
    relays = demo_relays_load()
    course_ratings = demo_course_ratings_load()
    experiences = demo_experiences_load()
    # The dashboards' summary reads everything above; the aid plan reads the summary.
    dashboards = demo_dashboards_load()
    aid_plans = demo_aid_plans_load()
    return [
        "Territories of Ardèche: " + "; ".join(territories.lines()),
        f"Demo accounts: {created} created, {len(DEMO_ACCOUNTS) - created} already present.",
        f"Demo organisations: {', '.join(organisations)}.",
        f"Agents of the demo commune: {agents} created.",
        f"Demo courses: {courses} created and published.",
        "Demo captioned video: " + ("added to the parents' course." if video else "already there."),
        f"Demo scenarios: {scenarios} created and published.",
        contributions,
        commons,
        certificate,
        reminders,
        sessions,
        surveys,
        relays,
        experiences,
        course_ratings,
        dashboards,
        aid_plans,
    ]


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    kind: str
    name: str
    territory: tuple[str, str]  # (kind, code)
    manager: str
    manager_function: str
    siren: str = ""
    uai: str = ""
    members: tuple[tuple[str, str], ...] = ()  # (e-mail, function)


# Privas and the région are real; the school, the EPN and the agency are made up.
DEMO_ORGANISATIONS = [
    DemoOrganisation(
        slug="agence-numerique-educatif-ara",
        kind=OrganisationKind.REGIONAL_AGENCY,
        name="Agence régionale du numérique éducatif Auvergne-Rhône-Alpes",
        territory=(TerritoryKind.REGION, "84"),
        manager="agence@exemple.fr",
        manager_function="Chargé de mission",
    ),
    DemoOrganisation(
        slug="mairie-de-privas",
        kind=OrganisationKind.COMMUNE,
        name="Mairie de Privas",
        territory=(TerritoryKind.COMMUNE, "07186"),
        siren="210701868",
        manager="maire@exemple.fr",
        manager_function="Maire",
        members=(("agent@exemple.fr", "Agent des services techniques"),),
    ),
    DemoOrganisation(
        slug="ecole-des-castagniers-privas",
        kind=OrganisationKind.ECOLE,
        name="École primaire des Castagniers",
        territory=(TerritoryKind.COMMUNE, "07186"),
        uai="0079901" + uai_check_letter("0079901"),
        manager="directrice@exemple.fr",
        manager_function="Directrice",
        members=(("enseignant@exemple.fr", "Professeur des écoles"),),
    ),
    DemoOrganisation(
        slug="epn-centre-ardeche",
        kind=OrganisationKind.EPN,
        name="Espace numérique Centre Ardèche",
        territory=(TerritoryKind.COMMUNE, "07186"),
        manager="epn@exemple.fr",
        manager_function="Médiateur numérique",
    ),
]


def demo_organisations() -> dict[str, Organisation]:
    organisations = {}
    for demo in DEMO_ORGANISATIONS:
        territory = Territory.objects.get(kind=demo.territory[0], code=demo.territory[1])
        organisation, _created = Organisation.objects.get_or_create(
            slug=demo.slug,
            defaults={
                "kind": demo.kind,
                "name": demo.name,
                "territory": territory,
                "siren": demo.siren,
                "uai": demo.uai,
            },
        )
        organisation.full_clean()
        organisations[demo.slug] = organisation
        managers = User.objects.filter(email__iexact=demo.manager)
        membership_add(
            organisation=organisation, user=managers.get(), role=MembershipRole.MANAGER, function=demo.manager_function
        )
        for email, function in demo.members:
            membership_add(organisation=organisation, user=User.objects.get(email__iexact=email), function=function)
    return organisations


# About 25 agents of the demo commune, in the states a real town hall has: most with an e-mail,
# some who never confirmed it, some with no e-mail at all (a login id), two who have left.
DEMO_AGENTS = [
    ("Nathalie", "Roux", "secretaire", "Secrétaire de mairie", "confirmed"),
    ("Julien", "Faure", "dgs", "Directeur général des services", "confirmed"),
    ("Sandrine", "Chabert", "accueil", "Agent d'accueil", "confirmed"),
    ("Karim", "Benali", "informatique", "Référent informatique", "confirmed"),
    ("Céline", "Vincent", "etat-civil", "Officier d'état civil", "confirmed"),
    ("Thomas", "Brun", "urbanisme", "Instructeur urbanisme", "confirmed"),
    ("Isabelle", "Mounier", "periscolaire", "Animatrice périscolaire", "confirmed"),
    ("Mathieu", "Arnaud", "periscolaire2", "Animateur périscolaire", "confirmed"),
    ("Sophie", "Blanc", "atsem", "ATSEM", "confirmed"),
    ("Laurent", "Chazal", "finances", "Responsable des finances", "confirmed"),
    ("Émilie", "Teyssier", "communication", "Chargée de communication", "confirmed"),
    ("Yannick", "Boyer", "police", "Policier municipal", "confirmed"),
    ("Patricia", "Delaye", "rh", "Gestionnaire ressources humaines", "confirmed"),
    ("Hervé", "Soulier", "cantine", "Responsable de restauration scolaire", "confirmed"),
    ("Nadia", "Haddad", "mediatheque", "Assistante de médiathèque", "unconfirmed"),
    ("Olivier", "Reynaud", "sport", "Éducateur sportif", "unconfirmed"),
    ("Chantal", "Bouvier", "ccas", "Agent du CCAS", "unconfirmed"),
    ("Bernard", "Coste", None, "Agent des espaces verts", "no_email"),
    ("Josiane", "Marcon", None, "Agent d'entretien", "no_email"),
    ("Gilles", "Fargier", None, "Agent de voirie", "no_email"),
    ("Fatima", "Ouali", None, "Agent d'entretien des écoles", "no_email"),
    ("René", "Bastide", None, "Gardien du gymnase", "no_email"),
    ("Aurélie", "Charre", "ancienne-accueil", "Agent d'accueil (partie)", "left"),
    ("Didier", "Pascal", None, "Agent de voirie (parti)", "left"),
]


def demo_agents(commune: Organisation) -> int:
    created = 0
    for first_name, last_name, mailbox, function, state in DEMO_AGENTS:
        login_id = f"{slugify(first_name)}.{slugify(last_name)}-privas"
        user = User.objects.filter(login_id=login_id).first()
        if user is None:
            user = User.objects.create_user(
                email=f"{mailbox}@mairie-privas.exemple.fr" if mailbox else None,
                password=DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
                login_id=login_id,
                email_confirmed_at=timezone.now() if state in {"confirmed", "left"} else None,
            )
            user.audiences.add(AudienceCode.AGENT)
            created += 1
        if state == "left":
            if not Membership.objects.filter(user=user, organisation=commune).exists():
                Membership.objects.create(
                    user=user,
                    organisation=commune,
                    function=function,
                    start_on=timezone.localdate() - timedelta(days=400),
                    end_on=timezone.localdate() - timedelta(days=30),
                )
            continue
        membership_add(organisation=commune, user=user, function=function)
    demo_member_group(commune)
    return created


# A group the manager can enrol or remind at once (the manager space's Groupes tab).
DEMO_GROUP = ("Service enfance", ("periscolaire", "periscolaire2", "atsem", "cantine"))


def demo_member_group(commune: Organisation) -> None:
    """Created once; left alone afterwards, so a manager's changes in the demo stay."""
    name, mailboxes = DEMO_GROUP
    if MemberGroup.objects.filter(organisation=commune, name=name).exists():
        return
    emails = [f"{mailbox}@mairie-privas.exemple.fr" for mailbox in mailboxes]
    member_group_save(
        organisation=commune,
        manager=User.objects.get(email__iexact="maire@exemple.fr"),
        name=name,
        memberships=Membership.objects.current().filter(organisation=commune, user__email__in=emails),
    )
