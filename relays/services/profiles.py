"""Writing a relay's public profile. A change is live at once (no moderation: the organisation's
own managers answer for it) and recorded in the organisation's journal."""

from django.db import transaction
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.organisations.models import AuditAction
from lms.organisations.services.audit import audit_record
from relays.models import RelayProfile

# The fields whose change the journal names; the summary lists them in the manager's words.
JOURNALED_FIELDS = (
    "is_published",
    "summary",
    "street",
    "address_complement",
    "postcode",
    "opening_hours",
    "step_free_access",
    "hearing_loop",
    "acces_libre_url",
    "services",
    "audiences",
    "support",
    "contact_email",
    "phone",
    "website",
)


@transaction.atomic
def relay_profile_save(*, profile: RelayProfile, values: dict, course_ids: list[int] | None, actor: User) -> list[str]:
    """Apply `values` (field → new value) to the profile, save it and journal what changed, with
    the old and new values of each field. Returns the names of the fields that changed."""
    is_new = profile.pk is None
    # What was saved, read under the row's lock: the instance may carry a form's unsaved values.
    stored = RelayProfile() if is_new else RelayProfile.objects.select_for_update().get(pk=profile.pk)
    before = {name: getattr(stored, name) for name in JOURNALED_FIELDS}
    for name, value in values.items():
        if name not in JOURNALED_FIELDS:
            raise ValueError(f"{name} is not a profile field")
        setattr(profile, name, value)
    profile.full_clean(exclude=["organisation"])
    changed = [name for name in JOURNALED_FIELDS if getattr(profile, name) != before[name]]
    if changed or is_new:
        profile.save()
    courses_changed = False
    if course_ids is not None:
        current = set(profile.recommended_courses.values_list("pk", flat=True))
        if current != set(course_ids):
            profile.recommended_courses.set(course_ids)
            courses_changed = True
    if courses_changed:
        changed.append("recommended_courses")
    if changed:
        labels = ", ".join(str(getattr(RelayProfile._meta.get_field(name), "verbose_name", name)) for name in changed)
        audit_record(
            organisation=profile.organisation,
            actor=actor,
            action=AuditAction.PROFILE,
            summary=_("Profil public modifié : %(fields)s") % {"fields": labels},
            details={
                "changes": {
                    name: {"before": before[name], "after": getattr(profile, name)}
                    for name in changed
                    if name in before
                },
                **({"recommended_courses": sorted(course_ids or [])} if courses_changed else {}),
            },
        )
    return changed
