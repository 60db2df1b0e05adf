"""Who may see the pool and manage sessions. Someone else's profile, session or registration is
always a 404, never a 403 (DESIGN.md §2).

A person's *scope* is the part of the map their role covers: a national agency (or a superuser)
everything; a regional agency its région; an organisation's manager the département of their
organisation. Agency staff see trainers and sessions of their scope; managers see the pool of
their département and manage the sessions their organisations organise or host."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from facetoface.models import Registration, Slot, TrainerProfile, TrainingSession
from lms.accounts.models import User
from lms.organisations.models import (
    AGENCY_KINDS,
    Membership,
    Organisation,
    OrganisationKind,
    Territory,
    TerritoryKind,
)


@dataclass
class Scope:
    everywhere: bool = False
    region_ids: set[int] = field(default_factory=set)
    departement_ids: set[int] = field(default_factory=set)
    agency_ids: set[int] = field(default_factory=set)  # agencies this person works for
    managed_ids: set[int] = field(default_factory=set)  # organisations this person manages

    @property
    def is_agency(self) -> bool:
        return self.everywhere or bool(self.agency_ids)

    @property
    def uses_pool(self) -> bool:
        return self.is_agency or bool(self.managed_ids)

    def territories(self, path: str) -> Q:
        """The rows whose territory (at `path`, or the Territory rows themselves for "") lies in
        this scope."""
        if self.everywhere:
            return Q()
        own, prefix = path or "pk", f"{path}__" if path else ""
        condition = Q(pk__in=[])
        if self.region_ids:
            condition |= Q(**{f"{own}__in": self.region_ids}) | Q(**{f"{prefix}region_id__in": self.region_ids})
        if self.departement_ids:
            condition |= Q(**{f"{own}__in": self.departement_ids}) | Q(
                **{f"{prefix}departement_id__in": self.departement_ids}
            )
        return condition


def _area(territory: Territory, scope: Scope) -> None:
    if territory.kind == TerritoryKind.REGION:
        scope.region_ids.add(territory.pk)
    elif territory.kind == TerritoryKind.DEPARTEMENT:
        scope.departement_ids.add(territory.pk)
    elif territory.departement_id:
        scope.departement_ids.add(territory.departement_id)


def scope_of(user: User | AnonymousUser) -> Scope:
    """One query: the person's current memberships that matter here."""
    scope = Scope()
    if not user.is_authenticated:
        return scope
    if user.is_superuser:
        scope.everywhere = True
    memberships = (
        Membership.objects.current()
        .filter(user=user, organisation__is_active=True)
        .filter(Q(organisation__kind__in=AGENCY_KINDS) | Q(role="manager"))
        .select_related("organisation__territory")
    )
    for membership in memberships:
        organisation = membership.organisation
        if organisation.kind in AGENCY_KINDS:
            scope.agency_ids.add(organisation.pk)
            if organisation.kind == OrganisationKind.NATIONAL_AGENCY:
                scope.everywhere = True
            _area(organisation.territory, scope)
        if membership.role == "manager":
            scope.managed_ids.add(organisation.pk)
            _area(organisation.territory, scope)
    return scope


def require_pool(user: User | AnonymousUser) -> Scope:
    scope = scope_of(user)
    if not scope.uses_pool:
        raise Http404
    return scope


def visible_trainers(scope: Scope) -> QuerySet[TrainerProfile]:
    """Profiles covering part of the scope (a trainer of the whole région is seen by a
    département's managers too), or belonging to one of the scope's organisations."""
    if scope.everywhere:
        return TrainerProfile.objects.all()
    covering = Q(territories__in=Territory.objects.filter(scope.territories("")))
    if scope.departement_ids:
        # A trainer covering the whole région reaches every département in it.
        covering |= Q(territories__in=Territory.objects.filter(departements_region_q(scope.departement_ids)))
    ids = TrainerProfile.objects.filter(covering | Q(organisation_id__in=scope.agency_ids | scope.managed_ids)).values(
        "pk"
    )
    return TrainerProfile.objects.filter(pk__in=ids)


def departements_region_q(departement_ids: set[int]) -> Q:
    return Q(kind=TerritoryKind.REGION, pk__in=Territory.objects.filter(pk__in=departement_ids).values("region_id"))


def access_trainer_profile(user: User | AnonymousUser, profile_id: int) -> TrainerProfile:
    """A profile this person may read: pool users, within their scope; the trainer, their own."""
    own = TrainerProfile.objects.filter(pk=profile_id, user_id=user.pk) if user.is_authenticated else None
    if own is not None and own.exists():
        return own.select_related("user", "organisation").get()
    profile = visible_trainers(require_pool(user)).filter(pk=profile_id).select_related("user", "organisation").first()
    if profile is None:
        raise Http404
    return profile


def access_managed_trainer(user: User, profile_id: int) -> TrainerProfile:
    """A profile agency staff may deactivate or reactivate: one within their agency's scope."""
    scope = scope_of(user)
    if not scope.is_agency:
        raise Http404
    profile = visible_trainers(scope).filter(pk=profile_id).select_related("user").first()
    if profile is None:
        raise Http404
    return profile


def managed_sessions(user: User | AnonymousUser) -> QuerySet[TrainingSession]:
    """Sessions this person may edit and cancel: agency staff those of their scope; managers
    those their organisations organise or host; trainers those they run."""
    if not user.is_authenticated:
        return TrainingSession.objects.none()
    scope = scope_of(user)
    condition = Q(trainers__user=user)
    if scope.is_agency:
        condition |= scope.territories("territory") | Q(organiser_id__in=scope.agency_ids)
    if scope.managed_ids:
        condition |= Q(organiser_id__in=scope.managed_ids) | Q(place_organisation_id__in=scope.managed_ids)
    return TrainingSession.objects.filter(pk__in=TrainingSession.objects.filter(condition).values("pk"))


def may_see_participants(user: User | AnonymousUser, session: TrainingSession) -> bool:
    """Who is registered is for the session's organiser and host, and its trainers. Agency
    staff manage the sessions of their territory but see individuals only of the sessions their
    agency organises (DESIGN.md §1)."""
    if not user.is_authenticated:
        return False
    scope = scope_of(user)
    return (
        session.organiser_id in scope.agency_ids | scope.managed_ids
        or session.place_organisation_id in scope.managed_ids
        or session.trainers.filter(user=user).exists()
    )


def access_managed_session(user: User, session_id: int) -> TrainingSession:
    session = (
        managed_sessions(user)
        .select_related("course", "organiser", "place_organisation", "territory")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    return session


def organiser_choices(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations this person may name as organiser of a new session."""
    scope = scope_of(user)
    return Organisation.objects.filter(pk__in=scope.agency_ids | scope.managed_ids, is_active=True)


def may_create_sessions(user: User) -> bool:
    return user.is_authenticated and organiser_choices(user).exists()


def access_session(session_id: int) -> TrainingSession:
    """A session's public page: anyone may read it (the trainers' names only)."""
    session = (
        TrainingSession.objects.select_related("course", "organiser", "place_organisation", "territory")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    return session


def access_own_registration(user: User | AnonymousUser, registration_id: int) -> Registration:
    if not user.is_authenticated:
        raise Http404
    registration = (
        Registration.objects.select_related("session__course", "session__organiser", "session__place_organisation")
        .filter(pk=registration_id, user=user)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def approvable_registrations(user: User) -> QuerySet[Registration]:
    """Requests awaiting approval this person may decide: as a manager of the session's organiser
    or of an organisation the person belongs to."""
    managed = scope_of(user).managed_ids
    if not managed:
        return Registration.objects.none()
    members = Membership.objects.current().filter(organisation_id__in=managed).values("user")
    return Registration.objects.filter(status="pending_approval").filter(
        Q(session__organiser_id__in=managed) | Q(user__in=members)
    )


def access_approvable_registration(user: User, registration_id: int) -> Registration:
    registration = (
        approvable_registrations(user).select_related("user", "session__course").filter(pk=registration_id).first()
    )
    if registration is None:
        raise Http404
    return registration


# Attendance (issue 26). The role decides how long marks may be changed: trainers for
# CORRECTION_WINDOW after the slot, the organiser and platform staff at any time, with a reason.
ROLE_TRAINER, ROLE_ORGANISER, ROLE_STAFF = "trainer", "organiser", "staff"


def attendance_role(user: User | AnonymousUser, session: TrainingSession) -> str:
    """ "organiser" for the organiser's managers and agency staff, "staff" for platform staff,
    "trainer" for the session's trainers, "" for anyone else. The strongest role wins."""
    if not user.is_authenticated:
        return ""
    scope = scope_of(user)
    if session.organiser_id in scope.agency_ids | scope.managed_ids:
        return ROLE_ORGANISER
    if user.is_staff:
        return ROLE_STAFF
    if session.trainers.filter(user=user).exists():
        return ROLE_TRAINER
    return ""


def access_attendance_session(user: User | AnonymousUser, session_id: int) -> tuple[TrainingSession, str]:
    """A session whose attendance this person takes, closes or downloads; 404 for anyone else."""
    session = (
        TrainingSession.objects.select_related("course", "organiser", "place_organisation", "territory")
        .filter(pk=session_id, cancelled_at__isnull=True)
        .first()
    )
    role = attendance_role(user, session) if session is not None else ""
    if session is None or not role:
        raise Http404
    return session, role


def access_attendance_slot(user: User | AnonymousUser, slot_id: int) -> tuple[Slot, str]:
    slot = (
        Slot.objects.not_cancelled()
        .select_related("session__course", "session__organiser", "session__place_organisation", "session__territory")
        .filter(pk=slot_id, session__cancelled_at__isnull=True)
        .first()
    )
    role = attendance_role(user, slot.session) if slot is not None else ""
    if not role:
        raise Http404
    return slot, role
