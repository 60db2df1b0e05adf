"""The manager space's Inscriptions and Suivi tabs (/organisations/<slug>/…). They live with
the enrolments they read; access goes through lms.organisations (managers only, 404 otherwise).
Only enrolments attached to the organisation are ever shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from courses.forms import OrganisationEnrolForm
from courses.models import Enrolment, EnrolmentStatus, ModuleCompletion
from courses.services.enrolments import organisation_enrol
from lms.accounts.models import User
from lms.organisations.access import access_managed_organisation
from lms.organisations.models import Membership

PER_PAGE = 25


def organisation_members_users(organisation):
    return User.objects.filter(
        pk__in=Membership.objects.current().filter(organisation=organisation).values("user")
    ).order_by("last_name", "first_name", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def enrolments_tab(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access_managed_organisation(request.user, slug)
    form = OrganisationEnrolForm(
        request.POST or None, organisation=organisation, members=organisation_members_users(organisation)
    )
    if request.method == "POST" and form.is_valid():
        users = form.users()
        report = organisation_enrol(
            organisation=organisation,
            manager=request.user,
            users=users,
            course=form.cleaned_data["course"],
            due_on=form.cleaned_data["due_on"],
        )
        parts = [_("%(count)s inscription(s) créée(s)") % {"count": len(report.created)}]
        if report.attached:
            parts.append(
                _("%(count)s personne(s) déjà inscrite(s) d'elle-même, désormais suivie(s) par l'organisation")
                % {"count": len(report.attached)}
            )
        if report.already:
            parts.append(_("%(count)s déjà inscrite(s) : rien n'a changé") % {"count": len(report.already)})
        if report.elsewhere:
            parts.append(
                _("%(count)s suivie(s) par une autre organisation : laissée(s) telle(s) quelle(s)")
                % {"count": len(report.elsewhere)}
            )
        messages.success(request, " ; ".join(parts) + ".")
        return redirect("organisation_enrolments", slug=organisation.slug)
    course_id = request.GET.get("formation", "")
    enrolments = (
        Enrolment.objects.filter(organisation=organisation)
        .select_related("user", "course")
        .order_by("course__title", "user__last_name", "user__first_name", "pk")
    )
    if course_id.isascii() and course_id.isdigit():
        enrolments = enrolments.filter(course_id=int(course_id))
    page = Paginator(enrolments, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/manager/enrolments.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "tab": "inscriptions",
        },
    )


@login_required
def progress_tab(request: HttpRequest, slug: str) -> HttpResponse:
    """Per course: not started, in progress, completed and overdue, counted in one query."""
    organisation = access_managed_organisation(request.user, slug)
    started = ModuleCompletion.objects.filter(enrolment=OuterRef("pk"), cycle=OuterRef("cycle"))
    today = timezone.localdate()
    active = Q(status=EnrolmentStatus.ACTIVE)
    rows = (
        Enrolment.objects.filter(organisation=organisation)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .annotate(has_started=Exists(started))
        .values("course_id", "course__title")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status=EnrolmentStatus.COMPLETED)),
            in_progress=Count("pk", filter=active & Q(has_started=True)),
            not_started=Count("pk", filter=active & Q(has_started=False)),
            overdue=Count("pk", filter=active & Q(due_on__lt=today)),
        )
        .order_by("course__title")
    )
    for row in rows:
        for name in ("completed", "in_progress", "not_started", "overdue"):
            row[f"{name}_percent"] = round(100 * row[name] / row["total"]) if row["total"] else 0
    return render(
        request, "courses/manager/progress.html", {"organisation": organisation, "rows": rows, "tab": "suivi"}
    )
