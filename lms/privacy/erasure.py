"""Erasure of a person (GDPR article 17), driven by the registry.

Each declaration says what happens to the person's rows; this module only carries it out, in one
transaction, in an order that keeps every mode honest:

1. DELETE: the rows the person owns (first path) go. Other paths name the person as an actor
   (who enrolled, who ended a membership): those links go with the account row at the end,
   through each foreign key's `on_delete` (SET_NULL), never by deleting someone else's rows.
2. ANONYMISE: the declaration's own function strips the rows.
3. DETACH: the links are set to NULL (or removed, for a many-to-many).
4. REPOINT: the rows move to the person's own stand-in, a new inactive account with no name,
   e-mail or password, so that an organisation's counts and dashboards stay right.
5. KEEP: nothing now; the retention rules remove the rows after their legal period.
The listeners run first, while the person's rows are as they were; the sign-in sessions go after
the declarations, and the account row is deleted last.
"""

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.privacy.models import ErasureRecord
from lms.privacy.registry import Declaration, Erasure, declarations, erasure_checks, erasure_listeners

ORDER = [Erasure.DELETE, Erasure.ANONYMISE, Erasure.DETACH, Erasure.REPOINT, Erasure.KEEP]
ACTION_LABELS = {
    Erasure.DELETE: _("supprimées"),
    Erasure.ANONYMISE: _("anonymisées"),
    Erasure.DETACH: _("détachées de la personne"),
    Erasure.REPOINT: _("anonymisées (rattachées à une « personne supprimée »)"),
    Erasure.KEEP: _("conservées pour leur durée légale"),
}


@dataclass(frozen=True)
class PlanLine:
    declaration: Declaration
    count: int

    @property
    def action(self) -> str:
        return str(ACTION_LABELS[self.declaration.on_erasure])

    @property
    def verbose_name(self) -> str:
        return str(self.declaration.model._meta.verbose_name_plural)


@dataclass
class ErasurePlan:
    deleted: list[PlanLine] = field(default_factory=list)
    anonymised: list[PlanLine] = field(default_factory=list)
    kept: list[PlanLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def erasure_plan(user) -> ErasurePlan:
    """What erasing this person would do, model by model: the staff preview."""
    plan = ErasurePlan(warnings=[warning for check in erasure_checks() for warning in check(user)])
    for declaration in declarations():
        rows = (
            declaration.rows_for(user) if declaration.on_erasure is not Erasure.DELETE else declaration.owned_rows(user)
        )
        count = rows.count()
        if not count:
            continue
        line = PlanLine(declaration=declaration, count=count)
        if declaration.on_erasure is Erasure.DELETE:
            plan.deleted.append(line)
        elif declaration.on_erasure is Erasure.KEEP:
            plan.kept.append(line)
        else:
            plan.anonymised.append(line)
    return plan


def _stand_in():
    """A new account of its own for each erased person: no name, e-mail or usable password."""
    user_model = get_user_model()
    stand_in = user_model(login_id=f"supprime-{secrets.token_hex(6)}", email=None, is_active=False)
    stand_in.erased_at = timezone.now()
    stand_in.set_unusable_password()
    stand_in.save()
    return stand_in


def _direct_user_fields(declaration: Declaration) -> list[Any]:  # foreign keys and many-to-many fields
    user_model = get_user_model()
    found = []
    for path in declaration.user_paths:
        if "__" in path:
            continue  # follows the model it goes through
        model_field = declaration.model._meta.get_field(path)
        if model_field.is_relation and model_field.related_model is user_model:
            found.append(model_field)
    return found


def _move(declaration: Declaration, user, target) -> int:
    """Point the person's links at `target` (None: detach). Returns the rows touched."""
    touched = 0
    manager = declaration.model._default_manager
    for model_field in _direct_user_fields(declaration):
        if model_field.many_to_many:
            through = model_field.remote_field.through
            user_column = model_field.m2m_reverse_field_name()
            links = through._default_manager.filter(**{user_column: user})
            if target is None:
                touched += links.delete()[0]
            else:
                touched += links.update(**{user_column: target})
        else:
            touched += manager.filter(**{model_field.name: user}).update(**{model_field.name: target})
    return touched


def _delete_sessions(user) -> int:
    """Sign-in sessions store the user id inside their encoded data, so each one is decoded: the
    table is small (sessions expire) and this runs once per erasure."""
    mine = [
        session.pk
        for session in Session.objects.iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    return Session.objects.filter(pk__in=mine).delete()[0]


@transaction.atomic
def person_erase(*, user, erased_by=None, reason: str = "", on_request: bool = False) -> ErasureRecord:
    """Erase one person as the registry says, and record it without them."""
    user_model = get_user_model()
    user = user_model.objects.select_for_update().get(pk=user.pk)
    requested_at = None
    if on_request:
        request = user.deletion_requests.filter(status="pending").order_by("requested_at").first()
        requested_at = request.requested_at if request else None
    stand_in = _stand_in()
    counts: dict[str, int] = {}
    # Listeners first: they look at the person's rows as they are (which organisations they are the
    # last manager of) before the declarations change them.
    for listener in erasure_listeners():
        listener(user=user, stand_in=stand_in)
    by_mode = sorted(
        (declaration for declaration in declarations() if declaration.model is not user_model),
        key=lambda declaration: ORDER.index(declaration.on_erasure),
    )
    for declaration in by_mode:
        mode = declaration.on_erasure
        if mode is Erasure.DELETE:
            touched = declaration.owned_rows(user).delete()[0]
        elif mode is Erasure.ANONYMISE:
            rows = declaration.rows_for(user)
            touched = rows.count()
            declaration.anonymise(rows)  # type: ignore[misc]  # declare() requires it for ANONYMISE
        elif mode is Erasure.DETACH:
            touched = _move(declaration, user, None)
        elif mode is Erasure.REPOINT:
            touched = _move(declaration, user, stand_in)
        else:
            touched = 0
        if touched:
            counts[declaration.label] = touched
    counts["sessions.Session"] = _delete_sessions(user)
    record = ErasureRecord.objects.create(
        stand_in=stand_in,
        erased_by=erased_by,
        reason=reason,
        on_request=on_request,
        requested_at=requested_at,
        counts=counts,
    )
    # What is left pointing at the account follows each foreign key's on_delete: actor links
    # (SET_NULL), and the person's own leftovers the registry deletes by cascade.
    user.delete()
    return record
