"""Proposing, resuming and adapting a scenario from the front end (/scenarios/proposer/…).

Who may contribute is scenarios.access's one rule; anyone else gets the page that says why and
how to get there, never a 403. Someone else's scenario is a 404 (scenarios.access)."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms.accounts.http import AuthenticatedHttpRequest
from lms.accounts.models import User
from scenarios.access import access_own_scenario, can_contribute, moderated_scenario
from scenarios.models import ScenarioAttachment, ScenarioPage
from scenarios.proposal_forms import ProposalForm, steps_formset
from scenarios.selectors import ProposalState, published_scenarios, scenario_review
from scenarios.services.proposals import (
    FACET_FIELDS,
    SCALAR_FIELDS,
    STEP_FIELDS,
    Proposal,
    ProposalRefused,
    adaptation_create,
    is_editable,
    proposal_create,
    proposal_submit,
    proposal_update,
)

ADD_STEP, SAVE, SUBMIT = "ajouter-etape", "enregistrer", "envoyer"


def not_yet_checked(form):
    """A form shown again as typed, without errors: adding a step is not a save."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    return form


def cannot_contribute(request: HttpRequest) -> HttpResponse:
    return render(request, "scenarios/contribute/cannot.html", status=200)


def proposal_from(form: ProposalForm, formset) -> Proposal:
    return Proposal(
        fields={name: form.cleaned_data[name] for name in (*SCALAR_FIELDS, *FACET_FIELDS)},
        steps=formset.steps(),
        attachment=form.checked_file,
        remove_attachment_ids=[attachment.pk for attachment in form.cleaned_data.get("remove_attachments") or []],
    )


def page_initial(page: ScenarioPage) -> tuple[dict, list[dict]]:
    fields = {name: getattr(page, name) for name in SCALAR_FIELDS}
    fields.update({name: list(getattr(page, name).all()) for name in FACET_FIELDS})
    steps = [{name: step.value.get(name) for name in STEP_FIELDS} for step in page.steps]
    return fields, steps


def handle(
    request: AuthenticatedHttpRequest, *, page: ScenarioPage | None, review: ScenarioPage | None = None
) -> HttpResponse:
    """The form's GET and POST for a new scenario (`page` None) or the author's draft."""
    attachments = list(ScenarioAttachment.objects.filter(page=page)) if page is not None else []
    action = request.POST.get("action", SAVE)
    if request.method == "POST" and action == ADD_STEP:
        form = not_yet_checked(ProposalForm(request.POST, attachments=attachments))
        formset = steps_formset(request.POST, add_row=True)
    elif request.method == "POST":
        form = ProposalForm(request.POST, request.FILES, attachments=attachments)
        formset = steps_formset(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                with transaction.atomic():
                    proposal = proposal_from(form, formset)
                    if page is None:
                        page = proposal_create(author=request.user, proposal=proposal)
                    else:
                        proposal_update(page=page, author=request.user, proposal=proposal)
                    if action == SUBMIT:
                        proposal_submit(page=page, author=request.user)
            except ProposalRefused as refusal:
                messages.error(request, str(refusal))
                return redirect(reverse("courses:dashboard") + "#mes-scenarios")
            if action == SUBMIT:
                messages.success(
                    request,
                    _(
                        "Votre scénario est envoyé en relecture. "
                        "Vous recevrez un e-mail quand la modération l'aura relu."
                    ),
                )
                return redirect(reverse("courses:dashboard") + "#mes-scenarios")
            messages.success(request, _("Brouillon enregistré. Vous pouvez le reprendre depuis « Mes scénarios »."))
            return redirect("scenarios:proposal_edit", page.pk)
    elif page is not None:
        fields, steps = page_initial(page)
        form = ProposalForm(initial=fields, attachments=attachments)
        formset = steps_formset(initial=steps)
    else:
        form = ProposalForm(attachments=attachments)
        formset = steps_formset()
    return render(
        request,
        "scenarios/contribute/form.html",
        {"form": form, "formset": formset, "scenario": page, "review": review, "attachments": attachments},
    )


@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    if not can_contribute(request.user):
        return cannot_contribute(request)
    return handle(request, page=None)  # type: ignore[arg-type]


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: AuthenticatedHttpRequest, page_id: int) -> HttpResponse:
    if not ScenarioPage.objects.filter(pk=page_id, authors=request.user).exists():
        moderated = moderated_scenario(request.user, page_id)
        if moderated is not None:
            return redirect("wagtailadmin_pages:edit", moderated.pk)
    page = scenario_review(access_own_scenario(request.user, page_id))
    if page.proposal_state == ProposalState.PUBLISHED:
        return redirect(page.url)
    if not is_editable(page):
        return render(
            request,
            "scenarios/contribute/in_review.html",
            {"scenario": page.get_latest_revision_as_object(), "state": page},
        )
    return handle(request, page=page.get_latest_revision_as_object(), review=page)


@require_http_methods(["GET", "POST"])
def adapt(request: HttpRequest, page_id: int) -> HttpResponse:
    """GET: what adapting means, and the button (a visitor's page carries no form: page cache).
    POST: the contributor's own draft of the published scenario."""
    original = published_scenarios().filter(pk=page_id).first()
    if original is None:
        raise Http404
    if not can_contribute(request.user):
        return cannot_contribute(request)
    if request.method == "POST":
        try:
            page = adaptation_create(original=original, author=cast(User, request.user))  # a contributor
        except ProposalRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(original.url)
        messages.success(
            request,
            _("Votre adaptation est créée en brouillon : modifiez-la, puis envoyez-la en relecture."),
        )
        return redirect("scenarios:proposal_edit", page.pk)
    return render(request, "scenarios/contribute/adapt.html", {"original": original})
