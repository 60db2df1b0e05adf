from lms.accounts.services.magic_links import magic_links_purge


def purge_magic_links() -> int:
    """Scheduled daily: sign-in links are kept 30 days, then deleted."""
    return magic_links_purge()
