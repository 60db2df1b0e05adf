"""Shared experiences: the public listing and page, and the managers' pages (their
organisation's experiences, the form, and an association's featuring of its members' ones)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.accounts.http import AuthenticatedHttpRequest
from lms.organisations.access import access_managed_organisation
from lms.organisations.models import OrganisationKind
from relays.experiences_access import (
    access_authoring_organisation,
    access_featurable_experience,
    access_featuring_association,
    access_own_experience,
    access_readable_experience,
)
from relays.experiences_forms import ExperienceFilterForm, ExperienceForm
from relays.experiences_selectors import (
    AUTHOR_KINDS,
    featuring_associations,
    listing_territories,
    listing_themes,
    member_experiences,
    organisation_experiences,
    published_experiences,
)
from relays.models import ExperienceStatus
from relays.services.experiences import ExperienceContent, experience_feature, experience_save

PER_PAGE = 20


@require_GET
def experience_list(request: HttpRequest) -> HttpResponse:
    form = ExperienceFilterForm(
        request.GET or None,
        themes=listing_themes(),
        territories=listing_territories(),
        associations=featuring_associations(),
    )
    filters = form.filters()
    page = Paginator(published_experiences(**filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "relays/experiences/list.html",
        {"form": form, "page": page, "filtered": any(filters.values())},
    )


@require_GET
def experience_detail(request: HttpRequest, pk: int) -> HttpResponse:
    experience = access_readable_experience(request.user, pk)
    return render(
        request,
        "relays/experiences/detail.html",
        {"experience": experience, "is_public": experience.status == ExperienceStatus.APPROVED},
    )


@login_required
@require_GET
def organisation_tab(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The manager space's tab: the organisation's experiences in every state and, for an
    association of elected officials, its members' experiences to feature."""
    organisation = access_managed_organisation(request.user, slug)
    context = {"organisation": organisation, "tab": "experiences", "may_share": organisation.kind in AUTHOR_KINDS}
    if context["may_share"]:
        context["experiences"] = organisation_experiences(organisation)
    if organisation.kind == OrganisationKind.ASSOCIATION_ELUS:
        members = list(member_experiences(organisation)[:50])
        featured = {
            experience.pk
            for experience in members
            if any(feature.association_id == organisation.pk for feature in experience.features.all())
        }
        context.update({"member_experiences": members, "featured_ids": featured})
    return render(request, "relays/experiences/organisation.html", context)


def _content(form: ExperienceForm) -> ExperienceContent:
    data = form.cleaned_data
    return ExperienceContent(
        title=data["title"],
        context=data["context"],
        actions=data["actions"],
        budget_band=data["budget_band"],
        partners=data["partners"],
        results=data["results"],
        contact=data["contact"],
        territory=data["territory"],
        themes=list(data["themes"]),
    )


def _saved(request: AuthenticatedHttpRequest, submit: bool) -> None:
    if submit:
        messages.success(request, _("Votre retour d'expérience est envoyé : il sera publié après relecture."))
    else:
        messages.success(request, _("Brouillon enregistré. Il n'est visible que des gestionnaires de l'organisation."))


@login_required
def experience_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access_authoring_organisation(request.user, slug)
    form = ExperienceForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        experience_save(organisation=organisation, author=request.user, content=_content(form), submit=submit)
        _saved(request, submit)
        return redirect("relays:organisation_experiences", organisation.slug)
    return render(request, "relays/experiences/form.html", {"organisation": organisation, "form": form})


@login_required
def experience_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    experience = access_own_experience(request.user, pk)
    organisation = experience.organisation
    form = ExperienceForm(request.POST or None, instance=experience, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        experience_save(
            organisation=organisation, author=request.user, content=_content(form), submit=submit, experience=experience
        )
        _saved(request, submit)
        return redirect("relays:organisation_experiences", organisation.slug)
    return render(
        request, "relays/experiences/form.html", {"organisation": organisation, "form": form, "experience": experience}
    )


@login_required
@require_POST
def experience_feature_toggle(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    association = access_featuring_association(request.user, slug)
    experience = access_featurable_experience(association, pk)
    decision = request.POST.get("decision")
    if decision not in {"feature", "withdraw"}:
        raise Http404
    experience_feature(
        association=association, experience=experience, user=request.user, featured=decision == "feature"
    )
    if decision == "feature":
        messages.success(request, _("« %(title)s » est mis en avant.") % {"title": experience.title})
    else:
        messages.success(request, _("« %(title)s » n'est plus mis en avant.") % {"title": experience.title})
    return redirect("relays:organisation_experiences", association.slug)
