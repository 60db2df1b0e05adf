"""Building an outbox row into an e-mail: French (or the recipient's language), text and HTML."""

from html import unescape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lms.notifications.kinds import get_group, get_kind
from lms.notifications.models import OutboxMessage
from lms.notifications.unsubscribe import unsubscribe_token


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def build_email(message: OutboxMessage, *, connection=None) -> EmailMultiAlternatives:
    kind = get_kind(message.kind)
    recipient = message.recipient
    context = {
        **message.context,
        **(kind.build_context(message) if kind.build_context else {}),
        "recipient": recipient,
        "site_url": settings.SITE_URL,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    headers = {}
    if not kind.transactional:
        if kind.group is None:  # register_kind refuses a non-transactional kind without a group
            raise ValueError(f"{kind.name}: a non-transactional kind needs a preference group.")
        unsubscribe_url = absolute_url(
            reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=recipient.pk, group=kind.group)])
        )
        context["unsubscribe_url"] = unsubscribe_url
        context["preferences_url"] = absolute_url(reverse("notifications:preferences"))
        context["group_label"] = get_group(kind.group).label
        # RFC 8058 one-click unsubscribe: mail clients POST to this address without a login.
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        base = f"emails/{kind.template}"
        # Templates escape for HTML; the subject and the plain-text part are not HTML, so an
        # apostrophe in a course title must read as one there, not as &#x27;.
        subject = " ".join(unescape(render_to_string(f"{base}_subject.txt", context)).split())
        text = unescape(render_to_string(f"{base}.txt", context))
        html = render_to_string(f"{base}.html", context)
    reply_to = context.get("reply_to")
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[message.to_email],
        reply_to=[reply_to] if reply_to else None,
        headers={**headers, "X-Passerelle-Kind": message.kind, "Auto-Submitted": "auto-generated"},
        connection=connection,
    )
    email.attach_alternative(html, "text/html")
    for filename, content, mimetype in kind.build_attachments(message) if kind.build_attachments else []:
        email.attach(filename, content, mimetype)
    return email
