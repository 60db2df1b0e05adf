"""Reads for the organisation pages. Each returns everything its page needs, in fixed queries."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from lms.accounts.models import AudienceCode, User
from lms.accounts.tokens import token_hash
from lms.organisations.models import (
    AGENCY_KINDS,
    AuditEntry,
    HomeCommune,
    Invitation,
    InvitationStatus,
    ManagerRequest,
    MemberGroup,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    RequestStatus,
    Territory,
    TerritoryKind,
    search_key,
)


def memberships_of_user(user: User) -> QuerySet[Membership]:
    """The person's current memberships, with their organisation and territory."""
    return (
        Membership.objects.current()
        .filter(user=user, organisation__is_active=True)
        .select_related("organisation", "organisation__territory")
        .order_by("organisation__name")
    )


MEMBER_STATES = {
    "connecte": (_lazy("S'est déjà connecté"), Q(user__last_login__isnull=False)),
    "jamais": (_lazy("Jamais connecté"), Q(user__last_login__isnull=True)),
    "sans-email": (_lazy("Compte sans e-mail"), Q(user__email__isnull=True)),
}


def organisation_members(
    organisation: Organisation,
    *,
    query: str = "",
    role: str = "",
    audience: str = "",
    state: str = "",
    group: "MemberGroup | None" = None,
) -> QuerySet[Membership]:
    """Current members of an organisation for its Membres tab, searchable by name, e-mail or
    login id, filtered by role, audience, account state (MEMBER_STATES) and group."""
    members = (
        Membership.objects.current()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    if role in MembershipRole.values:
        members = members.filter(role=role)
    if audience in AudienceCode.values:
        members = members.filter(user__audiences__code=audience)
    if state in MEMBER_STATES:
        members = members.filter(MEMBER_STATES[state][1])
    if group is not None:
        members = members.filter(member_groups=group)
    query = query.strip()
    if query:
        condition = Q()
        for word in query.split():
            condition &= (
                Q(user__last_name__icontains=word)
                | Q(user__first_name__icontains=word)
                | Q(user__email__icontains=word)
                | Q(user__login_id__icontains=word)
            )
        members = members.filter(condition)
    return members


def manager_count(organisation: Organisation) -> int:
    return Membership.objects.current().managers().filter(organisation=organisation).count()


def organisation_journal(organisation: Organisation) -> QuerySet[AuditEntry]:
    """The audit log of the manager space, newest first (the model's order), with who acted."""
    return AuditEntry.objects.filter(organisation=organisation).select_related("actor")


# --- Invitations


def pending_invitations_for(user: User) -> QuerySet[Invitation]:
    """Invitations to this person's address, once they have proved they own it: an account
    signed up with someone else's address must not join that person's organisations."""
    if not user.email or user.email_confirmed_at is None:
        return Invitation.objects.none()
    return Invitation.objects.filter(
        email__iexact=user.email, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
    ).select_related("organisation", "organisation__territory", "invited_by")


def pending_invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations still waiting for an answer, newest first, for the members tab."""
    return Invitation.objects.filter(
        organisation=organisation, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def invitation_find(token: str) -> Invitation | None:
    """The pending invitation an activation link carries, if it is still valid."""
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=token_hash(token), status=InvitationStatus.PENDING, expires_at__gt=timezone.now())
        .first()
    )


# --- Accounts without e-mail


def code_accounts_awaiting(*, organisation: Organisation, manager: User, user_ids: list[int]) -> QuerySet[Membership]:
    """Those of these people who are current members without e-mail, have never signed in, and
    belong to no organisation this manager does not manage: one query."""
    managed = Membership.objects.current().managers().filter(user=manager).values("organisation")
    elsewhere = Membership.objects.current().filter(user=OuterRef("user")).exclude(organisation__in=managed)
    return (
        Membership.objects.current()
        .filter(
            organisation=organisation,
            user_id__in=user_ids,
            user__email__isnull=True,
            user__last_login__isnull=True,
            user__is_staff=False,
            user__is_superuser=False,
        )
        .exclude(Exists(elsewhere))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user_id")
    )


# --- Requests to manage an organisation


def requestable_organisations() -> QuerySet[Organisation]:
    """What someone may ask to manage: active organisations, agencies excepted (their staff are
    named by the platform)."""
    return Organisation.objects.filter(is_active=True).exclude(kind__in=AGENCY_KINDS)


def requestable_organisations_matching(query: str, *, limit: int) -> tuple[list[Organisation], int]:
    """Requestable organisations by name, or by the name, postcode or code of their place: the
    first `limit` of them and how many match in all, so that the page never truncates silently."""
    places = Territory.objects.search(query).values("pk")
    matching = requestable_organisations().filter(Q(name__icontains=query) | Q(territory__in=places))
    # One row past the limit tells whether there are more; only then are they counted.
    shown = list(matching.select_related("territory").order_by("name")[: limit + 1])
    total = len(shown) if len(shown) <= limit else matching.count()
    return shown[:limit], total


def manager_requests_of(user: User) -> QuerySet[ManagerRequest]:
    """The person's own requests still pending or refused (approved ones became memberships)."""
    return (
        ManagerRequest.objects.filter(requester=user)
        .exclude(status=RequestStatus.APPROVED)
        .select_related("organisation")
    )


def reviewable_requests(user: User) -> QuerySet[ManagerRequest]:
    """Requests this person may decide: staff of a national agency (and superusers) see all,
    staff of a regional agency those whose organisation lies in its région; anyone else none.
    Nobody decides their own request, so it is never among them."""
    agencies = (
        Membership.objects.current()
        .filter(user=user, organisation__kind__in=AGENCY_KINDS, organisation__is_active=True)
        .select_related("organisation")
    )
    scope = Q() if user.is_superuser else Q(pk__in=[])
    for membership in agencies:
        agency = membership.organisation
        if agency.kind == OrganisationKind.NATIONAL_AGENCY:
            scope = Q()
            break
        region = agency.territory_id
        scope |= Q(organisation__territory__region_id=region) | Q(territory__region_id=region)
        scope |= Q(organisation__territory_id=region) | Q(territory_id=region)
    return (
        ManagerRequest.objects.filter(scope)
        .exclude(requester=user)
        .select_related("requester", "organisation", "organisation__territory", "territory")
    )


def current_managers_of(organisation: Organisation | None) -> QuerySet[Membership]:
    """Who manages the organisation now, by name: an agency deciding a request sees whether it
    would add a manager beside someone (and whom to ask) or give the organisation its first."""
    if organisation is None:
        return Membership.objects.none()
    return (
        Membership.objects.current()
        .managers()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def reviewers_of(request: ManagerRequest) -> QuerySet[User]:
    """Staff of the national agencies, and of the regional agency of the request's région, except
    the requester; when that leaves nobody (the agency's only member asked), the superusers."""
    place = request.place
    if place is None:  # manager_request_create refuses a request with neither organisation nor commune
        raise ValueError(f"Manager request {request.pk} has no place to find its reviewers by.")
    return agency_staff_for(place, excluding=request.requester_id)


def agency_staff_for(place: Territory, *, excluding: int | None = None) -> QuerySet[User]:
    """Staff of the national agencies and of the place's regional agency; when there are none,
    the superusers."""
    region_id = place.region_id or place.pk
    agencies = Organisation.objects.filter(is_active=True).filter(
        Q(kind=OrganisationKind.NATIONAL_AGENCY) | Q(kind=OrganisationKind.REGIONAL_AGENCY, territory_id=region_id)
    )
    members = Membership.objects.current().filter(organisation__in=agencies).values("user")
    others = User.objects.filter(is_active=True)
    if excluding is not None:
        others = others.exclude(pk=excluding)
    reviewers = others.filter(pk__in=members)
    return reviewers if reviewers.exists() else others.filter(is_superuser=True)


def organisations_left_without_manager(user: User) -> QuerySet[Organisation]:
    """The organisations this person is the only current manager of."""
    mine = Membership.objects.current().managers().filter(user=user).values("organisation")
    others = Membership.objects.current().managers().exclude(user=user).values("organisation")
    return Organisation.objects.filter(pk__in=mine).exclude(pk__in=others).select_related("territory")


# --- Home commune


def home_commune_of(user: User) -> Territory | None:
    row = HomeCommune.objects.filter(user=user).select_related("commune__departement").first()
    return row.commune if row else None


def commune_choices(query: str, *, limit: int) -> QuerySet[Territory]:
    """Current communes matching a name, postcode or INSEE code, with their département."""
    return (
        Territory.objects.active()
        .filter(kind=TerritoryKind.COMMUNE)
        .search(query)
        .select_related("departement")[:limit]
    )


def communes_for_place(query: str) -> QuerySet[Territory]:
    """Current communes a person may mean by `query`: the one with that INSEE code, else every
    commune of that postcode (46 at most in France, so never cut), else those whose name matches,
    the exact name first. Ordered for a list shown to the person."""
    query = query.strip()
    communes = Territory.objects.active().filter(kind=TerritoryKind.COMMUNE)
    if not query:
        return communes.none()
    by_code = communes.filter(code=query.upper())
    if by_code.exists():
        return by_code
    if query.isdigit():
        return communes.filter(postcodes_text__contains=f" {query}").order_by("name", "code")
    key = search_key(query)
    exact = communes.filter(search_name=key)
    if exact.count() == 1:
        return exact
    return communes.search(query).select_related("departement")


def current_commune(commune_id: int) -> Territory | None:
    return Territory.objects.active().filter(kind=TerritoryKind.COMMUNE, pk=commune_id).first()


# --- Groups of members (services, classes): see models/groups.py.


def organisation_groups(organisation: Organisation) -> QuerySet[MemberGroup]:
    """The organisation's groups by name, each with its number of current members, in one query."""
    today = timezone.localdate()
    current = (Q(memberships__end_on__isnull=True) | Q(memberships__end_on__gt=today)) & Q(
        memberships__start_on__lte=today
    )
    return MemberGroup.objects.filter(organisation=organisation).annotate(size=Count("memberships", filter=current))


def group_current_users(group: MemberGroup) -> QuerySet:
    """The user ids of the group's current members, as a subquery: filtering by group stays one
    query whatever its size."""
    return Membership.objects.current().filter(member_groups=group).values("user")


def organisation_current_memberships(organisation: Organisation) -> QuerySet[Membership]:
    """The members a group may hold, by name."""
    return (
        Membership.objects.current()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def territory_level_key(prefix: str, level: str | None) -> tuple[Q, Coalesce | F | None]:
    """For rows reaching an organisation's territory through `prefix` ("organisation__territory"):
    which rows count at `level` (a TerritoryKind; None: the nation) and the territory each counts
    in there. An organisation counts in its own territory and every one containing it: a mairie
    in its commune, EPCI, département and région; an agency placed on a département in that
    département and its région, in no commune. The key is None for the nation (one group)."""
    if level is None:
        return Q(**{f"{prefix}__isnull": False}), None
    if level == TerritoryKind.COMMUNE:
        return Q(**{f"{prefix}__kind": level}), F(prefix)
    links: dict[str, str] = {
        TerritoryKind.REGION: "region",
        TerritoryKind.DEPARTEMENT: "departement",
        TerritoryKind.EPCI: "epci",
    }
    link = links[level]
    rows = Q(**{f"{prefix}__kind": level}) | Q(**{f"{prefix}__{link}__isnull": False})
    return rows, Coalesce(f"{prefix}__{link}_id", f"{prefix}_id")
