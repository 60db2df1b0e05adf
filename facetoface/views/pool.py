"""/formateurs/: the trainer pool, for agency staff and organisation managers only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from facetoface.access import access_managed_trainer, access_trainer_profile, require_pool, scope_of
from facetoface.forms import PoolSearchForm, TrainerAddForm, TrainerProfileForm
from facetoface.models import TrainerProfile
from facetoface.selectors import pool_search, trainer_hours_given
from facetoface.services.trainers import trainer_profile_add, trainer_profile_set_active
from lms.accounts.http import AuthenticatedHttpRequest
from lms.organisations.models import Organisation

PER_PAGE = 20


def pool_view(request: HttpRequest) -> HttpResponse:
    scope = require_pool(request.user)
    form = PoolSearchForm(request.GET or None)
    trainers: QuerySet[TrainerProfile] = TrainerProfile.objects.none()
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if request.GET else {}
        theme = data.get("theme")
        trainers = pool_search(
            scope,
            theme_id=theme.pk if theme else None,
            audience=data.get("audience", ""),
            territory=data.get("territory"),
        ).order_by("user__last_name", "user__first_name", "pk")
    page = Paginator(trainers, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "facetoface/pool.html",
        {"form": form, "page": page, "trainers": page.object_list, "may_add": scope.is_agency},
    )


def trainer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = access_trainer_profile(request.user, pk)
    scope = scope_of(request.user)
    return render(
        request,
        "facetoface/trainer_detail.html",
        {
            "profile": profile,
            "is_own": profile.user_id == request.user.pk,
            "given": trainer_hours_given(profile),
            "may_deactivate": scope.is_agency and profile.user_id != request.user.pk,
        },
    )


@login_required
def my_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A trainer edits their own profile; someone not in the pool gets 404."""
    profile = TrainerProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise Http404
    form = TrainerProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil de formateur est enregistré."))
        return redirect("facetoface:trainer", pk=profile.pk)
    return render(request, "facetoface/trainer_form.html", {"form": form, "profile": profile})


@login_required
def trainer_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not scope.is_agency:
        raise Http404
    form = TrainerAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency = Organisation.objects.filter(pk__in=scope.agency_ids).order_by("pk").first()
        profile = trainer_profile_add(user=form.cleaned_data["email"], added_by=request.user, organisation=agency)
        messages.success(request, _("%(name)s fait partie du vivier.") % {"name": profile})
        return redirect("facetoface:trainer", pk=profile.pk)
    return render(request, "facetoface/trainer_add.html", {"form": form})


@login_required
@require_POST
def trainer_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    profile = access_managed_trainer(request.user, pk)
    trainer_profile_set_active(profile=profile, active=not profile.is_active)
    if profile.is_active:
        messages.success(request, _("%(name)s est de nouveau dans le vivier.") % {"name": profile})
    else:
        messages.success(request, _("%(name)s est désactivé(e) : ses sessions passées restent.") % {"name": profile})
    return redirect("facetoface:trainer", pk=profile.pk)
