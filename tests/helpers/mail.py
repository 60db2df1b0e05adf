"""A real SMTP server (aiosmtpd) on loopback, for tests that read what was actually sent.

    def test_mail(smtp_server):
        send_mail(...)
        message = smtp_server.wait_for_messages(1)[0]
        assert message["List-Unsubscribe"] == ...

The fixture points Django's SMTP backend at it; each message is parsed with the standard
library, headers included, and its envelope recipients are kept.
"""

import email
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller


@dataclass
class ReceivedMessage:
    envelope_from: str
    envelope_to: list[str]
    message: EmailMessage

    def __getitem__(self, header: str) -> str | None:
        return self.message[header]

    def body(self, subtype: str = "plain") -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        return part.get_content() if part is not None else ""


@dataclass
class SMTPCollector:
    messages: list[ReceivedMessage] = field(default_factory=list)
    refuse_with: str | None = None  # e.g. "451 4.3.0 Try again later" to simulate a refusal
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        if self.refuse_with:
            return self.refuse_with
        parsed = email.message_from_bytes(envelope.original_content, policy=default_policy)
        with self.lock:
            self.messages.append(ReceivedMessage(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self):
        self.collector = SMTPCollector()
        self.host = "127.0.0.1"
        self.port = _free_port()
        self.controller = Controller(self.collector, hostname=self.host, port=self.port)

    @property
    def messages(self) -> list[ReceivedMessage]:
        with self.collector.lock:
            return list(self.collector.messages)

    def refuse(self, reply: str | None = "451 4.3.0 Service temporairement indisponible") -> None:
        self.collector.refuse_with = reply

    def wait_for_messages(self, count: int, timeout: float = 30) -> list[ReceivedMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return self.messages
            time.sleep(0.05)
        raise AssertionError(f"Expected {count} message(s) within {timeout}s, got {len(self.messages)}.")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    server = SMTPServer()
    server.controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield server
    finally:
        server.controller.stop()
