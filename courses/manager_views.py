"""The manager space's Inscriptions, Suivi and Export tabs (/organisations/<slug>/…). They live
with the enrolments they read; access goes through lms.organisations (managers only, 404
otherwise). Only enrolments attached to the organisation are ever shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from courses.access import access_organisation_enrolment
from courses.forms import OrganisationEnrolForm
from courses.models import ProgressState
from courses.selectors import (
    member_courses,
    organisation_courses,
    organisation_enrolments,
    organisation_followed_people,
    organisation_member_users,
    organisation_progress,
)
from courses.services.enrolments import organisation_enrol, organisation_withdraw
from courses.services.exports import enrolments_export
from courses.services.nudges import NudgeRefused, enrolment_nudge
from lms.accounts.http import AuthenticatedHttpRequest
from lms.accounts.models import AudienceCode
from lms.organisations.access import access_current_membership, access_group_filter, access_managed_organisation
from lms.organisations.models import MembershipRole
from lms.organisations.selectors import MEMBER_STATES, organisation_groups
from lms.runtime.converters import parse_id
from lms.runtime.csv_export import csv_download

PER_PAGE = 25


@login_required
@require_GET
def export_tab(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The Export tab: what can be downloaded, with the same filters as the tabs that show it."""
    organisation = access_managed_organisation(request.user, slug)
    return render(
        request,
        "courses/manager/export.html",
        {
            "organisation": organisation,
            "courses": organisation_courses(organisation),
            "groups": organisation_groups(organisation),
            "roles": MembershipRole.choices,
            "audiences": AudienceCode.choices,
            "states": [(value, label) for value, (label, _condition) in MEMBER_STATES.items()],
            "tab": "export",
        },
    )


@login_required
def export_view(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    """CSV (UTF-8 with BOM, semicolons) of the enrolments the Inscriptions tab shows, streamed
    in chunks so that memory stays flat whatever the number of rows."""
    organisation = access_managed_organisation(request.user, slug)
    export = enrolments_export(
        organisation=organisation,
        manager=request.user,
        course_id=parse_id(request.GET.get("formation")),
        filters=dict(request.GET.items()),
        group=access_group_filter(organisation, request.GET.get("groupe")),
    )
    return csv_download(export.filename, export.header, export.rows)


@login_required
@require_http_methods(["GET", "POST"])
def enrolments_tab(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access_managed_organisation(request.user, slug)
    form = OrganisationEnrolForm(
        request.POST or None, organisation=organisation, members=organisation_member_users(organisation)
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
        parts = [
            ngettext("%(count)s inscription créée", "%(count)s inscriptions créées", len(report.created))
            % {"count": len(report.created)}
        ]
        if report.attached:
            parts.append(
                ngettext(
                    "%(count)s personne déjà inscrite d'elle-même, désormais suivie par l'organisation",
                    "%(count)s personnes déjà inscrites d'elles-mêmes, désormais suivies par l'organisation",
                    len(report.attached),
                )
                % {"count": len(report.attached)}
            )
        if report.already:
            parts.append(
                ngettext(
                    "%(count)s déjà inscrite : rien n'a changé",
                    "%(count)s déjà inscrites : rien n'a changé",
                    len(report.already),
                )
                % {"count": len(report.already)}
            )
        if report.elsewhere:
            parts.append(
                ngettext(
                    "%(count)s suivie par une autre organisation : laissée telle quelle",
                    "%(count)s suivies par une autre organisation : laissées telles quelles",
                    len(report.elsewhere),
                )
                % {"count": len(report.elsewhere)}
            )
        messages.success(request, " ; ".join(parts) + ".")
        return redirect("organisation_enrolments", slug=organisation.slug)
    group = access_group_filter(organisation, request.GET.get("groupe"))
    if group is not None and not form.is_bound:
        form.initial.update(who="group", group=group.pk)
    enrolments = organisation_enrolments(
        organisation, course_id=parse_id(request.GET.get("formation")), today=timezone.localdate(), group=group
    )
    page = Paginator(enrolments, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/manager/enrolments.html",
        {"organisation": organisation, "form": form, "page": page, "tab": "inscriptions"},
    )


@login_required
def progress_tab(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Per course: not started, in progress, completed and overdue; then the people followed,
    each linking to their page. Both narrow to a group."""
    organisation = access_managed_organisation(request.user, slug)
    group = access_group_filter(organisation, request.GET.get("groupe"))
    today = timezone.localdate()
    rows = organisation_progress(organisation, today=today, group=group)
    people = Paginator(organisation_followed_people(organisation, today=today, group=group), PER_PAGE)
    return render(
        request,
        "courses/manager/progress.html",
        {
            "organisation": organisation,
            "rows": rows,
            "states": ProgressState,
            "group": group,
            "groups": organisation_groups(organisation),
            "page": people.get_page(request.GET.get("page")),
            "tab": "suivi",
        },
    )


@login_required
@require_GET
def person_view(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """One person's training, as the organisation follows it: progress, last activity, quizzes,
    due dates and reminders, with a "relancer" button per course not finished."""
    organisation = access_managed_organisation(request.user, slug)
    membership = access_current_membership(organisation, membership_id)
    return render(
        request,
        "courses/manager/person.html",
        {
            "organisation": organisation,
            "membership": membership,
            "person": membership.user,
            "courses": member_courses(organisation, membership.user, today=timezone.localdate()),
            "tab": "suivi",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nudge_view(request: AuthenticatedHttpRequest, slug: str, membership_id: int, enrolment_id: int) -> HttpResponse:
    """ "Relancer": a confirmation page, then one reminder e-mail now (once a day at most)."""
    organisation = access_managed_organisation(request.user, slug)
    membership = access_current_membership(organisation, membership_id)
    enrolment = access_organisation_enrolment(organisation, enrolment_id)
    if enrolment.user_id != membership.user_id:
        raise Http404
    if request.method == "POST":
        try:
            enrolment_nudge(organisation=organisation, manager=request.user, enrolment=enrolment)
        except NudgeRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("Relance envoyée à %(name)s pour « %(title)s ».")
                % {"name": enrolment.user, "title": enrolment.course.title},
            )
        return redirect("organisation_person", slug=organisation.slug, membership_id=membership.pk)
    return render(
        request,
        "courses/manager/nudge.html",
        {"organisation": organisation, "membership": membership, "enrolment": enrolment, "tab": "suivi"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_view(request: AuthenticatedHttpRequest, slug: str, enrolment_id: int) -> HttpResponse:
    """Withdraw someone from a course the organisation follows, after a confirmation page."""
    organisation = access_managed_organisation(request.user, slug)
    enrolment = access_organisation_enrolment(organisation, enrolment_id)
    if request.method == "POST":
        if organisation_withdraw(organisation=organisation, manager=request.user, enrolment=enrolment):
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
