"""The names of the reminder e-mails about an enrolment, apart from the sweeps that send them so
that the selectors can count them (courses.reminders reads the selectors)."""

DUE_SOON = "courses.due_soon"
OVERDUE = "courses.overdue"
INACTIVE = "courses.inactive"
NUDGE = "courses.manager_nudge"  # a manager's "relancer", at most once a day per enrolment
ENROLMENT_KINDS = [DUE_SOON, OVERDUE, INACTIVE]
ENROLMENT_TYPE = "courses.enrolment"
