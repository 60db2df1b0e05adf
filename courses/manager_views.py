"""The manager space's Inscriptions and Suivi tabs (/organisations/<slug>/…). They live with
the enrolments they read; access goes through lms.organisations (managers only, 404 otherwise).
Only enrolments attached to the organisation are ever shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from courses.forms import OrganisationEnrolForm
from courses.models import Course, Enrolment, EnrolmentStatus, ModuleCompletion
from courses.services.enrolments import enrolment_withdraw, organisation_enrol
from lms.accounts.models import AudienceCode, User
from lms.organisations.access import access_managed_organisation
from lms.organisations.models import AuditAction, Membership, MembershipRole
from lms.organisations.selectors import MEMBER_STATES
from lms.organisations.services.audit import audit_record
from lms.runtime.converters import parse_id
from lms.runtime.csv_export import csv_download

PER_PAGE = 25


def organisation_members_users(organisation):
    return User.objects.filter(
        pk__in=Membership.objects.current().filter(organisation=organisation).values("user")
    ).order_by("last_name", "first_name", "pk")


def organisation_enrolments(organisation, params):
    """The enrolments attached to the organisation, filtered as the tab shows them: the export
    gives exactly the same rows for the same parameters."""
    enrolments = (
        Enrolment.objects.filter(organisation=organisation, user__in=current_members(organisation))
        .select_related("user", "course")
        .order_by("course__title", "user__last_name", "user__first_name", "pk")
    )
    course_id = parse_id(params.get("formation"))
    if course_id is not None:
        enrolments = enrolments.filter(course_id=course_id)
    return enrolments


def current_members(organisation):
    """People who left the organisation drop out of its lists, exports and counts."""
    return Membership.objects.current().filter(organisation=organisation).values("user")


@login_required
@require_GET
def export_tab(request: HttpRequest, slug: str) -> HttpResponse:
    """The Export tab: what can be downloaded, with the same filters as the tabs that show it."""
    organisation = access_managed_organisation(request.user, slug)
    courses = (
        Course.objects.filter(enrolments__organisation=organisation).distinct().order_by("title").only("pk", "title")
    )
    return render(
        request,
        "courses/manager/export.html",
        {
            "organisation": organisation,
            "courses": courses,
            "roles": MembershipRole.choices,
            "audiences": AudienceCode.choices,
            "states": [(value, label) for value, (label, _condition) in MEMBER_STATES.items()],
            "tab": "export",
        },
    )


@login_required
def export_view(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """CSV (UTF-8 with BOM, semicolons) of the enrolments the Inscriptions tab shows, streamed
    in chunks so that memory stays flat whatever the number of rows."""
    organisation = access_managed_organisation(request.user, slug)
    done = (
        ModuleCompletion.objects.filter(enrolment=OuterRef("pk"), cycle=OuterRef("cycle"), module__is_published=True)
        .order_by()
        .values("enrolment")
        .annotate(total=Count("pk"))
        .values("total")
    )
    enrolments = organisation_enrolments(organisation, request.GET).annotate(
        modules_done=Coalesce(Subquery(done, output_field=IntegerField()), 0)
    )
    audit_record(
        organisation=organisation,
        actor=request.user,
        action=AuditAction.EXPORT,
        summary=_("Export des inscriptions (CSV)"),
        details={"filters": dict(request.GET.items())},
    )
    header = [
        _("Nom"),
        _("Prénom"),
        _("E-mail ou identifiant"),
        _("Formation"),
        _("État"),
        _("Modules terminés"),
        _("À terminer avant le"),
        _("Inscrite le"),
        _("Terminée le"),
    ]

    def rows():
        for enrolment in enrolments.iterator(chunk_size=2000):
            user = enrolment.user
            yield (
                user.last_name,
                user.first_name,
                user.email or user.login_id,
                enrolment.course.title,
                enrolment.get_status_display(),
                enrolment.modules_done,
                enrolment.due_on.isoformat() if enrolment.due_on else "",
                timezone.localtime(enrolment.enrolled_at).date().isoformat(),
                timezone.localtime(enrolment.completed_at).date().isoformat() if enrolment.completed_at else "",
            )

    filename = f"inscriptions-{organisation.slug}-{timezone.localdate().isoformat()}.csv"
    return csv_download(filename, header, rows())


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
    page = Paginator(organisation_enrolments(organisation, request.GET), PER_PAGE).get_page(request.GET.get("page"))
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
        Enrolment.objects.filter(organisation=organisation, user__in=current_members(organisation))
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


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_view(request: HttpRequest, slug: str, enrolment_id: int) -> HttpResponse:
    """Withdraw someone from a course the organisation follows, after a confirmation page."""
    organisation = access_managed_organisation(request.user, slug)
    enrolment = (
        Enrolment.objects.select_related("user", "course")
        .filter(
            pk=enrolment_id,
            organisation=organisation,
            status=EnrolmentStatus.ACTIVE,
            user__in=current_members(organisation),
        )
        .first()
    )
    if enrolment is None:
        raise Http404
    if request.method == "POST":
        if enrolment_withdraw(enrolment=enrolment):
            audit_record(
                organisation=organisation,
                actor=request.user,
                action=AuditAction.WITHDRAW,
                summary=_("%(name)s désinscrit(e) de « %(title)s »")
                % {"name": enrolment.user, "title": enrolment.course.title},
                details={"enrolment": enrolment.pk},
            )
            messages.success(
                request,
                _("%(name)s ne suit plus « %(title)s ». Sa progression est gardée.")
                % {"name": enrolment.user, "title": enrolment.course.title},
            )
        return redirect("organisation_enrolments", slug=organisation.slug)
    return render(
        request,
        "courses/manager/withdraw.html",
        {"organisation": organisation, "enrolment": enrolment, "tab": "inscriptions"},
    )
