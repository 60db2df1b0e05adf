from lms.privacy.retention import retention_run


def retention() -> dict[str, int]:
    """Scheduled daily (registered by lms.accounts, which sits above lms.runtime)."""
    return retention_run().counts
