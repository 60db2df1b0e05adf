"""Password reset through the outbox: the token is computed when the e-mail is built."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lms.accounts.models import User
from lms.notifications.kinds import MessageObsolete
from lms.notifications.models import OutboxMessage
from lms.notifications.services.outbox import outbox_enqueue

# Requests for the same account within ten minutes share one e-mail: a double click, or an
# impatient second try, does not send two.
RESET_BUCKET_SECONDS = 600


def password_reset_request(*, user: User) -> None:

    bucket = int(timezone.now().timestamp()) // RESET_BUCKET_SECONDS
    outbox_enqueue(recipient=user, kind="accounts.password_reset", obj=user, step=str(bucket))


def password_reset_email_context(message: OutboxMessage) -> dict:
    user = User.objects.filter(pk=message.object_id, is_active=True).first()
    if user is None:
        raise MessageObsolete("The account is gone or inactive.")
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return {"reset_url": settings.SITE_URL + path, "reset_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
