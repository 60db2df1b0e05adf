"""The organisation's journal: every manager action, with who, what and when."""

from django.utils import translation

from lms.accounts.models import User
from lms.organisations.models import AuditEntry, Organisation


def audit_record(
    *, organisation: Organisation, actor: User | None, action: str, summary: str, details: dict | None = None
) -> AuditEntry:
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor,
        action=action,
        summary=summary[:300],
        details=details or {},
        language=translation.get_language() or "fr",
    )
