from lms.notifications.services.outbox import outbox_purge, outbox_reap, outbox_send


def send_messages(ids: list[int]) -> dict[str, int]:
    """Send these outbox rows (enqueued after the commit that created them), then others that
    are due, over the same SMTP connection: a burst of e-mails enqueued one task each is sent
    by the first tasks in a few sessions, and the later tasks find their rows sent already."""
    return outbox_send(ids=ids, then_due=True)


def send_due() -> dict[str, int]:
    """Scheduled: send every due row, retries included, whatever enqueueing missed."""
    return outbox_send()


def reap_claims() -> int:
    """Scheduled: return rows whose sending worker died to the queue."""
    return outbox_reap()


def purge_old_messages() -> int:
    """Scheduled daily: finished outbox rows are kept a year, then deleted."""
    return outbox_purge()
