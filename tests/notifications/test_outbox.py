import socket
import threading
from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest
from django_q.conf import Conf

from lms.accounts.services.magic_links import magic_link_consume, magic_link_request
from lms.notifications.models import OutboxMessage, OutboxStatus
from lms.notifications.services.outbox import MAX_ATTEMPTS, outbox_enqueue, outbox_reap, outbox_send
from lms.notifications.services.preferences import preference_set
from tests.factories import OutboxMessageFactory, UserFactory
from tests.helpers.concurrency import assert_no_crash, run_concurrently
from tests.helpers.outbox import link_in, path_of

pytestmark = pytest.mark.django_db


def welcome(user, **kwargs):
    return outbox_enqueue(recipient=user, kind="accounts.welcome", obj=user, **kwargs)


def test_duplicate_enqueue_gives_one_row(django_capture_on_commit_callbacks):
    """The same (recipient, kind, object, step) enqueued twice is one row and one e-mail."""
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = welcome(user)
        second = welcome(user)
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_new_step_is_a_new_row():
    """Successive reminders of one thing are told apart by their step."""
    user = UserFactory()
    welcome(user, step="1")
    welcome(user, step="2")
    assert OutboxMessage.objects.count() == 2


def test_switched_off_group_is_not_enqueued_but_transactional_mail_is():
    """A person who switched a group off gets none of it; transactional e-mail ignores preferences."""
    user = UserFactory()
    preference_set(user=user, group="actualites", enabled=False)
    assert welcome(user) is None
    magic_link_request(email=user.email)
    assert list(OutboxMessage.objects.values_list("kind", flat=True)) == ["accounts.magic_link"]


def test_a_send_task_also_sends_what_else_is_due():
    """A burst of e-mails, one task each: the first task sends the others' rows too, over its
    connection, and their own tasks then find nothing left to send."""
    from lms.notifications.tasks import send_messages

    first, *others = [welcome(UserFactory()) for _ in range(3)]
    later = welcome(UserFactory(), step="plus tard")
    OutboxMessage.objects.filter(pk=later.pk).update(send_after=timezone.now() + timedelta(hours=1))
    assert send_messages([first.pk])["sent"] == 3
    assert all(send_messages([other.pk])["sent"] == 0 for other in others)
    assert len(mail.outbox) == 3
    assert OutboxMessage.objects.get(pk=later.pk).status == OutboxStatus.PENDING


def test_no_address_means_no_row():
    """Agents without e-mail are skipped, not failed."""
    assert welcome(UserFactory(email=None)) is None
    assert not OutboxMessage.objects.exists()


def test_sending_twice_delivers_once():
    """A send task delivered twice (at-least-once broker) sends one e-mail."""
    message = welcome(UserFactory())
    assert outbox_send(ids=[message.pk])["sent"] == 1
    assert outbox_send(ids=[message.pk])["sent"] == 0
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1


def test_concurrent_senders_deliver_once(transactional_site):
    """Eight workers sending the same row at once: one claims it, one e-mail leaves."""
    message = OutboxMessageFactory()  # inserted directly: no send task runs on commit
    outcomes = run_concurrently(lambda index: outbox_send(ids=[message.pk])["sent"], workers=8)
    assert_no_crash(outcomes)
    assert sum(outcome.value for outcome in outcomes) == 1
    assert len(mail.outbox) == 1


def test_the_sweep_sends_what_enqueueing_missed():
    """Rows whose send task was lost (broker down) are sent by the scheduled sweep."""
    users = UserFactory.create_batch(3)
    for user in users:
        welcome(user)  # no on-commit callbacks run here: as if the broker never got them
    assert outbox_send()["sent"] == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in users)


def test_email_is_in_the_recipients_language():
    """The e-mail is built in the recipient's language, French by default."""
    french, english = UserFactory(), UserFactory(preferred_language="en")
    welcome(french)
    welcome(english)
    outbox_send()
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[french.email] == "Bienvenue sur Passerelle : par où commencer"
    assert subjects[english.email] == "Welcome to Passerelle: where to start"


def test_an_expired_link_is_cancelled_not_sent():
    """A sign-in link used before its e-mail left is not sent: the row is cancelled."""
    user = UserFactory()
    link = magic_link_request(email=user.email)
    from lms.accounts.services.magic_links import _token_for

    magic_link_consume(token=_token_for(link.nonce))
    counts = outbox_send()
    assert counts["cancelled"] == 1
    assert mail.outbox == []
    assert OutboxMessage.objects.get().status == OutboxStatus.CANCELLED


def test_reaper_returns_expired_claims_only():
    """A row left `sending` by a dead worker returns to pending after 10 minutes; a fresh one stays."""
    stale = welcome(UserFactory())
    fresh = welcome(UserFactory())
    now = timezone.now()
    OutboxMessage.objects.filter(pk=stale.pk).update(
        status=OutboxStatus.SENDING, claimed_at=now - timedelta(minutes=11)
    )
    OutboxMessage.objects.filter(pk=fresh.pk).update(status=OutboxStatus.SENDING, claimed_at=now - timedelta(minutes=2))
    assert outbox_reap(now=now) == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == OutboxStatus.PENDING
    assert fresh.status == OutboxStatus.SENDING
    assert outbox_send()["sent"] == 1


def retry_now(message):
    OutboxMessage.objects.filter(pk=message.pk).update(send_after=timezone.now())


def test_refusing_server_retries_with_backoff_then_gives_up(smtp_server):
    """SMTP refusals are retried with growing back-off, at most MAX_ATTEMPTS times, then `failed`."""
    smtp_server.refuse("451 4.3.0 Service temporairement indisponible")
    message = welcome(UserFactory())
    outbox_send(ids=[message.pk])
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert "451" in message.last_error
    assert message.send_after > timezone.now() + timedelta(seconds=50)
    for _attempt in range(MAX_ATTEMPTS - 1):
        retry_now(message)
        outbox_send()
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == MAX_ATTEMPTS
    retry_now(message)
    assert outbox_send()["sent"] == 0  # failed rows are not retried by the sweep
    assert smtp_server.messages == []


@pytest.fixture
def silent_smtp_server(settings):
    """A server that accepts connections and never answers, like a stuck relay."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = listener.getsockname()
    settings.EMAIL_TIMEOUT = 1
    yield
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_stuck_server_times_out_and_the_row_waits(silent_smtp_server):
    """An SMTP server that never answers costs EMAIL_TIMEOUT, then the row waits for its retry."""
    message = welcome(UserFactory())
    counts = outbox_send(ids=[message.pk])
    assert counts["retry"] == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert "timed out" in message.last_error.lower() or "timeout" in message.last_error.lower()


def test_no_request_waits_on_smtp(client, silent_smtp_server, monkeypatch):
    """A magic-link request only writes the outbox: even with SMTP stuck, it answers at once."""
    monkeypatch.setattr(Conf, "SYNC", False)
    user = UserFactory()
    response = client.post("/compte/lien/", {"email": user.email})
    assert response.status_code == 302
    message = OutboxMessage.objects.get(recipient=user)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 0  # nobody has talked to SMTP yet


def test_real_smtp_carries_the_unsubscribe_headers(smtp_server):
    """A non-transactional e-mail arrives over SMTP with RFC 8058 headers and a working link."""
    user = UserFactory(first_name="Léa")
    welcome(user)
    outbox_send()
    received = smtp_server.wait_for_messages(1)[0]
    assert received.envelope_to == [user.email]
    assert received["Subject"] == "Bienvenue sur Passerelle : par où commencer"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = received["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith("http://127.0.0.1:8000/desabonnement/")
    assert unsubscribe in received.body("plain")
    assert "Bonjour Léa" in received.body("plain")
    assert "Bonjour Léa" in received.body("html")
    assert received["X-Passerelle-Kind"] == "accounts.welcome"


def test_transactional_mail_has_no_unsubscribe_link(smtp_server):
    """A magic link is transactional: no List-Unsubscribe, and its link signs in."""
    user = UserFactory()
    magic_link_request(email=user.email)
    outbox_send()
    received = smtp_server.wait_for_messages(1)[0]
    assert received["List-Unsubscribe"] is None
    assert "/compte/lien/" in link_in_received(received)


def link_in_received(received):
    class Body:
        body = received.body("plain")

    return path_of(link_in(Body, "/compte/lien/"))


def test_purge_keeps_recent_and_unfinished_rows():
    """Finished rows older than a year go; pending ones and recent ones stay."""
    old_sent = OutboxMessageFactory(status=OutboxStatus.SENT)
    old_pending = OutboxMessageFactory()
    recent = OutboxMessageFactory(status=OutboxStatus.SENT)
    OutboxMessage.objects.filter(pk__in=[old_sent.pk, old_pending.pk]).update(
        created_at=timezone.now() - timedelta(days=366)
    )
    from lms.notifications.services.outbox import outbox_purge

    assert outbox_purge() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {old_pending.pk, recent.pk}


def test_a_batch_stops_at_its_time_budget_without_claiming_the_rest(monkeypatch):
    """Past the budget, no more rows are claimed: they stay pending for the next sweep."""
    from lms.notifications.services import outbox

    for user in UserFactory.create_batch(3):
        welcome(user)
    monkeypatch.setattr(outbox, "SEND_BUDGET", timedelta(seconds=-1))
    assert outbox_send()["sent"] == 0
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxStatus.PENDING, 0)}


def test_a_worker_that_lost_its_claim_does_not_overwrite_the_row():
    """If the reaper gave the row to another worker, the slow first worker's result is ignored."""
    from lms.notifications.services.outbox import _claim, _finish

    message = welcome(UserFactory())
    claimed = _claim(message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now() + timedelta(seconds=5))
    _finish(claimed, status=OutboxStatus.SENT)
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENDING
