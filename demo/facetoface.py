"""Demo trainer pool and in-person sessions (issue 25): four trainers, upcoming sessions at the
town hall of Privas and at the demo EPN (one full, with a waiting list), the demo agent and
teacher registered, and one past session (issue 26) with its attendance (one self sign-in, one
absence), closed, with its attendance sheet and attestations de présence. The demo agent's
blended course ("Administrer le parc numérique d'une école", 3 hours of presence asked) has a
past session too: the agent attended its 3 hours and finished the modules, so the course is
complete and its attestation shows "En présentiel 3 h".

Idempotent: trainers are found by e-mail and sessions by title; a session already there is left
as it is, with its dates, whatever day the seed runs again."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from certificates.services import certificate_issue
from courses.models import Course, Enrolment, ModuleCompletion, Theme
from courses.services.enrolments import enrolment_create
from facetoface.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    Registration,
    RegistrationStatus,
    Slot,
    TrainerProfile,
    TrainingSession,
)
from facetoface.services.attendance import session_certify
from facetoface.services.registrations import registration_create, registrations_bulk_create
from facetoface.services.sessions import session_save
from facetoface.services.sheets import sheet_render
from lms.accounts.models import Audience, AudienceCode, User
from lms.organisations.models import Organisation, Territory, TerritoryKind


@dataclass(frozen=True)
class DemoTrainer:
    email: str
    first_name: str
    last_name: str
    organisation: str  # slug
    themes: tuple[str, ...]
    audiences: tuple[str, ...]
    territories: tuple[tuple[str, str], ...]  # (kind, code)
    availability: str
    bio: str


DEMO_TRAINERS = [
    DemoTrainer(
        "nadia.berger@exemple.fr",
        "Nadia",
        "Berger",
        "agence-numerique-educatif-ara",
        ("parentalite-numerique", "politique-educative-locale"),
        (AudienceCode.ELECTED, AudienceCode.AGENT),
        ((TerritoryKind.REGION, "84"),),
        "Du lundi au jeudi, partout dans la région.",
        "Formatrice de l'agence régionale, elle accompagne les communes dans leurs projets numériques éducatifs.",
    ),
    DemoTrainer(
        "epn@exemple.fr",
        "Étienne",
        "Médiateur",
        "epn-centre-ardeche",
        ("parentalite-numerique", "citoyennete-numerique"),
        (AudienceCode.PARENT, AudienceCode.AGENT),
        ((TerritoryKind.DEPARTEMENT, "07"),),
        "Le mercredi et le samedi matin.",
        "Médiateur numérique de l'EPN Centre Ardèche : ateliers familles, démarches en ligne, écrans.",
    ),
    DemoTrainer(
        "romain.lefevre@exemple.fr",
        "Romain",
        "Lefèvre",
        "ecole-des-castagniers-privas",
        ("pedagogie-numerique", "donnees-personnelles"),
        (AudienceCode.TEACHER,),
        ((TerritoryKind.DEPARTEMENT, "07"),),
        "Le mercredi après-midi et pendant les animations pédagogiques.",
        "Professeur des écoles et formateur : des séances avec le numérique qui partent des apprentissages.",
    ),
    DemoTrainer(
        "karim.technicien@exemple.fr",
        "Karim",
        "Technicien",
        "agence-numerique-educatif-ara",
        ("equipement-maintenance",),
        (AudienceCode.AGENT, AudienceCode.TEACHER),
        ((TerritoryKind.COMMUNE, "07186"),),
        "Sur rendez-vous, en semaine.",
        "Technicien du parc numérique des écoles : inventaire, tablettes, réseau et sécurité.",
    ),
]

FAMILIES = "ateliers-numeriques-familles-commune-rurale-ardeche"
TEACHERS = "concevoir-une-seance-avec-le-numerique"
PARENTS = "accompagner-son-enfant-sur-internet"
BLENDED = "administrer-le-parc-numerique-d-une-ecole"  # the agent's blended course


def _course(slug: str) -> Course | None:
    return Course.objects.filter(url__endswith=f"/{slug}/", is_published=True).first()


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def demo_trainers(*, password: str) -> dict[str, TrainerProfile]:
    profiles = {}
    for demo in DEMO_TRAINERS:
        user = User.objects.filter(email__iexact=demo.email).first()
        if user is None:
            user = User.objects.create_user(
                email=demo.email,
                password=password,
                first_name=demo.first_name,
                last_name=demo.last_name,
                email_confirmed_at=timezone.now(),
            )
        profile, created = TrainerProfile.objects.get_or_create(
            user=user,
            defaults={
                "organisation": Organisation.objects.filter(slug=demo.organisation).first(),
                "availability": demo.availability,
                "bio": demo.bio,
            },
        )
        if created:
            profile.themes.set(Theme.objects.filter(slug__in=demo.themes))
            profile.audiences.set(Audience.objects.filter(code__in=demo.audiences))
            for kind, code in demo.territories:
                profile.territories.add(*Territory.objects.filter(kind=kind, code=code))
        profiles[demo.email] = profile
    return profiles


def _session(
    *,
    title: str,
    course: Course,
    organiser: Organisation,
    place: Organisation,
    capacity: int,
    slots: list[tuple[datetime, datetime]],
    trainers: list[TrainerProfile],
    actor: User,
) -> TrainingSession | None:
    """The session, created through the service; None if it was there already."""
    if TrainingSession.objects.filter(title=title).exists():
        return None
    session = TrainingSession(
        title=title,
        course=course,
        organiser=organiser,
        place_organisation=place,
        territory=place.territory,
        capacity=capacity,
        registration_deadline=slots[0][0] - timedelta(days=2),
    )
    return session_save(session=session, slots=slots, trainers=trainers, actor=actor)


@transaction.atomic
def demo_sessions_load(*, password: str) -> str:
    families, teachers, parents = _course(FAMILIES), _course(TEACHERS), _course(PARENTS)
    organisations = {
        o.slug: o for o in Organisation.objects.filter(slug__in=["mairie-de-privas", "epn-centre-ardeche"])
    }
    people = {u.email: u for u in User.objects.filter(email__in=["maire@exemple.fr", "epn@exemple.fr"])}
    if families is None or teachers is None or parents is None or len(organisations) < 2 or len(people) < 2:
        return "Demo sessions: skipped (courses, organisations or accounts missing)."
    trainers = demo_trainers(password=password)
    town_hall, epn = organisations["mairie-de-privas"], organisations["epn-centre-ardeche"]
    mayor, epn_lead = people["maire@exemple.fr"], people["epn@exemple.fr"]
    created = 0
    session = _session(
        title="Ateliers numériques en familles : préparer la rentrée",
        course=families,
        organiser=town_hall,
        place=town_hall,
        capacity=12,
        slots=[(_at(14, 9), _at(14, 12)), (_at(14, 14), _at(14, 17))],
        trainers=[trainers["nadia.berger@exemple.fr"], trainers["epn@exemple.fr"]],
        actor=mayor,
    )
    if session is not None:
        created += 1
        agent = User.objects.get(email__iexact="agent@exemple.fr")
        registrations_bulk_create(organisation=town_hall, manager=mayor, users=[agent], session=session)
    session = _session(
        title="Accompagner les familles au numérique (complet)",
        course=families,
        organiser=epn,
        place=epn,
        capacity=2,
        slots=[(_at(9, 14), _at(9, 17))],
        trainers=[trainers["epn@exemple.fr"]],
        actor=epn_lead,
    )
    if session is not None:
        created += 1
        # Three agents of the commune for two seats: the third waits.
        agents = list(
            User.objects.filter(
                login_id__in=["nathalie.roux-privas", "julien.faure-privas", "sandrine.chabert-privas"]
            ).order_by("login_id")
        )
        registrations_bulk_create(organisation=town_hall, manager=mayor, users=agents, session=session)
    session = _session(
        title="Concevoir une séance avec le numérique : atelier à l'EPN",
        course=teachers,
        organiser=epn,
        place=epn,
        capacity=10,
        slots=[(_at(21, 14), _at(21, 17))],
        trainers=[trainers["romain.lefevre@exemple.fr"]],
        actor=epn_lead,
    )
    if session is not None:
        created += 1
        registration_create(user=User.objects.get(email__iexact="enseignant@exemple.fr"), session=session)
    created += _past_session(parents=parents, epn=epn, trainer=trainers["epn@exemple.fr"], actor=epn_lead)
    created += _blended_session(
        course=_course(BLENDED), town_hall=town_hall, trainer=trainers["karim.technicien@exemple.fr"], actor=mayor
    )
    return f"Demo sessions: {len(trainers)} trainers in the pool, {created} session(s) created."


def _past_session(*, parents: Course, epn: Organisation, trainer: TrainerProfile, actor: User) -> int:
    """A session held two weeks ago. The services refuse to register anyone for a session in the
    past, rightly; the demo writes its rows directly, as they would be had it been seeded then."""
    title = "Accompagner son enfant sur Internet : atelier parents"
    existing = TrainingSession.objects.filter(title=title).first()
    if existing is not None:
        _past_attendance(existing, trainer)
        session_certify(existing.pk)
        return 0
    session = TrainingSession.objects.create(
        title=title,
        course=parents,
        organiser=epn,
        place_organisation=epn,
        territory=epn.territory,
        capacity=10,
        registration_deadline=_at(-17, 18),
        created_by=actor,
    )
    session.trainers.add(trainer)
    Slot.objects.create(session=session, start=_at(-15, 9), end=_at(-15, 12))
    parent = User.objects.filter(email__iexact="parent@exemple.fr").first()
    if parent is not None:
        Registration.objects.create(
            session=session, user=parent, status=RegistrationStatus.CONFIRMED, confirmed_at=_at(-20, 10)
        )
    _past_attendance(session, trainer)
    session_certify(session.pk)  # the attestations de présence, as the task would after closing
    return 1


# Who came to the past session: the parent signed in by the QR code, the teacher was marked
# present by the trainer, the school head was absent.
PAST_ATTENDANCE = [
    ("parent@exemple.fr", AttendanceStatus.PRESENT, AttendanceMethod.SELF, 4),
    ("enseignant@exemple.fr", AttendanceStatus.PRESENT, AttendanceMethod.TRAINER, 12),
    ("directrice@exemple.fr", AttendanceStatus.ABSENT, AttendanceMethod.TRAINER, 20),
]


def _past_attendance(session: TrainingSession, trainer: TrainerProfile) -> None:
    """The past session's marks, closed, with its attendance sheet rendered here (about a
    second, once): a database seeded before attendance existed gets them on the next run."""
    if session.closed_at is not None:
        return
    slot = session.slots.not_cancelled().order_by("start").first()
    if slot is None:
        return
    emails = [row[0] for row in PAST_ATTENDANCE]
    people = {(user.email or "").lower(): user for user in User.objects.filter(email__in=emails)}
    for email, status, method, minutes in PAST_ATTENDANCE:
        user = people.get(email)
        if user is None:
            continue
        registration, _created = Registration.objects.get_or_create(
            session=session,
            user=user,
            defaults={"status": RegistrationStatus.CONFIRMED, "confirmed_at": _at(-20, 10)},
        )
        Attendance.objects.get_or_create(
            registration=registration,
            slot=slot,
            defaults={
                "status": status,
                "method": method,
                "set_by": user if method == AttendanceMethod.SELF else trainer.user,
                "set_at": slot.start + timedelta(minutes=minutes),
            },
        )
    TrainingSession.objects.filter(pk=session.pk).update(
        closed_at=slot.end + timedelta(minutes=15), closed_by=trainer.user, sheet_revision=1
    )
    sheet_render(session.pk)


BLENDED_TITLE = "Administrer le parc numérique : atelier pratique à la mairie"


def _blended_session(*, course: Course | None, town_hall: Organisation, trainer: TrainerProfile, actor: User) -> int:
    """The agent's blended course: a 3-hour session held ten days ago at the town hall, the
    agent marked present by the trainer, closed with its sheet; the agent enrolled by the
    commune with every module done. The set-based task after closing then completes the
    enrolment (modules and hours), and the course attestation is issued here, synchronously,
    with "En présentiel 3 h". Rows are written directly for the past, as in _past_session."""
    agent = User.objects.filter(email__iexact="agent@exemple.fr").first()
    if course is None or agent is None:
        return 0
    session = TrainingSession.objects.filter(title=BLENDED_TITLE).first()
    created = 0
    if session is None:
        session = TrainingSession.objects.create(
            title=BLENDED_TITLE,
            course=course,
            organiser=town_hall,
            place_organisation=town_hall,
            territory=town_hall.territory,
            capacity=8,
            registration_deadline=_at(-12, 18),
            created_by=actor,
        )
        session.trainers.add(trainer)
        slot = Slot.objects.create(session=session, start=_at(-10, 9), end=_at(-10, 12))
        registration = Registration.objects.create(
            session=session, user=agent, status=RegistrationStatus.CONFIRMED, confirmed_at=_at(-14, 10)
        )
        Attendance.objects.create(
            registration=registration,
            slot=slot,
            status=AttendanceStatus.PRESENT,
            method=AttendanceMethod.TRAINER,
            set_by=trainer.user,
            set_at=slot.start + timedelta(minutes=5),
        )
        TrainingSession.objects.filter(pk=session.pk).update(
            closed_at=slot.end + timedelta(minutes=10), closed_by=trainer.user, sheet_revision=1
        )
        sheet_render(session.pk)
        created = 1
    enrolment = Enrolment.objects.filter(user=agent, course=course).first()
    if enrolment is None:
        enrolment = enrolment_create(user=agent, course=course, enrolled_by=actor, organisation=town_hall)
        ModuleCompletion.objects.bulk_create(
            [
                ModuleCompletion(enrolment=enrolment, cycle=enrolment.cycle, module=module, completed_at=_at(-12, 17))
                for module in course.modules.filter(is_published=True, is_required=True)
            ],
            ignore_conflicts=True,
        )
    session_certify(session.pk)
    enrolment.refresh_from_db()
    certificate_issue(enrolment_id=enrolment.pk, cycle=enrolment.cycle)
    return created
