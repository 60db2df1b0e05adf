"""A large import through a real `long` cluster: checked, confirmed and written by the worker,
with the progress the page polls (ORM broker on SQLite, Redis with REDIS_URL)."""

import pytest

from courses.models import ImportStatus, MemberImport
from courses.services.imports import INLINE_ROWS, import_confirm, import_start
from lms.organisations.models import Invitation, MembershipRole
from tests.factories import MembershipFactory

pytestmark = pytest.mark.worker


def test_a_large_import_is_checked_and_written_by_the_long_cluster(qcluster, django_capture_on_commit_callbacks):
    manager = MembershipFactory(role=MembershipRole.MANAGER)
    organisation = manager.organisation
    rows = INLINE_ROWS + 200
    data = ("nom;prénom;e-mail\n" + "".join(f"Nom{i};Prénom{i};p{i}@exemple.fr\n" for i in range(rows))).encode()
    with django_capture_on_commit_callbacks(execute=True):
        member_import = import_start(
            organisation=organisation,
            manager=manager.user,
            filename="grand.csv",
            data=data,
            course=None,
            due_on=None,
            code_accounts=False,
        )
    assert member_import.status == ImportStatus.ANALYSING  # handed to the worker, not checked inline

    def status() -> str:
        return MemberImport.objects.values_list("status", flat=True).get(pk=member_import.pk)

    with qcluster("long") as worker:
        worker.wait_for(lambda: status() == ImportStatus.READY)
        member_import.refresh_from_db()
        assert member_import.processed_rows == rows and member_import.plan["counts"]["invite"] == rows
        assert not Invitation.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            assert import_confirm(member_import=member_import, by=manager.user) is None
        worker.wait_for(lambda: status() == ImportStatus.DONE)
    member_import.refresh_from_db()
    assert member_import.report["invited"] == rows and bytes(member_import.data) == b""
    assert Invitation.objects.filter(organisation=organisation).count() == rows
