from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from lms.notifications.models import NotificationPreference, OutboxMessage
from lms.privacy.registry import Erasure, declare

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
