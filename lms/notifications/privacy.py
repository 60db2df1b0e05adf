import json
from datetime import timedelta

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from lms.notifications.models import NotificationPreference, OutboxMessage
from lms.privacy.registry import Erasure, declare, register_erasure_listener
from lms.privacy.retention import register_retention_rule


def _json_forms(text: str) -> set[str]:
    """The text as typed and as JSON stores it (accents escaped), to search JSON columns."""
    return {text, json.dumps(text)[1:-1]}


def delete_messages_about(*, user, stand_in) -> None:
    """Messages sent to the person's address from someone else's row (an invitation hangs on the
    inviter), or naming them in their data (a manager's digest), go too."""
    rows = OutboxMessage.objects.annotate(context_text=Cast("context", TextField()))
    about = Q(to_email__iexact=user.email) if user.email else Q(pk__in=[])
    for text in filter(None, [user.email, user.get_full_name(), user.login_id]):
        for form in _json_forms(text):
            about |= Q(context_text__icontains=form)
    rows.filter(about).delete()


register_erasure_listener(delete_messages_about)


def purge_sent_messages(now, period) -> int:
    """Sent (or given up) e-mails, kept a while as proof of sending."""
    finished = ["sent", "failed", "cancelled"]
    return OutboxMessage.objects.filter(status__in=finished, created_at__lt=now - period).delete()[0]


register_retention_rule(
    code="notifications.outbox",
    label=_("E-mails envoyés"),
    setting="PRIVACY_OUTBOX_DAYS",
    apply=purge_sent_messages,
)

declare(
    OutboxMessage,
    user_path="recipient",
    export_fields=["kind", "to_email", "status", "created_at", "sent_at"],
    on_erasure=Erasure.DELETE,
    retention=timedelta(days=365),
    purpose=_("Envoi des e-mails et preuve de leur envoi."),
)
declare(
    NotificationPreference,
    user_path="user",
    export_fields=["group", "enabled", "updated_at"],
    on_erasure=Erasure.DELETE,
    retention=None,
    purpose=_("Choix des e-mails que la personne accepte de recevoir."),
)
