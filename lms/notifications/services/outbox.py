"""Writing to the e-mail outbox and sending from it, exactly once.

Requests only insert rows; the `default` cluster sends them (DESIGN.md §2). A row is claimed by
a conditional update (pending → sending) before SMTP is touched, so two workers, or one task
delivered twice, never send it twice. A reaper returns rows whose claim expired after a crash.
"""

import logging
import time
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from lms.notifications.emails import build_email
from lms.notifications.kinds import MessageObsolete, get_kind, kinds_in_group
from lms.notifications.models import OutboxMessage, OutboxStatus
from lms.notifications.selectors import preference_allows

if TYPE_CHECKING:
    from lms.accounts.models import User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
CLAIM_TIMEOUT = timedelta(minutes=10)
BATCH_SIZE = 50
# A send task stops claiming rows after this long (the default cluster's timeout is 60 s).
SEND_BUDGET = timedelta(seconds=40)


def backoff(attempts: int) -> timedelta:
    """1, 4, 16, 64 minutes between tries: a broken SMTP server is not hammered."""
    return timedelta(minutes=4 ** max(0, attempts - 1))


def object_key(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def outbox_enqueue(
    *,
    recipient: "User",
    kind: str,
    obj: models.Model | None = None,
    step: str = "",
    context: dict | None = None,
    to_email: str | None = None,
    send_after: datetime | None = None,
) -> OutboxMessage | None:
    """Insert one outbox row, once: the same (recipient, kind, object, step) gives the same row.

    Returns None when nothing is to be sent: no address, or a group the person switched off.
    The send task is enqueued after commit.
    """

    notification_kind = get_kind(kind)
    address = to_email or recipient.email
    if not address:
        return None
    if not notification_kind.transactional:
        if notification_kind.group is None:  # register_kind refuses such a kind
            raise ValueError(f"{kind}: a non-transactional kind needs a preference group.")
        if not preference_allows(user=recipient, group=notification_kind.group):
            return None
    object_type, object_id = object_key(obj)
    lookup = {
        "recipient": recipient,
        "kind": kind,
        "object_type": object_type,
        "object_id": object_id,
        "step": step,
    }
    message = OutboxMessage.objects.filter(**lookup).first()
    if message is not None:
        return message
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                **lookup,
                to_email=address,
                context=context or {},
                send_after=send_after or timezone.now(),
            )
    except IntegrityError:  # a concurrent request inserted the same row first
        return OutboxMessage.objects.get(**lookup)
    transaction.on_commit(lambda: enqueue_send([message.pk]))
    return message


def outbox_enqueue_many(
    *, kind: str, items: list[tuple["User", models.Model]], to_emails: list[str] | None = None
) -> int:
    """The same transactional e-mail about one object each, to many people, in two queries
    whatever their number (a manager enrolling a whole service). Rows already there are kept,
    as with outbox_enqueue; people without an address are skipped. `to_emails`, parallel to
    `items`, sends elsewhere than the recipient's address (an invitation to a newcomer hangs on
    the inviter, as with outbox_enqueue). Returns the rows asked for."""
    notification_kind = get_kind(kind)
    if not notification_kind.transactional:
        raise ValueError(f"{kind}: bulk enqueueing is for transactional e-mails (no preference to check).")
    if to_emails is not None and len(to_emails) != len(items):
        raise ValueError("to_emails must give one address per item.")
    now = timezone.now()
    rows = []
    for index, (recipient, obj) in enumerate(items):
        to_email = to_emails[index] if to_emails is not None else recipient.email
        if not to_email:
            continue
        object_type, object_id = object_key(obj)
        rows.append(
            OutboxMessage(
                recipient=recipient,
                kind=kind,
                object_type=object_type,
                object_id=object_id,
                step="",
                to_email=to_email,
                context={},
                send_after=now,
            )
        )
    if not rows:
        return 0
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)  # the unique key keeps one row each
    ids = list(
        OutboxMessage.objects.filter(
            kind=kind,
            status=OutboxStatus.PENDING,
            object_type=rows[0].object_type,
            object_id__in=[row.object_id for row in rows],
            recipient__in={row.recipient_id for row in rows},
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: enqueue_send(ids))
    return len(rows)


def enqueue_send(ids: list[int]) -> None:
    """Hand rows to the default cluster. Failing to reach the broker loses nothing: the
    scheduled sweep sends every due row anyway."""
    from django_q.tasks import async_task

    try:
        async_task("lms.notifications.tasks.send_messages", ids, task_name="notifications.send")
    except Exception:  # the broker is down: the sweep will pick the rows up
        logger.exception("Could not enqueue the sending of outbox rows %s", ids)


def _claim(pk: int) -> OutboxMessage | None:
    """Take one due row (pending → sending) by a conditional update; None if someone else has it."""
    now = timezone.now()
    taken = OutboxMessage.objects.filter(pk=pk, status=OutboxStatus.PENDING, send_after__lte=now).update(
        status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not taken:
        return None
    return OutboxMessage.objects.select_related("recipient").get(pk=pk)


def _finish(message: OutboxMessage, **changes: Any) -> None:
    """Record the outcome only if this worker still holds the claim (the reaper may have taken it
    back after a very slow send)."""
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING, claimed_at=message.claimed_at).update(
        **changes
    )


def outbox_send(*, ids: list[int] | None = None, limit: int = BATCH_SIZE, then_due: bool = False) -> dict[str, int]:
    """Send due rows (the given ones, or the oldest due) over one SMTP connection. With
    `then_due`, the given rows come first, then up to `limit` others that are due.

    Rows are claimed one at a time, just before sending, and the batch stops after
    SEND_BUDGET: what is left stays pending for the next sweep, so a slow server never leaves
    claimed rows waiting for the reaper, and a task never outlives the cluster's timeout.
    A row already sent, sending or cancelled is left alone. Failures go back to pending with a
    back-off, and become `failed` after MAX_ATTEMPTS.
    """
    started = time.monotonic()
    due = OutboxMessage.objects.due(timezone.now()).order_by("send_after", "id").values_list("pk", flat=True)
    if ids is None:
        ids = list(due[:limit])
    else:
        ids = list(OutboxMessage.objects.filter(pk__in=ids).order_by("send_after", "id").values_list("pk", flat=True))
        if then_due:
            ids += list(due.exclude(pk__in=ids)[:limit])
    counts = {"sent": 0, "retry": 0, "failed": 0, "cancelled": 0}
    connection = None
    try:
        for pk in ids:
            if time.monotonic() - started > SEND_BUDGET.total_seconds():
                break
            message = _claim(pk)
            if message is None:
                continue
            try:
                email = build_email(message)
            except MessageObsolete as reason:
                _finish(message, status=OutboxStatus.CANCELLED, last_error=str(reason)[:2000])
                counts["cancelled"] += 1
                continue
            except Exception as error:  # a broken template must not block the rest of the batch
                counts[_record_failure(message, error)] += 1
                continue
            try:
                if connection is None:
                    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
                    connection.open()
                email.connection = connection
                email.send()
            except Exception as error:  # SMTP refused, timed out or unreachable: recorded on the row
                counts[_record_failure(message, error)] += 1
                if _connection_broken(error):
                    _close(connection)
                    connection = None
                    break  # the server is in trouble: the rest waits for the next sweep
                continue
            _finish(message, status=OutboxStatus.SENT, sent_at=timezone.now(), last_error="")
            counts["sent"] += 1
    finally:
        _close(connection)
    return counts


def _close(connection: BaseEmailBackend | None) -> None:
    if connection is None:
        return
    try:
        connection.close()
    except Exception:  # closing a broken connection must not hide the results
        logger.warning("Could not close the SMTP connection cleanly", exc_info=True)


def _connection_broken(error: Exception) -> bool:
    import smtplib
    import socket

    return isinstance(error, smtplib.SMTPServerDisconnected | socket.timeout | ConnectionError)


def _record_failure(message: OutboxMessage, error: Exception) -> str:
    description = f"{error.__class__.__name__}: {error}"[:2000]
    logger.warning("Sending outbox row %s failed (attempt %s): %s", message.pk, message.attempts, description)
    if message.attempts >= MAX_ATTEMPTS:
        _finish(message, status=OutboxStatus.FAILED, last_error=description)
        return "failed"
    _finish(
        message,
        status=OutboxStatus.PENDING,
        send_after=timezone.now() + backoff(message.attempts),
        last_error=description,
        claimed_at=None,
    )
    return "retry"


def outbox_reap(*, now: datetime | None = None) -> int:
    """Return rows whose claim expired (a worker died mid-send) to pending."""
    now = now or timezone.now()
    return OutboxMessage.objects.claim_expired(now - CLAIM_TIMEOUT).update(
        status=OutboxStatus.PENDING, claimed_at=None, send_after=now
    )


def outbox_resend(*, message: OutboxMessage) -> OutboxMessage:
    """Staff action: send a failed or cancelled row again, with fresh attempts."""
    OutboxMessage.objects.filter(pk=message.pk).exclude(status=OutboxStatus.SENDING).update(
        status=OutboxStatus.PENDING, attempts=0, send_after=timezone.now(), claimed_at=None, last_error=""
    )
    transaction.on_commit(lambda: enqueue_send([message.pk]))
    message.refresh_from_db()
    return message


def outbox_cancel(*, recipient: "User", kinds: list[str], obj: models.Model | None = None) -> int:
    """Cancel pending rows whose reason went away (course completed, enrolment withdrawn…)."""
    rows = OutboxMessage.objects.filter(recipient=recipient, kind__in=kinds, status=OutboxStatus.PENDING)
    if obj is not None:
        object_type, object_id = object_key(obj)
        rows = rows.filter(object_type=object_type, object_id=object_id)
    return rows.update(status=OutboxStatus.CANCELLED)


def outbox_cancel_group(*, user: "User", group: str) -> int:
    """Cancel what is still pending of a group the person just switched off."""
    kinds = kinds_in_group(group)
    return outbox_cancel(recipient=user, kinds=kinds) if kinds else 0


def outbox_purge(*, older_than: timedelta = timedelta(days=365)) -> int:
    """Delete finished rows past their retention period (declared in the privacy registry)."""
    finished = [OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.CANCELLED]
    deleted, _by_model = OutboxMessage.objects.filter(
        status__in=finished, created_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
