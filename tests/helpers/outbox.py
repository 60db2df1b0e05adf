"""Reading what the outbox sent, in tests that run its tasks synchronously."""

import re

from django.core import mail

from lms.notifications.services.outbox import outbox_send

LINK = re.compile(r"https?://\S+")


def deliver() -> list:
    """Send every due outbox row now (as the worker's sweep would) and return Django's test outbox."""
    outbox_send(limit=1000)
    return mail.outbox


def last_email_to(address: str):
    matches = [message for message in mail.outbox if address in message.to]
    assert matches, f"No e-mail to {address}; sent: {[(m.to, m.subject) for m in mail.outbox]}"
    return matches[-1]


def link_in(message, path_fragment: str) -> str:
    for url in LINK.findall(message.body):
        if path_fragment in url:
            return url.rstrip(".,)")
    raise AssertionError(f"No link containing {path_fragment!r} in:\n{message.body}")


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]
