"""The organisations app's models, one module per topic; every name is importable from here."""

from lms.organisations.models.audit import (  # noqa: F401
    AuditAction,
    AuditEntry,
)
from lms.organisations.models.groups import MemberGroup  # noqa: F401
from lms.organisations.models.invitations import (  # noqa: F401
    Invitation,
    InvitationStatus,
    ManagerRequest,
    RequestStatus,
)
from lms.organisations.models.organisations import (  # noqa: F401
    AGENCY_KINDS,
    SCHOOL_KINDS,
    Membership,
    MembershipQuerySet,
    MembershipRole,
    Organisation,
    OrganisationKind,
)
from lms.organisations.models.territories import (  # noqa: F401
    HomeCommune,
    Territory,
    TerritoryKind,
    TerritoryQuerySet,
    search_key,
)
