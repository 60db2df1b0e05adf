"""The SMTP helper: real SMTP traffic on loopback, read back with its headers."""

import smtplib

from django.core.mail import EmailMultiAlternatives, get_connection

import pytest


def test_mail_is_received_with_headers(smtp_server):
    """A message sent through Django's SMTP backend arrives with its headers and both parts."""
    message = EmailMultiAlternatives(
        subject="Votre attestation est prête",
        body="Bonjour Élodie,\nvotre attestation est prête.",
        to=["elodie@exemple.fr"],
        headers={"List-Unsubscribe": "<https://exemple.fr/desabonnement/abc/>"},
    )
    message.attach_alternative("<p>Bonjour Élodie,</p>", "text/html")
    message.send()
    received = smtp_server.wait_for_messages(1)[0]
    assert received.envelope_to == ["elodie@exemple.fr"]
    assert received["Subject"] == "Votre attestation est prête"
    assert received["List-Unsubscribe"] == "<https://exemple.fr/desabonnement/abc/>"
    assert "Bonjour Élodie" in received.body("plain")
    assert "<p>Bonjour Élodie,</p>" in received.body("html")


def test_a_refusing_server_raises(smtp_server):
    """The helper can refuse mail, to test retries: Django's backend then raises."""
    smtp_server.refuse()
    with pytest.raises(smtplib.SMTPDataError):
        get_connection(fail_silently=False).send_messages(
            [EmailMultiAlternatives(subject="Test", body="x", to=["a@exemple.fr"])]
        )
    assert smtp_server.messages == []
