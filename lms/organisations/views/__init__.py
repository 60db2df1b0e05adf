"""The organisation pages, by topic. The names stay importable from here."""

from lms.organisations.views.code_accounts import code_account_renew_view, code_accounts_view
from lms.organisations.views.communes import home_commune_view
from lms.organisations.views.groups import group_delete_view, group_edit_view, groups_view
from lms.organisations.views.invitations import (
    invitation_activation,
    invitation_answer_view,
    invitation_create_view,
    invitation_withdraw_view,
)
from lms.organisations.views.members import (
    members_export_view,
    membership_end_view,
    membership_role_view,
    organisation_members_view,
)
from lms.organisations.views.organisations import journal_view, organisation_list
from lms.organisations.views.requests import request_existing, request_new, request_start, review_decide, review_list

__all__ = [
    "code_account_renew_view",
    "code_accounts_view",
    "group_delete_view",
    "group_edit_view",
    "groups_view",
    "home_commune_view",
    "invitation_activation",
    "invitation_answer_view",
    "invitation_create_view",
    "invitation_withdraw_view",
    "journal_view",
    "members_export_view",
    "membership_end_view",
    "membership_role_view",
    "organisation_list",
    "organisation_members_view",
    "request_existing",
    "request_new",
    "request_start",
    "review_decide",
    "review_list",
]
