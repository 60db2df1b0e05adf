from lms.notifications.services.outbox import outbox_purge, outbox_reap, outbox_send


def send_messages(ids: list[int]) -> dict[str, int]:
    """Send these outbox rows (enqueued after the commit that created them)."""
    return outbox_send(ids=ids)


def send_due() -> dict[str, int]:
    """Scheduled: send every due row, retries included, whatever enqueueing missed."""
    return outbox_send()


def reap_claims() -> int:
    """Scheduled: return rows whose sending worker died to the queue."""
    return outbox_reap()


def purge_old_messages() -> int:
    """Scheduled daily: finished outbox rows are kept a year, then deleted."""
    return outbox_purge()
