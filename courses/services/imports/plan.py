"""The import's plan: what confirming would do with each row, given the database as it is now.

Rows are decided by batches; each batch reads what the database holds about its people in a
fixed number of queries (`Situation`), whatever its size. Deciding writes nothing: the same
function gives the preview (analyse) and, again at confirmation, what is written (apply)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course, Enrolment, InvitationEnrolment
from lms.accounts.models import User
from lms.organisations.csv_import import MemberRow
from lms.organisations.models import Invitation, InvitationStatus, Membership, Organisation, search_key
from lms.organisations.services.memberships import NewMember

BATCH_SIZE = 1000

T = TypeVar("T")


class Action:
    CREATE = "create"
    INVITE = "invite"
    ENROL = "enrol"
    SKIP = "skip"
    ERROR = "error"


ACTIONS = (Action.CREATE, Action.INVITE, Action.ENROL, Action.SKIP, Action.ERROR)


def batch_size() -> int:
    """Rows per batch: 1,000, or fewer where the database takes fewer bound parameters (a
    batch's lookups send one parameter per row, plus a few)."""
    limit = connection.features.max_query_params
    return BATCH_SIZE if limit is None else max(1, min(BATCH_SIZE, limit - 20))


@dataclass
class Decision:
    row: MemberRow
    action: str
    note: str
    user_id: int | None = None  # the existing member an ENROL is for
    invitation_id: int | None = None  # the pending invitation an ENROL adds the course to

    def as_plan_row(self) -> list:
        name = f"{self.row.first_name} {self.row.last_name}".strip()
        return [self.row.line, name, self.row.email or "", self.action, self.note]

    def as_new_member(self) -> NewMember:
        """The row as the organisation services take it (an invitation or a code account)."""
        row = self.row
        return NewMember(
            first_name=row.first_name,
            last_name=row.last_name,
            email=row.email,
            function=row.function,
            audience=row.audience,
        )


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def name_key(first_name: str, last_name: str) -> str:
    """How a row without e-mail is matched with a member: accents and case aside. A name in a
    script without ASCII letters keeps its own letters rather than becoming empty."""
    raw = f"{first_name} {last_name}"
    return search_key(raw) or " ".join(raw.casefold().split())


class Situation:
    """What the database already holds about the people of one batch of rows, in a fixed
    number of queries whatever the batch size."""

    def __init__(self, *, organisation: Organisation, rows: list[MemberRow], course: Course | None):
        keys = [row.email.lower() for row in rows if row.email]
        self.users: dict[str, int] = dict(
            User.objects.annotate(key=Lower("email")).filter(key__in=keys).values_list("key", "pk")
        )
        members = Membership.objects.current().filter(organisation=organisation)
        self.member_ids = set(members.filter(user__in=self.users.values()).values_list("user_id", flat=True))
        self.pending: dict[str, int] = {}
        self.declined: set[str] = set()
        answered = (
            Invitation.objects.annotate(key=Lower("email"))
            .filter(organisation=organisation, key__in=keys)
            .filter(
                Q(status=InvitationStatus.PENDING, expires_at__gt=timezone.now()) | Q(status=InvitationStatus.DECLINED)
            )
            .values_list("key", "pk", "status")
        )
        for key, pk, status in answered:
            if status == InvitationStatus.PENDING:
                self.pending[key] = pk
            else:
                self.declined.add(key)
        # pending invitation → the course it will apply on acceptance
        self.invitation_courses: dict[int, int] = {}
        if course is not None and self.pending:
            self.invitation_courses = dict(
                InvitationEnrolment.objects.filter(invitation__in=self.pending.values()).values_list(
                    "invitation_id", "course_id"
                )
            )
        # member id → organisation following their enrolment (None: self-enrolled)
        self.enrolments: dict[int, int | None] = {}
        if course is not None:
            self.enrolments = dict(
                Enrolment.objects.filter(course=course, user__in=members.values("user"))
                .current()
                .values_list("user_id", "organisation_id")
            )


def members_by_name(organisation: Organisation) -> dict[str, list[int]]:
    """Current members by name: how a row without e-mail is recognised on re-import, whether or
    not the person has added an address since."""
    names: dict[str, list[int]] = {}
    rows = (
        Membership.objects.current()
        .filter(organisation=organisation)
        .values_list("user_id", "user__first_name", "user__last_name")
    )
    for user_id, first_name, last_name in rows:
        names.setdefault(name_key(first_name, last_name), []).append(user_id)
    return names


def decide(
    *,
    organisation: Organisation,
    rows: list[MemberRow],
    course: Course | None,
    code_accounts: bool,
    progress: Callable[[int], None] | None = None,
    size: int | None = None,
) -> list[Decision]:
    """What confirming would do with each row, given the database as it is now. `progress` is
    told how many rows are decided after each batch."""
    decisions: list[Decision] = []
    by_name = members_by_name(organisation) if code_accounts else {}
    names_in_file: dict[str, int] = {}
    for batch in chunks(rows, size or batch_size()):
        situation = Situation(organisation=organisation, rows=[row for row in batch if row.ok], course=course)
        for row in batch:
            decisions.append(
                decide_row(
                    row,
                    situation=situation,
                    by_name=by_name,
                    names_in_file=names_in_file,
                    course=course,
                    code_accounts=code_accounts,
                    organisation=organisation,
                )
            )
        if progress:
            progress(len(decisions))
    return decisions


def decide_row(
    row: MemberRow,
    *,
    situation: Situation,
    by_name: dict[str, list[int]],
    names_in_file: dict[str, int],
    course: Course | None,
    code_accounts: bool,
    organisation: Organisation,
) -> Decision:
    """One row's decision. `names_in_file` collects the names of the code accounts planned so
    far, so that a second row with the same name and no e-mail is an error, not a twin."""
    if row.duplicate_of is not None:
        return Decision(row, Action.SKIP, _("Doublon de la ligne %(line)s.") % {"line": row.duplicate_of})
    if not row.ok:
        return Decision(row, Action.ERROR, " ".join(row.errors))
    if row.email:
        return email_decision(row, situation=situation, course=course, organisation=organisation)
    if not code_accounts:
        return Decision(
            row, Action.SKIP, _("Pas d'adresse e-mail : cochez « comptes avec code » pour lui créer un compte.")
        )
    name = name_key(row.first_name, row.last_name)
    existing = by_name.get(name, [])
    if len(existing) == 1:
        return member_decision(row, user_id=existing[0], situation=situation, course=course, organisation=organisation)
    if len(existing) > 1:
        return Decision(
            row, Action.SKIP, _("Plusieurs membres portent ce nom : inscrivez la bonne personne à la main.")
        )
    if name in names_in_file:
        return Decision(
            row,
            Action.ERROR,
            _("Même nom que la ligne %(line)s, sans e-mail : ajoutez une adresse pour les distinguer.")
            % {"line": names_in_file[name]},
        )
    names_in_file[name] = row.line
    note = _("Compte sans e-mail, avec un code personnel à imprimer.")
    if course is not None:
        note += " " + _("Inscription à la formation.")
    return Decision(row, Action.CREATE, note)


def email_decision(
    row: MemberRow, *, situation: Situation, course: Course | None, organisation: Organisation
) -> Decision:
    """A row with an address: consent first, so a newcomer is invited, never added."""
    key = (row.email or "").lower()
    user_id = situation.users.get(key)
    if user_id is not None and user_id in situation.member_ids:
        return member_decision(row, user_id=user_id, situation=situation, course=course, organisation=organisation)
    if key in situation.declined:
        return Decision(row, Action.SKIP, _("A décliné une invitation de l'organisation : pas de nouvelle invitation."))
    if key in situation.pending:
        invitation_id = situation.pending[key]
        planned = situation.invitation_courses.get(invitation_id)
        if course is not None and planned is not None and planned != course.pk:
            return Decision(
                row, Action.SKIP, _("Invitation déjà en attente pour une autre formation : inscrivez-la après.")
            )
        if course is not None and planned is None:
            return Decision(
                row,
                Action.ENROL,
                _("Invitation déjà en attente : la formation s'y ajoute, l'inscription se fera à l'acceptation."),
                invitation_id=invitation_id,
            )
        return Decision(row, Action.SKIP, _("Invitation déjà envoyée, en attente de réponse."))
    if user_id:
        note = _("A déjà un compte : l'invitation apparaîtra dans son espace.")
    else:
        note = _("Recevra un lien pour activer son compte.")
    if course is not None:
        note += " " + _("Inscription à la formation dès l'acceptation.")
    return Decision(row, Action.INVITE, note)


def member_decision(
    row: MemberRow, *, user_id: int, situation: Situation, course: Course | None, organisation: Organisation
) -> Decision:
    if course is None:
        return Decision(row, Action.SKIP, _("Déjà membre de l'organisation."), user_id)
    if user_id in situation.enrolments:
        followed_by = situation.enrolments[user_id]
        if followed_by == organisation.pk:
            return Decision(row, Action.SKIP, _("Déjà membre, et déjà dans cette formation."), user_id)
        if followed_by is not None:
            return Decision(
                row, Action.SKIP, _("Déjà dans cette formation, suivie par une autre organisation."), user_id
            )
        return Decision(
            row, Action.ENROL, _("Inscription faite par la personne elle-même : l'organisation la suivra."), user_id
        )
    return Decision(row, Action.ENROL, _("Déjà membre : inscription à la formation."), user_id)


def counts_of(decisions: list[Decision]) -> dict[str, int]:
    counts = dict.fromkeys(ACTIONS, 0)
    for decision in decisions:
        counts[decision.action] += 1
    return counts
