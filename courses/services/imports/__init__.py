"""Importing a town hall's or a school's list of people (CSV), with an optional enrolment.

Two steps, both run by `import_analyse` and `import_apply` (in the request for small files, in
the `long` cluster for large ones):

1. **Analyse** reads the file and decides, row by row, what confirming would do: create an
   account with a personal code (no e-mail, if the manager asked for it), invite (e-mail), enrol
   an existing member, or skip, with a French reason. It writes only the plan, never a person.
2. **Apply**, on confirmation, decides again against the database as it is then, and writes
   every row in one transaction, by batches whose queries do not depend on their size. The
   import's own row is locked in that transaction and marked done in it, so a task run twice
   (a resumed worker) writes once.

Consent comes first, as for single invitations: a person with an e-mail address is invited and
joins by saying yes; the course the manager chose is applied on acceptance
(`InvitationEnrolment`, courses.services.invitation_enrolments). Someone who declined an
invitation is not invited again. Re-importing the same file finds everyone already there and
changes nothing. Invitations and code accounts are written by the organisation services
(`invitation_create_many`, `code_accounts_create_many`), with the same tokens and audience as a
manager's single invitation or form.

The file is erased once the import is written, cancelled or failed; the row-by-row preview is
kept 30 days after the import (declared in the privacy registry), the counts for good.

The package: `plan` (row decisions), `steps` (the state machine: start, analyse, confirm,
cancel, apply, fail) and `upkeep` (the hourly maintenance). Callers import from here."""

from courses.services.imports.plan import ACTIONS, Action, Decision, batch_size, decide
from courses.services.imports.steps import (
    INLINE_ROWS,
    MAX_ATTEMPTS,
    import_analyse,
    import_apply,
    import_cancel,
    import_confirm,
    import_failed,
    import_start,
    writes_something,
)
from courses.services.imports.upkeep import imports_maintain

__all__ = [
    "ACTIONS",
    "INLINE_ROWS",
    "MAX_ATTEMPTS",
    "Action",
    "Decision",
    "batch_size",
    "decide",
    "import_analyse",
    "import_apply",
    "import_cancel",
    "import_confirm",
    "import_failed",
    "import_start",
    "imports_maintain",
    "writes_something",
]
