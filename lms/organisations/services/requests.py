"""Becoming an organisation's manager: a request, decided by agency staff for its territory."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.names import clean_name
from lms.notifications.models import OutboxMessage
from lms.organisations.models import (
    SCHOOL_KINDS,
    ManagerRequest,
    Membership,
    MembershipRole,
    Organisation,
    RequestStatus,
    Territory,
)
from lms.organisations.selectors import reviewers_of
from lms.organisations.services.memberships import membership_add
from lms.organisations.slugs import is_reserved


@transaction.atomic
def manager_request_create(
    *,
    requester: User,
    function: str,
    organisation: Organisation | None = None,
    kind: str = "",
    name: str = "",
    territory: Territory | None = None,
    siren: str = "",
    uai: str = "",
) -> ManagerRequest:
    if organisation is not None:
        if Membership.objects.current().managers().filter(user=requester, organisation=organisation).exists():
            raise ValidationError(_("Vous gérez déjà cette organisation."))
        pending = ManagerRequest.objects.filter(
            requester=requester, organisation=organisation, status=RequestStatus.PENDING
        ).first()
        if pending is not None:
            return pending
    request = ManagerRequest(
        requester=requester,
        organisation=organisation,
        kind=kind,
        name=clean_name(name),
        territory=territory,
        siren=siren.strip(),
        uai=uai.strip().upper(),
        function=function.strip(),
    )
    if organisation is None:
        if territory is None:  # the form requires the commune: the agency of its région decides
            raise ValueError("A request for a new organisation names its commune.")
        errors = {}
        if kind in SCHOOL_KINDS and not request.uai:
            errors["uai"] = _("Un établissement scolaire est identifié par son numéro UAI.")
        if request.uai and Organisation.objects.filter(uai=request.uai).exists():
            errors["uai"] = _("Cet établissement est déjà sur Passerelle : cherchez-le plutôt dans la liste.")
        if errors:
            raise ValidationError(errors)
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # the same request, sent twice at once
        return ManagerRequest.objects.get(requester=requester, organisation=organisation, status=RequestStatus.PENDING)
    _tell_reviewers(request)
    return request


def _tell_reviewers(request: ManagerRequest) -> None:
    from lms.notifications.services.outbox import outbox_enqueue

    for reviewer in reviewers_of(request):
        outbox_enqueue(recipient=reviewer, kind="organisations.request_received", obj=request)


def _unique_slug(name: str, territory: Territory) -> str:
    """The name alone when free ("mairie-de-coux"), else with the commune, else numbered; never
    a fixed path of the pages that take an organisation's slug (lms/organisations/slugs.py)."""
    candidates = [slugify(name)[:70] or "organisation", slugify(f"{name} {territory.name}")[:70]]
    for candidate in candidates:
        if not is_reserved(candidate) and not Organisation.objects.filter(slug=candidate).exists():
            return candidate
    slug, number = candidates[-1], 2
    while Organisation.objects.filter(slug=f"{candidates[-1]}-{number}").exists():
        number += 1
    return f"{slug}-{number}"


def _decide(request: ManagerRequest, reviewer: User) -> ManagerRequest:
    locked = ManagerRequest.objects.select_for_update().get(pk=request.pk)
    if locked.requester_id == reviewer.pk:
        raise ValidationError(_("Vous ne pouvez pas décider de votre propre demande."))
    if locked.status != RequestStatus.PENDING:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    return locked


@transaction.atomic
def manager_request_approve(*, request: ManagerRequest, reviewer: User) -> ManagerRequest:
    """Accept: create the organisation if needed, make the requester its manager, tell them."""
    from lms.notifications.services.outbox import outbox_enqueue

    request = _decide(request, reviewer)
    organisation = request.organisation
    if organisation is None:
        territory = request.territory
        if territory is None:  # manager_request_create refuses such a request
            raise ValueError(f"Manager request {request.pk} names neither an organisation nor a commune.")
        organisation = request.organisation = Organisation.objects.create(
            kind=request.kind,
            name=request.name,
            slug=_unique_slug(request.name, territory),
            territory=territory,
            siren=request.siren,
            uai=request.uai,
        )
    membership_add(
        organisation=organisation,
        user=request.requester,
        role=MembershipRole.MANAGER,
        function=request.function,
    )
    request.status = RequestStatus.APPROVED
    request.reviewed_by, request.reviewed_at = reviewer, timezone.now()
    request.save(update_fields=["organisation", "status", "reviewed_by", "reviewed_at"])
    outbox_enqueue(recipient=request.requester, kind="organisations.request_decided", obj=request)
    return request


@transaction.atomic
def manager_request_refuse(*, request: ManagerRequest, reviewer: User, reason: str) -> ManagerRequest:
    """Refuse, with a reason the requester reads in the e-mail."""
    from lms.notifications.services.outbox import outbox_enqueue

    if not reason.strip():
        raise ValidationError({"reason": _("Expliquez le refus : la personne le lira dans l'e-mail.")})
    request = _decide(request, reviewer)
    request.status = RequestStatus.REFUSED
    request.reason = reason.strip()
    request.reviewed_by, request.reviewed_at = reviewer, timezone.now()
    request.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    outbox_enqueue(recipient=request.requester, kind="organisations.request_decided", obj=request)
    return request


def request_received_email_context(message: OutboxMessage) -> dict:
    from django.conf import settings
    from django.urls import reverse

    request = ManagerRequest.objects.select_related("requester", "organisation", "territory").get(pk=message.object_id)
    return {
        "request": request,
        "review_url": settings.SITE_URL + reverse("organisations:review_decide", args=[request.pk]),
        "reply_to": request.requester.email,  # a reviewer's question goes to the person who asked
    }


def request_email_context(message: OutboxMessage) -> dict:
    from django.conf import settings
    from django.urls import reverse

    request = ManagerRequest.objects.select_related("organisation", "reviewed_by").get(pk=message.object_id)
    approved = request.status == RequestStatus.APPROVED
    # Approval creates the organisation if needed: an approved request always has one.
    if approved and request.organisation is not None:
        space = reverse("organisations:members", args=[request.organisation.slug])
    else:
        space = reverse("organisations:list")
    # "Vous pouvez répondre à l'agence": the reply reaches the agency member who decided.
    reply_to = request.reviewed_by.email if request.reviewed_by else ""
    return {"request": request, "approved": approved, "space_url": settings.SITE_URL + space, "reply_to": reply_to}
