"""The members file journals itself when it is asked for (issue 22: audit entries are written by
the services that act, not by views)."""

import pytest

from lms.organisations.models import AuditEntry, MembershipRole
from lms.organisations.services.exports import members_export
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_members_export_is_journalled_before_a_row_is_read():
    """The entry exists as soon as the export is asked for, with the filters as asked."""
    manager = MembershipFactory(role=MembershipRole.MANAGER)
    organisation = manager.organisation
    MembershipFactory(organisation=organisation, user=UserFactory(last_name="Vialle"))
    export = members_export(organisation=organisation, manager=manager.user, role="member", filters={"role": "member"})
    (entry,) = AuditEntry.objects.filter(organisation=organisation, action="export")
    assert entry.actor == manager.user and entry.details == {"filters": {"role": "member"}}
    rows = list(export.rows)
    assert [row[0] for row in rows] == ["Vialle"]  # the manager is filtered out by role
    assert export.filename.startswith(f"membres-{organisation.slug}-") and export.header[0] == "Nom"
