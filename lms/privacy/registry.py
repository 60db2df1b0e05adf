"""The personal-data registry: what each model holds about a person, what an export gives them,
what happens on erasure, and how long rows are kept (GDPR articles 15, 17 and 5.1.e).

Apps declare their models in `AppConfig.ready()`:

    declare(Enrolment, user_path="user", export_fields=["course__title", "status", "completed_at"],
            on_erasure=Erasure.DELETE, retention=None)

A test (tests/privacy/test_registry.py) fails when a model with a link to the user, or with a
`personal_fields` attribute, is neither declared nor exempted with a reason.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.functional import Promise


class Erasure(Enum):
    DELETE = "delete"  # the rows go (by cascade from the user, or explicitly)
    ANONYMISE = "anonymise"  # the rows stay, stripped of what identifies the person
    DETACH = "detach"  # the rows stay and their link to the person is set to NULL
    # The rows stay, moved to the person's own stand-in: an inactive "personne supprimée" account
    # with no name, e-mail or password, so that counts and dashboards stay right. A path through
    # another model ("enrolment__user") follows that model's move: nothing to do for it.
    REPOINT = "repoint"
    # The rows stay unchanged for a legal period (`retention`), then the retention rules remove them.
    KEEP = "keep"


@dataclass(frozen=True)
class Declaration:
    model: type[models.Model]
    user_paths: tuple[str, ...]  # lookups from the model to the user (empty for the user model)
    export_fields: tuple[str, ...]
    on_erasure: Erasure
    retention: timedelta | None  # None: as long as the account exists
    purpose: str | Promise  # usually gettext_lazy: shown in the language of whoever reads it
    anonymise: Callable[[models.QuerySet], object] | None = None  # its result is ignored
    # What stays after erasure and why (the legal basis), shown in the erasure preview and on the
    # privacy page; required for every mode that keeps rows.
    kept_because: str | Promise = ""

    @property
    def label(self) -> str:
        return self.model._meta.label

    def rows_for(self, user) -> models.QuerySet:
        if not self.user_paths:
            return self.model._default_manager.filter(pk=user.pk)
        linked = models.Q()
        for path in self.user_paths:
            linked |= models.Q(**{path: user})
        return self.model._default_manager.filter(linked)

    def owned_rows(self, user) -> models.QuerySet:
        """The rows about the person (first path); the other paths name them as an actor on
        someone else's row (who enrolled whom), which is not theirs to export or delete."""
        manager = self.model._default_manager
        return manager.filter(pk=user.pk) if not self.user_paths else manager.filter(**{self.user_paths[0]: user})


@dataclass(frozen=True)
class Exemption:
    model: type[models.Model]
    reason: str


class RegistryError(Exception):
    pass


_declarations: dict[str, Declaration] = {}
_exemptions: dict[str, Exemption] = {}


def declare(
    model: type[models.Model],
    *,
    user_path: str | Iterable[str],
    export_fields: Iterable[str],
    on_erasure: Erasure,
    retention: timedelta | None,
    purpose: str | Promise,
    anonymise: Callable[[models.QuerySet], object] | None = None,
    kept_because: str | Promise = "",
) -> None:
    if on_erasure is Erasure.ANONYMISE and anonymise is None:
        raise RegistryError(f"{model._meta.label}: ANONYMISE needs an `anonymise` function.")
    if on_erasure is Erasure.KEEP and retention is None:
        raise RegistryError(f"{model._meta.label}: KEEP needs a `retention` period, after which the rows go.")
    _declarations[model._meta.label] = Declaration(
        model=model,
        user_paths=(user_path,) if isinstance(user_path, str) and user_path else tuple(user_path),
        export_fields=tuple(export_fields),
        on_erasure=on_erasure,
        retention=retention,
        purpose=purpose,
        anonymise=anonymise,
        kept_because=kept_because,
    )


def exempt(model: type[models.Model], *, reason: str) -> None:
    """A model linked to users that holds nothing to export or erase, with the reason why."""
    if not reason.strip():
        raise RegistryError(f"{model._meta.label}: an exemption needs a reason.")
    _exemptions[model._meta.label] = Exemption(model=model, reason=reason)


def declarations() -> list[Declaration]:
    return sorted(_declarations.values(), key=lambda declaration: declaration.label)


def exemptions() -> list[Exemption]:
    return sorted(_exemptions.values(), key=lambda exemption: exemption.model._meta.label)


def is_covered(model: type[models.Model]) -> bool:
    # A proxy counts as its concrete model (which is None only for an abstract model).
    label = (model._meta.concrete_model or model)._meta.label
    return label in _declarations or label in _exemptions


def holds_personal_data(model: type[models.Model]) -> bool:
    """A model links to the user (foreign key, one-to-one or many-to-many), or marks fields as
    personal with a `personal_fields` class attribute.

    Only the model's own fields count: a page type inherits Page's `owner`, which Page's
    declaration already covers.
    """
    user_model = get_user_model()
    if model is user_model or "personal_fields" in vars(model):
        return True
    own_fields = [*model._meta.local_fields, *model._meta.local_many_to_many]
    return any(field.is_relation and field.related_model is user_model for field in own_fields)


def user_data_export(user) -> dict[str, list[dict]]:
    """Everything declared about one person, by model label, for a subject access request."""
    return {
        declaration.label: list(declaration.owned_rows(user).values(*declaration.export_fields))
        for declaration in declarations()
    }


def user_data_export_json(user) -> dict[str, list[dict]]:
    """The export made JSON-ready: dates as ISO 8601 text, decimals as text (see docs/privacy.md)."""
    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(user_data_export(user), cls=DjangoJSONEncoder))


# Hooks filled by higher apps in ready(), as the other registries (the privacy app knows only users).
ErasureCheck = Callable[[models.Model], list[str]]
ErasureListener = Callable[..., object]
ExportFiles = Callable[[models.Model], Iterable[tuple[str, bytes]]]
_erasure_checks: list[ErasureCheck] = []
_erasure_listeners: list[ErasureListener] = []
_export_files: list[ExportFiles] = []


def register_erasure_check(check: ErasureCheck) -> None:
    """`check(user)` returns warnings shown before erasing (the last manager of an organisation)."""
    if check not in _erasure_checks:
        _erasure_checks.append(check)


def register_erasure_listener(listener: ErasureListener) -> None:
    """`listener(user=..., stand_in=...)` runs inside the erasure transaction, before the account
    row goes: for effects that are not rows linked to the person (telling an agency, cleaning
    a log that names them)."""
    if listener not in _erasure_listeners:
        _erasure_listeners.append(listener)


def register_export_files(provider: ExportFiles) -> None:
    """`provider(user)` yields (path in the archive, bytes): the person's attestation PDFs."""
    if provider not in _export_files:
        _export_files.append(provider)


def erasure_checks() -> list[ErasureCheck]:
    return list(_erasure_checks)


def erasure_listeners() -> list[ErasureListener]:
    return list(_erasure_listeners)


def export_file_providers() -> list[ExportFiles]:
    return list(_export_files)


def uncovered_models(candidates: Iterable[type[models.Model]] | None = None) -> list[str]:
    """Labels of models holding personal data that are neither declared nor exempted."""
    from django.apps import apps

    candidates = apps.get_models() if candidates is None else candidates
    return sorted(model._meta.label for model in candidates if holds_personal_data(model) and not is_covered(model))
