"""Collections: mine (and my organisations'), one collection, adding a scenario to one, renaming,
deleting after a confirmation, removing an item. Personal collections answer 404 to anyone but
their owner; changing an organisation's answers 404 to anyone but its managers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.accounts.http import AuthenticatedHttpRequest
from scenarios.access import (
    access_collection,
    access_editable_collection,
    access_published_scenario,
    editable_collections,
    managed_organisations,
)
from scenarios.community_forms import NEW, CollectionAddForm, CollectionForm
from scenarios.listing import PER_PAGE
from scenarios.selectors import collection_scenarios, collections_with_counts
from scenarios.services.collections import (
    collection_add,
    collection_create,
    collection_delete,
    collection_remove,
    collection_update,
)

COLLECTIONS_PER_PAGE = 20


@login_required
def collection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    collections = collections_with_counts(editable_collections(request.user))
    page = Paginator(collections, COLLECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "scenarios/collections/list.html", {"page_obj": page, "collections": page.object_list})


def collection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    collection = access_collection(request.user, slug)
    page = Paginator(collection_scenarios(collection), PER_PAGE).get_page(request.GET.get("page"))
    can_edit = editable_collections(request.user).filter(pk=collection.pk).exists()
    return render(
        request,
        "scenarios/collections/detail.html",
        {"collection": collection, "page_obj": page, "scenarios": page.object_list, "can_edit": can_edit},
    )


@login_required
def collection_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A personal collection, started empty (scenarios are added from their page)."""
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        collection = collection_create(
            title=form.cleaned_data["title"], description=form.cleaned_data["description"], owner=request.user
        )
        messages.success(request, _("Collection créée."))
        return redirect("scenarios:collection", collection.slug)
    return render(request, "scenarios/collections/form.html", {"form": form, "collection": None})


@login_required
def collection_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    collection = access_editable_collection(request.user, slug)
    form = CollectionForm(request.POST or None, instance=collection)
    if request.method == "POST" and form.is_valid():
        collection_update(
            collection=collection, title=form.cleaned_data["title"], description=form.cleaned_data["description"]
        )
        messages.success(request, _("Collection modifiée."))
        return redirect("scenarios:collection", collection.slug)
    return render(request, "scenarios/collections/form.html", {"form": form, "collection": collection})


@login_required
def collection_confirm_delete(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    collection = access_editable_collection(request.user, slug)
    if request.method == "POST":
        collection_delete(collection=collection)
        messages.success(request, _("La collection « %(title)s » est supprimée.") % {"title": collection.title})
        return redirect("scenarios:collections")
    return render(request, "scenarios/collections/delete.html", {"collection": collection})


@require_POST
@login_required
def collection_remove_item(request: AuthenticatedHttpRequest, slug: str, scenario_id: int) -> HttpResponse:
    collection = access_editable_collection(request.user, slug)
    collection_remove(collection=collection, scenario_id=scenario_id)
    messages.success(request, _("Scénario retiré de la collection."))
    return redirect("scenarios:collection", collection.slug)


@login_required
def collection_add_scenario(request: AuthenticatedHttpRequest, scenario_id: int) -> HttpResponse:
    scenario = access_published_scenario(scenario_id)
    collections = list(editable_collections(request.user).order_by("organisation__name", "title", "pk"))
    organisations = list(managed_organisations(request.user))
    form = CollectionAddForm(request.POST or None, collections=collections, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["collection"] == NEW:
            organisation = form.new_organisation()
            collection = collection_create(
                title=form.cleaned_data["new_title"].strip(),
                owner=None if organisation else request.user,
                organisation=organisation,
            )
        else:
            # The choices are the collections this person may change: any other slug is refused
            # by the form before this point.
            collection = next(item for item in collections if item.slug == form.cleaned_data["collection"])
        collection_add(collection=collection, scenario=scenario, user=request.user)
        messages.success(
            request,
            _("« %(scenario)s » est dans la collection « %(collection)s ».")
            % {"scenario": scenario.title, "collection": collection.title},
        )
        return redirect(reverse("scenarios:collection", args=[collection.slug]))
    return render(request, "scenarios/collections/add.html", {"scenario": scenario, "form": form})
