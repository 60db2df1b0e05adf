from lms.runtime.health import heartbeat_write


def heartbeat() -> None:
    """Scheduled every minute: proves a worker is alive (the ORM broker's ping proves nothing)."""
    heartbeat_write()
