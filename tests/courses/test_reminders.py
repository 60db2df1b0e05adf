"""Reminder sweeps over enrolments: each kind at the right time on a frozen clock (across the
Europe/Paris daylight-saving change too), once whatever the number of runs, cancelled when their
reason goes away, quiet at night, respectful of preferences, and in fixed queries."""

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine

from courses.models import Enrolment, EnrolmentStatus
from courses.reminders import sweep_enrolments, sweep_manager_digests, sweep_new_courses
from courses.services.enrolments import enrolment_withdraw
from lms.accounts.models import User
from lms.notifications.models import NotificationPreference, OutboxMessage
from lms.notifications.services.outbox import outbox_send
from lms.notifications.services.preferences import preference_set
from lms.organisations.models import MembershipRole
from tests.certificates.conftest import finish
from tests.factories import CourseFactory, EnrolmentFactory, MembershipFactory, UserFactory
from tests.helpers.concurrency import assert_no_crash, run_concurrently

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def steps(kind: str | None = None) -> set[tuple[str, str, str]]:
    rows = OutboxMessage.objects.all() if kind is None else OutboxMessage.objects.filter(kind=kind)
    return {(row.kind, row.to_email, row.step) for row in rows}


def enrolled(email: str, **fields) -> Enrolment:
    learner = UserFactory(email=email, audiences=["agent"])
    return EnrolmentFactory(user=learner, course=CourseFactory(), **fields)


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        (date(2026, 6, 30), set()),  # 15 days ahead: nothing yet
        (date(2026, 6, 29), {("courses.due_soon", "j-14")}),
        (date(2026, 6, 19), {("courses.due_soon", "j-14")}),
        (date(2026, 6, 18), {("courses.due_soon", "j-3")}),
        (date(2026, 6, 16), {("courses.due_soon", "j-3")}),
        (date(2026, 6, 15), set()),  # due today: no reminder, not late yet
        (date(2026, 6, 14), {("courses.overdue", "retard-1")}),
        (date(2026, 6, 7), {("courses.overdue", "retard-2")}),
        (date(2026, 5, 31), {("courses.overdue", "retard-3")}),
        (date(2026, 1, 1), {("courses.overdue", "retard-3")}),  # long overdue: still only the third
    ],
)
def test_due_date_steps(due_on, expected):
    enrolled("ana@exemple.fr", due_on=due_on, last_activity_at=at(2026, 6, 15, 9))
    with time_machine.travel(at(2026, 6, 15, 10), tick=False):
        sweep_enrolments()
    assert {(kind, step) for kind, _email, step in steps()} == expected


def test_overdue_reminders_stop_after_three():
    enrolment = enrolled("ana@exemple.fr", due_on=date(2026, 6, 1), last_activity_at=at(2026, 6, 1, 9))
    for days in range(1, 60):
        moment = at(2026, 6, 1, 10) + timedelta(days=days)
        Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=moment - timedelta(hours=1))
        with time_machine.travel(moment, tick=False):
            sweep_enrolments()
    assert sorted(step for _kind, _email, step in steps("courses.overdue")) == ["retard-1", "retard-2", "retard-3"]


def test_the_paris_date_counts_across_the_spring_change():
    """At 00:30 on the day clocks go forward it is already 29 March in Paris (still 28 in UTC)."""
    enrolled("ana@exemple.fr", due_on=date(2026, 4, 1), last_activity_at=at(2026, 3, 28, 9))
    with time_machine.travel(at(2026, 3, 29, 0, 30), tick=False):
        assert timezone.now().astimezone(ZoneInfo("UTC")).day == 28
        sweep_enrolments()
    assert steps() == {("courses.due_soon", "ana@exemple.fr", "j-3")}


def test_inactivity_twice_at_most():
    enrolment = enrolled("ana@exemple.fr", enrolled_at=at(2026, 5, 1, 9))
    with time_machine.travel(at(2026, 5, 14, 10), tick=False):
        sweep_enrolments()
    assert steps() == set()
    with time_machine.travel(at(2026, 5, 15, 10), tick=False):
        sweep_enrolments()
    assert steps() == {("courses.inactive", "ana@exemple.fr", "inactif-1")}
    with time_machine.travel(at(2026, 7, 1, 10), tick=False):
        sweep_enrolments()
    assert {step for _k, _e, step in steps()} == {"inactif-1", "inactif-2"}
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=at(2026, 7, 2, 9))
    with time_machine.travel(at(2026, 9, 1, 10), tick=False):
        sweep_enrolments()
    assert len(steps()) == 2


def test_running_twice_or_concurrently_gives_the_same_outbox(transactional_site):
    for index in range(5):
        enrolled(f"p{index}@exemple.fr", due_on=timezone.localdate() + timedelta(days=2))
    sweep_enrolments()
    first = steps()
    sweep_enrolments()
    assert steps() == first and len(first) == 5
    OutboxMessage.objects.all().delete()
    outcomes = run_concurrently(
        lambda index: sweep_enrolments(), workers=6, processes=connection.vendor == "postgresql"
    )
    assert_no_crash(outcomes)
    assert steps() == first and OutboxMessage.objects.count() == 5


def test_completing_or_withdrawing_cancels_pending_reminders(published, django_capture_on_commit_callbacks):
    from courses.services.enrolments import enrolment_create

    learner = UserFactory(email="ana@exemple.fr", audiences=["parent"])
    NotificationPreference.objects.create(user=learner, group="rappels", enabled=True)
    enrolment = enrolment_create(user=learner, course=published.course)
    Enrolment.objects.filter(pk=enrolment.pk).update(due_on=timezone.localdate() + timedelta(days=2))
    sweep_enrolments()
    (reminder,) = OutboxMessage.objects.filter(kind="courses.due_soon")
    assert reminder.status == "pending"
    finish(published, Enrolment.objects.get(pk=enrolment.pk))
    reminder.refresh_from_db()
    assert reminder.status == "cancelled"
    other = enrolled("bob@exemple.fr", due_on=timezone.localdate() + timedelta(days=2))
    sweep_enrolments()
    enrolment_withdraw(enrolment=other)
    assert OutboxMessage.objects.get(to_email="bob@exemple.fr").status == "cancelled"


def test_a_reminder_whose_reason_went_away_is_not_sent(mailoutbox):
    enrolment = enrolled("ana@exemple.fr", due_on=timezone.localdate() + timedelta(days=2))
    sweep_enrolments()
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.COMPLETED)  # without the service
    assert outbox_send() == {"sent": 0, "retry": 0, "failed": 0, "cancelled": 1}
    assert mailoutbox == []


def test_the_due_soon_email_reads_well(mailoutbox):
    enrolled("ana@exemple.fr", due_on=date(2026, 6, 18))
    with time_machine.travel(at(2026, 6, 15, 10), tick=False):
        sweep_enrolments()
        outbox_send()
    (email,) = mailoutbox
    assert "à terminer avant le 18 juin 2026" in email.subject
    assert "jeudi 18 juin 2026, dans 3 jours" in email.body
    html = email.alternatives[0][0]
    # One call to action, then the footer's two links (unsubscribe, my e-mails); no tracking pixel.
    assert html.count("<a ") == 3 and "<img" not in html
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_quiet_hours_delay_reminders_to_eight(settings):
    settings.NOTIFICATIONS_QUIET_HOURS = (20, 8)
    enrolled("ana@exemple.fr", due_on=date(2026, 10, 27))
    with time_machine.travel(at(2026, 10, 24, 22, 15), tick=False):  # the night the clocks go back
        sweep_enrolments()
    (row,) = OutboxMessage.objects.all()
    assert row.send_after == at(2026, 10, 25, 8, 0)
    assert row.send_after.astimezone(ZoneInfo("UTC")).hour == 7  # winter time again
    enrolled("bob@exemple.fr", due_on=date(2026, 3, 31))
    with time_machine.travel(at(2026, 3, 29, 1, 30), tick=False):  # before the spring change
        sweep_enrolments()
    row = OutboxMessage.objects.get(to_email="bob@exemple.fr")
    assert row.send_after == at(2026, 3, 29, 8, 0) and row.send_after.astimezone(ZoneInfo("UTC")).hour == 6
    with time_machine.travel(at(2026, 3, 29, 7, 59), tick=False):
        assert outbox_send()["sent"] == 0
    with time_machine.travel(at(2026, 3, 29, 8, 1), tick=False):
        assert outbox_send()["sent"] == 1  # Bob's; Ana's waits for 25 October


def test_preferences_and_parents(settings):
    enrolled("agent@exemple.fr", due_on=timezone.localdate() + timedelta(days=2))
    parent = UserFactory(email="parent@exemple.fr", audiences=["parent"])
    EnrolmentFactory(user=parent, course=CourseFactory(), due_on=timezone.localdate() + timedelta(days=2))
    refusing = enrolled("non@exemple.fr", due_on=timezone.localdate() + timedelta(days=2))
    preference_set(user=refusing.user, group="rappels", enabled=False)
    sweep_enrolments()
    assert {email for _kind, email, _step in steps()} == {"agent@exemple.fr"}
    preference_set(user=parent, group="rappels", enabled=True)  # a parent who asked for them
    sweep_enrolments()
    assert {email for _kind, email, _step in steps()} == {"agent@exemple.fr", "parent@exemple.fr"}


def make_enrolments(count: int) -> None:
    """`count` learners spread over every kind of reminder, inserted in bulk."""
    course = CourseFactory()
    users = User.objects.bulk_create(
        [User(email=f"u{count}-{i}@exemple.fr", login_id=f"u{count}-{i}", password="!") for i in range(count)]
    )
    today = timezone.localdate()
    offsets = [10, 2, -3, -10, -20, None]
    long_ago = timezone.now() - timedelta(days=20)
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                user=user,
                course=course,
                due_on=None if offsets[i % 6] is None else today + timedelta(days=offsets[i % 6]),
                enrolled_at=long_ago,
            )
            for i, user in enumerate(users)
        ]
    )


@pytest.mark.parametrize("count", [100, 10_000])
def test_the_sweep_costs_the_same_queries_for_100_and_10000_enrolments(count):
    make_enrolments(count)
    with CaptureQueriesContext(connection) as queries:
        counts = sweep_enrolments()
    # Two due-soon steps, three overdue steps and the inactive, among six learners: every kind is there.
    expected = {"courses.due_soon": 2, "courses.overdue": 3, "courses.inactive": 6}
    per_kind = Counter(OutboxMessage.objects.values_list("kind", flat=True))
    assert {kind: round(total / count * 6) for kind, total in per_kind.items()} == expected
    assert counts == {"dates": per_kind["courses.due_soon"] + per_kind["courses.overdue"], "inactivity": count}
    # One INSERT … SELECT for the date steps, one for inactivity.
    assert len(queries) == 2, "\n".join(query["sql"][:100] for query in queries)


def test_the_weekly_digest_goes_to_managers_with_something_to_say(mailoutbox):
    busy = MembershipFactory(role=MembershipRole.MANAGER, user=UserFactory(email="maire@exemple.fr"))
    calm = MembershipFactory(role=MembershipRole.MANAGER, user=UserFactory(email="calme@exemple.fr"))
    late = MembershipFactory(organisation=busy.organisation, user=UserFactory(last_name="Retard")).user
    EnrolmentFactory(user=late, organisation=busy.organisation, due_on=timezone.localdate() - timedelta(days=2))
    MembershipFactory(organisation=calm.organisation)
    assert sweep_manager_digests() == 1
    assert sweep_manager_digests() == 0, "the second run inserts nothing"
    assert OutboxMessage.objects.filter(kind="courses.manager_digest").count() == 1
    outbox_send()
    (email,) = mailoutbox
    assert email.to == ["maire@exemple.fr"] and busy.organisation.name in email.subject
    assert "En retard" in email.body and "Retard" in email.body


def test_new_courses_only_for_those_who_asked(mailoutbox):
    course = CourseFactory(first_published_at=timezone.now() - timedelta(days=2), url="/formations/nouvelle/")
    course.audiences.set(["teacher"])
    asked = UserFactory(email="oui@exemple.fr", audiences=["teacher"])
    UserFactory(email="rien@exemple.fr", audiences=["teacher"])
    other = UserFactory(email="autre@exemple.fr", audiences=["agent"])
    for user in (asked, other):
        preference_set(user=user, group="nouveautes", enabled=True)
    assert sweep_new_courses() == 1
    outbox_send()
    (email,) = mailoutbox
    assert email.to == ["oui@exemple.fr"] and course.title in email.body
