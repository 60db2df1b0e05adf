"""Contributors' scenarios, written from the front end: a real Wagtail draft (a page that is not
live, and its revisions), sent through the workflow "Relecture des scénarios" like a trainer's.

- `proposal_create` adds the page under the listing with live=False, then saves its first
  revision, so that moderators find it in the admin as any draft;
- `proposal_update` saves a new revision from the latest one (the page row of a draft keeps its
  first content until publication copies the approved revision onto it, as in Wagtail's editor);
- `proposal_submit` starts the workflow, or resumes it after a request for changes;
- `adaptation_create` starts someone's own draft from a published scenario, with `adapted_from`.

Moderators approve (which publishes) or request changes in the admin; the authors hear of it
through scenarios.moderation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import WorkflowState

from scenarios.access import contributor_organisation
from scenarios.forms import RESERVED_SLUGS
from scenarios.models import ScenarioAttachment, ScenarioIndexPage, ScenarioPage
from scenarios.uploads import CheckedFile

if TYPE_CHECKING:
    from lms.accounts.models import User

SCALAR_FIELDS = ("title", "summary", "group_size", "objectives", "assessment", "licence")
FACET_FIELDS = ("levels", "publics", "subjects", "competences", "equipment")
STEP_FIELDS = ("title", "minutes", "leader", "participants", "material")


class ProposalRefused(Exception):
    """The action does not fit the scenario's state (already in review, published…)."""


@dataclass
class Proposal:
    """What the front-end form gives: the plain fields as typed, the facets as rows, the steps
    in order (dicts of STEP_FIELDS)."""

    fields: dict
    steps: list[dict]
    attachment: CheckedFile | None = None
    remove_attachment_ids: list[int] = field(default_factory=list)


def unique_slug(parent: ScenarioIndexPage, title: str) -> str:
    """A slug free below the listing and not one of the site's own addresses under /scenarios/."""
    base = slugify(title)[:70].strip("-") or "scenario"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _apply(page: ScenarioPage, proposal: Proposal) -> None:
    for name in SCALAR_FIELDS:
        setattr(page, name, proposal.fields[name])
    for name in FACET_FIELDS:
        setattr(page, name, list(proposal.fields[name]))
    page.steps = [{"type": "step", "value": {name: step[name] for name in STEP_FIELDS}} for step in proposal.steps]
    # The total is the steps' sum, as the admin form requires: nothing for the author to keep in step.
    page.duration_minutes = sum(step["minutes"] for step in proposal.steps)


def _attachments(page: ScenarioPage, proposal: Proposal, author: User) -> None:
    if proposal.remove_attachment_ids:
        for attachment in ScenarioAttachment.objects.filter(page=page, pk__in=proposal.remove_attachment_ids):
            attachment.file.delete(save=False)
            attachment.delete()
    if proposal.attachment is not None:
        checked = proposal.attachment
        attachment = ScenarioAttachment(
            page=page, name=checked.name, kind=checked.kind, size=len(checked.content), uploaded_by=author
        )
        attachment.file.save(checked.name, ContentFile(checked.content), save=False)
        attachment.save()


@transaction.atomic
def proposal_create(*, author: User, proposal: Proposal, adapted_from: ScenarioPage | None = None) -> ScenarioPage:
    """A new draft by `author`, shown with their school or relay, and its first revision."""
    index = ScenarioIndexPage.objects.select_for_update().first()
    if index is None:
        raise ProposalRefused(_("La liste des scénarios n'existe pas encore sur ce site."))
    page = ScenarioPage(
        slug=unique_slug(index, proposal.fields["title"]),
        live=False,
        owner=author,
        organisation=contributor_organisation(author),
        adapted_from=adapted_from,
    )
    _apply(page, proposal)
    page.authors = [author]
    index.add_child(instance=page)
    page.save_revision(user=author, log_action=True)
    _attachments(page, proposal, author)
    return page


def is_editable(page: ScenarioPage) -> bool:
    """Its authors edit a scenario until it is published, except while a moderator reviews it."""
    if page.live:
        return False
    state = page.current_workflow_state
    return state is None or state.status == WorkflowState.STATUS_NEEDS_CHANGES


@transaction.atomic
def proposal_update(*, page: ScenarioPage, author: User, proposal: Proposal) -> ScenarioPage:
    """A new revision of the author's draft, from its latest one."""
    page = ScenarioPage.objects.select_for_update().get(pk=page.pk)
    if not is_editable(page):
        raise ProposalRefused(_("Ce scénario est en relecture ou déjà publié : il ne peut plus être modifié ici."))
    draft = page.get_latest_revision_as_object()
    _apply(draft, proposal)
    draft.save_revision(user=author, log_action=True)
    _attachments(page, proposal, author)
    return draft


@transaction.atomic
def proposal_submit(*, page: ScenarioPage, author: User) -> WorkflowState:
    """Send the draft to the moderators: start "Relecture des scénarios", or resume it on the
    latest revision after a request for changes. The page row is locked, so that a double click
    never starts two reviews."""
    page = ScenarioPage.objects.select_for_update().get(pk=page.pk)
    if page.live:
        raise ProposalRefused(_("Ce scénario est déjà publié."))
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=author)
        return state
    if state is not None:
        raise ProposalRefused(_("Ce scénario est déjà en relecture."))
    workflow = page.get_workflow()
    if workflow is None:
        raise ProposalRefused(_("Aucune relecture n'est prévue pour les scénarios : prévenez l'équipe du site."))
    return workflow.start(page, author)


def adaptation_proposal(original: ScenarioPage) -> Proposal:
    """The published scenario's content, as the start of an adaptation."""
    fields = {name: getattr(original, name) for name in SCALAR_FIELDS}
    fields["title"] = _("%(title)s (adaptation)") % {"title": original.title}
    for name in FACET_FIELDS:
        fields[name] = list(getattr(original, name).all())
    steps = [{name: step.value.get(name) or "" for name in STEP_FIELDS} for step in original.steps]
    return Proposal(fields=fields, steps=steps)


def adaptation_create(*, original: ScenarioPage, author: User) -> ScenarioPage:
    """The contributor's own draft of a published scenario, which records where it comes from."""
    if not original.live:
        raise ProposalRefused(_("Seul un scénario publié peut être adapté."))
    return proposal_create(author=author, proposal=adaptation_proposal(original), adapted_from=original)
