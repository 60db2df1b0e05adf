"""Collections of scenarios: creating, renaming and deleting them, adding and removing items.
Who may do so is checked before (scenarios.access)."""

import secrets
from collections.abc import Iterator

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify

from lms.accounts.models import User
from lms.organisations.models import Organisation
from scenarios.models import ScenarioCollection, ScenarioCollectionItem, ScenarioPage

# The words the collection URLs use after /scenarios/collections/: never a collection's slug.
RESERVED_COLLECTION_SLUGS = {"nouvelle", "ajouter"}


def _slug_candidates(title: str, organisation: Organisation | None) -> Iterator[str]:
    base = slugify(title)[:80] or "collection"
    if organisation is not None:
        # Public and shared: readable first, then qualified by the organisation.
        yield base
        yield f"{base}-{organisation.slug}"[:130]
    # Personal ones are private: an unguessable tail, so their address tells nothing.
    while True:
        yield f"{base}-{secrets.token_hex(4)}"


def collection_create(
    *, title: str, owner: User | None = None, organisation: Organisation | None = None, description: str = ""
) -> ScenarioCollection:
    """A personal collection (owner) or an organisation's (organisation), with a unique slug."""
    if (owner is None) == (organisation is None):
        raise ValueError("A collection belongs to one person or to one organisation.")
    for slug in _slug_candidates(title, organisation):
        if slug in RESERVED_COLLECTION_SLUGS or ScenarioCollection.objects.filter(slug=slug).exists():
            continue
        try:
            with transaction.atomic():
                return ScenarioCollection.objects.create(
                    title=title, description=description, slug=slug, owner=owner, organisation=organisation
                )
        except IntegrityError:  # taken by a concurrent creation: try the next one
            continue
    raise AssertionError("unreachable: the candidates never end")


def collection_update(*, collection: ScenarioCollection, title: str, description: str) -> ScenarioCollection:
    """The slug stays: links already shared keep working."""
    collection.title = title
    collection.description = description
    collection.save(update_fields=["title", "description", "updated_at"])
    return collection


def collection_delete(*, collection: ScenarioCollection) -> None:
    """The collection and its list go; the scenarios stay."""
    collection.delete()


def collection_add(*, collection: ScenarioCollection, scenario: ScenarioPage, user: User) -> ScenarioCollectionItem:
    """Append the scenario at the end; adding it again keeps the item where it was."""
    existing = ScenarioCollectionItem.objects.filter(collection=collection, scenario=scenario).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        # The collection's row lock orders concurrent additions: each gets its own position.
        ScenarioCollection.objects.select_for_update().filter(pk=collection.pk).first()
        last = collection.items.aggregate(last=Max("position"))["last"]
        item, _created = ScenarioCollectionItem.objects.get_or_create(
            collection=collection,
            scenario=scenario,
            defaults={"position": (last or 0) + 1, "added_by": user},
        )
        collection.save(update_fields=["updated_at"])
    return item


def collection_remove(*, collection: ScenarioCollection, scenario_id: int) -> None:
    ScenarioCollectionItem.objects.filter(collection=collection, scenario_id=scenario_id).delete()
