"""What an attestation de présence attests, described by the app that knows it. `certificates`
imports none of the apps built on it (DESIGN.md §2): facetoface registers a builder here in its
AppConfig.ready(), for the subject keys it issues, and `certificate_issue_for_subject` (and the
re-issue of a presence attestation) calls it explicitly.

A subject key is "<prefix>:<id>", such as "facetoface.registration:42"; the prefix picks the
builder. A builder is `builder(subject_key) -> Subject | None`: None when there is nothing to
attest (the registration is gone, or no slot was attended), otherwise the holder, the course and
the frozen content. `Subject.snapshot` holds, as plain JSON values:

    holder_name: str            the person's name as printed
    course_title: str           the course the session belongs to
    session_title: str
    dates: [{"date": "2026-11-25", "start": "09:00", "end": "12:00"}, …]   Europe/Paris, in order
    place: str                  an address, an organisation's name, or "À distance"
    trainers: [str, …]          names as printed
    attended_hours: str         hours attended, such as "3.5"
    organisation: str | None    who organised the session (printed as the issuer), optional

`certificates` adds the kind, the issue date, the signatory and the template's colours."""

from collections.abc import Callable
from dataclasses import dataclass, field

from courses.models import Course
from lms.accounts.models import User

SUBJECT_FIELDS = ("holder_name", "course_title", "session_title", "dates", "place", "trainers", "attended_hours")


@dataclass(frozen=True)
class Subject:
    user: User
    course: Course
    snapshot: dict = field(default_factory=dict)


_builders: dict[str, Callable[[str], Subject | None]] = {}


def register_subject(kind_prefix: str, snapshot_builder: Callable[[str], Subject | None]) -> None:
    """Register (or replace) the builder of the subject keys "<kind_prefix>:…"."""
    if ":" in kind_prefix:
        raise ValueError("A subject prefix holds no colon.")
    _builders[kind_prefix] = snapshot_builder


def subject_key(kind_prefix: str, object_id: int | str) -> str:
    """The subject key of an object: subject_key("facetoface.registration", 42)."""
    return f"{kind_prefix}:{object_id}"


def subject_build(key: str) -> Subject | None:
    """What the registered builder says of `key`; LookupError when no builder knows its prefix.
    The builder's snapshot must hold every SUBJECT_FIELDS (ValueError otherwise)."""
    prefix, _, rest = key.partition(":")
    builder = _builders.get(prefix)
    if builder is None or not rest:
        raise LookupError(f"No subject builder for {key!r}.")
    subject = builder(key)
    if subject is not None:
        missing = [name for name in SUBJECT_FIELDS if name not in subject.snapshot]
        if missing:
            raise ValueError(f"The snapshot of {key!r} lacks {', '.join(missing)}.")
    return subject
