from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.urls import reverse

import pytest
import time_machine

from courses.models import MemberImport
from facetoface.models import AttendanceSheet
from lms.accounts.models import AccessCode, MagicLink, User
from lms.notifications.models import OutboxMessage
from lms.organisations.models import Invitation
from lms.privacy.models import DataExport, RetentionRun
from lms.privacy.retention import retention_rules, retention_run
from tests.factories import (
    AccessCodeFactory,
    AttendanceSheetFactory,
    DataExportFactory,
    EnrolmentFactory,
    InvitationFactory,
    MagicLinkFactory,
    MemberImportFactory,
    OutboxMessageFactory,
    TrainingSessionFactory,
    UserFactory,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def run(code: str, at: datetime) -> int:
    """One rule, with the clock frozen at `at`."""
    with time_machine.travel(at, tick=False):
        (rule,) = [rule for rule in retention_rules() if rule.code == code]
        return rule.run(at)


def test_every_rule_names_an_existing_setting_and_the_run_records_counts():
    """Each rule's period is a setting; the daily run records one count per rule."""
    assert {rule.code for rule in retention_rules()} >= {
        "accounts.unconfirmed",
        "accounts.inactive_notice",
        "accounts.inactive",
        "accounts.links",
        "organisations.invitations",
        "notifications.outbox",
        "courses.imports",
        "privacy.exports",
        "facetoface.sheets",
    }
    assert all(rule.days > 0 for rule in retention_rules())
    record = retention_run(now=T0)
    assert set(record.counts) == {rule.code for rule in retention_rules()}


def test_unconfirmed_accounts_go_after_30_days_unless_an_organisation_holds_them():
    """A sign-up never confirmed nor used is deleted after 30 days; an enrolled one stays."""
    with time_machine.travel(T0, tick=False):
        lone = UserFactory(email="jamais@exemple.fr", email_confirmed_at=None)
        enrolled = UserFactory(email="inscrit@exemple.fr", email_confirmed_at=None)
        EnrolmentFactory(user=enrolled)
    assert run("accounts.unconfirmed", T0 + timedelta(days=29)) == 0
    assert run("accounts.unconfirmed", T0 + timedelta(days=31)) == 1
    assert not User.objects.filter(pk=lone.pk).exists() and User.objects.filter(pk=enrolled.pk).exists()


def test_inactive_accounts_are_told_then_erased_unless_they_sign_in():
    """After 3 years without sign-in minus 30 days, an e-mail; 30 days later, erasure; a sign-in
    in between cancels it."""
    with time_machine.travel(T0, tick=False):
        sleeper = UserFactory(email="dormeur@exemple.fr", last_login=T0, email_confirmed_at=T0)
        waker = UserFactory(email="reveil@exemple.fr", last_login=T0, email_confirmed_at=T0)
    notice_day = T0 + timedelta(days=3 * 365 - 29)
    assert run("accounts.inactive_notice", notice_day - timedelta(days=2)) == 0
    assert run("accounts.inactive_notice", notice_day) == 2
    assert run("accounts.inactive_notice", notice_day + timedelta(days=1)) == 0  # once
    OutboxMessage.objects.filter(kind="accounts.inactivity_notice").update(created_at=notice_day)
    User.objects.filter(pk=waker.pk).update(last_login=notice_day + timedelta(days=3))
    assert run("accounts.inactive", notice_day + timedelta(days=29)) == 0
    assert run("accounts.inactive", notice_day + timedelta(days=31)) == 1
    assert not User.objects.filter(pk=sleeper.pk).exists() and User.objects.filter(pk=waker.pk).exists()


def test_expired_links_codes_and_invitations_go_after_7_days():
    """Magic links, access codes and unanswered invitations go 7 days after they expire."""
    with time_machine.travel(T0, tick=False):
        MagicLinkFactory(expires_at=T0)
        AccessCodeFactory(expires_at=T0)
        InvitationFactory(expires_at=T0)
    assert run("accounts.links", T0 + timedelta(days=6)) == 0
    assert run("organisations.invitations", T0 + timedelta(days=6)) == 0
    assert run("accounts.links", T0 + timedelta(days=8)) == 2
    assert run("organisations.invitations", T0 + timedelta(days=8)) == 1
    assert not (MagicLink.objects.exists() or AccessCode.objects.exists() or Invitation.objects.exists())


def test_sent_outbox_rows_go_after_a_year_pending_ones_stay():
    """A sent e-mail is kept a year as proof of sending; one still pending is never purged."""
    with time_machine.travel(T0, tick=False):
        OutboxMessageFactory(status="sent")
        pending = OutboxMessageFactory(status="pending")
    assert run("notifications.outbox", T0 + timedelta(days=364)) == 0
    assert run("notifications.outbox", T0 + timedelta(days=366)) == 1
    assert list(OutboxMessage.objects.all()) == [pending]


def test_import_files_and_previews_are_emptied_after_30_days():
    """The uploaded file and the preview go 30 days after the import ended; the report stays."""
    with time_machine.travel(T0, tick=False):
        done = MemberImportFactory(status="done", plan={"rows": ["Durand Léa"]}, report={"created": 1})
        MemberImportFactory(status="applying")
    assert run("courses.imports", T0 + timedelta(days=29)) == 0
    assert run("courses.imports", T0 + timedelta(days=31)) == 1
    done.refresh_from_db()
    assert (bytes(done.data), done.plan, done.report) == (b"", {}, {"created": 1})
    assert MemberImport.objects.exclude(data=b"").count() == 1


def test_exports_go_after_7_days():
    """An archive is deleted, file included, once expired."""
    with time_machine.travel(T0, tick=False):
        export = DataExportFactory(status="ready", expires_at=T0 + timedelta(days=7))
        export.file.save("x.zip", ContentFile(b"zip"), save=True)
    storage, name = export.file.storage, export.file.name
    assert run("privacy.exports", T0 + timedelta(days=6)) == 0
    assert run("privacy.exports", T0 + timedelta(days=8)) == 1
    assert not DataExport.objects.exists() and not storage.exists(name)


def test_attendance_sheets_go_4_years_after_closing():
    """A signed sheet is the organiser's legal record for 4 years after the session closed."""
    with time_machine.travel(T0, tick=False):
        closed = TrainingSessionFactory(closed_at=T0)
        AttendanceSheetFactory(session=closed)
        AttendanceSheetFactory(session=TrainingSessionFactory(closed_at=None), version=1)
    assert run("facetoface.sheets", T0 + timedelta(days=4 * 365 - 1)) == 0
    assert run("facetoface.sheets", T0 + timedelta(days=4 * 365 + 1)) == 1
    assert AttendanceSheet.objects.count() == 1


def test_the_admin_report_shows_the_last_run_and_its_counts(client):
    """ "Conservation des données" lists each rule with its last count, for superusers only."""
    RetentionRun.objects.create(ran_at=T0, counts={"notifications.outbox": 12})
    client.force_login(UserFactory(is_staff=True, is_superuser=False))
    assert client.get(reverse("privacy_admin_retention")).status_code in (302, 404)  # never shown
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    content = client.get(reverse("privacy_admin_retention")).content.decode()
    assert "E-mails envoyés" in content and "<td>12</td>" in content and "PRIVACY_OUTBOX_DAYS" in content


def test_links_and_codes_declare_the_period_their_rule_applies(settings):
    """Sign-in links and access codes have one retention: the registry says what the rule does."""
    from lms.privacy.registry import declarations
    from lms.runtime.schedules import registered_schedules

    (rule,) = [rule for rule in retention_rules() if rule.code == "accounts.links"]
    assert rule.setting == "PRIVACY_LINK_DAYS"
    declared = {declaration.model: declaration.retention for declaration in declarations()}
    assert declared[MagicLink] == declared[AccessCode] == timedelta(days=settings.PRIVACY_LINK_DAYS)
    # The retention run is the only sweep: no second schedule deletes them on another clock.
    assert [task.name for task in registered_schedules() if "credential" in task.name] == []
