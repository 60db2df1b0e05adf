from lms.accounts.services.access_codes import access_codes_purge
from lms.accounts.services.magic_links import magic_links_purge


def purge_expired_credentials() -> int:
    """Scheduled daily: sign-in links and access codes are kept 30 days, then deleted."""
    return magic_links_purge() + access_codes_purge()


def build_data_export(export_id: int) -> bool:
    from lms.accounts.services.data_export import data_export_complete

    return data_export_complete(export_id=export_id) is not None
