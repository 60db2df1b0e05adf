"""The manager space's Import tab (/organisations/<slug>/import/…): upload, preview, confirm,
follow the progress, read the report, print the codes of the accounts created."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.forms import MemberImportForm
from courses.models import ImportStatus, MemberImport
from courses.services.imports import Action, import_cancel, import_confirm, import_start, writes_something
from lms.organisations.access import access_managed_organisation
from lms.organisations.models import AuditAction
from lms.organisations.services.audit import audit_record
from lms.organisations.services.code_accounts import code_accounts_awaiting, code_accounts_print
from lms.organisations.views import printable_sheet

PER_PAGE = 50
HISTORY = 10


def action_labels() -> dict[str, str]:
    return {
        Action.CREATE: _("Compte avec code"),
        Action.INVITE: _("Invitation"),
        Action.ENROL: _("Inscription"),
        Action.SKIP: _("Ignorée"),
        Action.ERROR: _("Erreur"),
    }


def access_import(organisation, import_id: int, queryset=None) -> MemberImport:
    queryset = queryset if queryset is not None else MemberImport.objects.select_related("course", "created_by")
    member_import = queryset.defer("data").filter(pk=import_id, organisation=organisation).first()
    if member_import is None:
        raise Http404
    return member_import


@login_required
@require_http_methods(["GET", "POST"])
def import_tab(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access_managed_organisation(request.user, slug)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        member_import = import_start(
            organisation=organisation,
            manager=request.user,
            filename=form.cleaned_data["file"].name,
            data=form.data_bytes,
            member_file=form.member_file,
            course=form.cleaned_data["course"],
            due_on=form.cleaned_data["due_on"],
            code_accounts=form.cleaned_data["code_accounts"],
        )
        return redirect("organisation_import_detail", slug=organisation.slug, import_id=member_import.pk)
    history = (
        MemberImport.objects.filter(organisation=organisation)
        .select_related("created_by", "course")
        .defer("data", "plan")[:HISTORY]
    )
    return render(
        request,
        "courses/manager/import.html",
        {"organisation": organisation, "form": form, "history": history, "tab": "import"},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def import_detail(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    """Progress while the file is checked or written; the preview once checked; the report once
    written. The preview's rows can be filtered by what will happen to them."""
    organisation = access_managed_organisation(request.user, slug)
    member_import = access_import(organisation, import_id)
    labels = action_labels()
    rows = member_import.plan.get("rows", [])
    shown = request.GET.get("action", "")
    if shown in labels:
        rows = [row for row in rows if row[3] == shown]
    else:
        shown = ""
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = [
        {"line": line, "name": name, "email": email, "action": action, "label": labels[action], "note": note}
        for line, name, email, action, note in page.object_list
    ]
    counts = member_import.plan.get("counts", {})
    return render(
        request,
        "courses/manager/import_detail.html",
        {
            "organisation": organisation,
            "member_import": member_import,
            "page": page,
            "shown": shown,
            "filters": [(action, labels[action], counts.get(action, 0)) for action in labels],
            "counts": counts,
            "report": member_import.report,
            "writes_something": writes_something(member_import),
            "tab": "import",
        },
    )


@login_required
@require_GET
def import_status(request: HttpRequest, slug: str, import_id: int) -> JsonResponse:
    """What the progress bar polls."""
    organisation = access_managed_organisation(request.user, slug)
    member_import = access_import(
        organisation,
        import_id,
        MemberImport.objects.only("pk", "organisation", "status", "processed_rows", "total_rows"),
    )
    return JsonResponse(
        {
            "status": member_import.status,
            "label": member_import.get_status_display(),
            "processed": member_import.processed_rows,
            "total": member_import.total_rows,
            "percent": member_import.percent,
        }
    )


@login_required
@require_POST
def import_confirm_view(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    organisation = access_managed_organisation(request.user, slug)
    member_import = access_import(organisation, import_id)
    if request.POST.get("decision") == "cancel":
        if import_cancel(member_import=member_import, by=request.user):
            messages.success(request, _("Import annulé : rien n'a été enregistré et le fichier a été effacé."))
            return redirect("organisation_import", slug=organisation.slug)
        messages.info(request, _("Cet import a déjà été confirmé ou annulé."))
    else:
        refused = import_confirm(member_import=member_import, by=request.user)
        if refused:
            messages.error(request, refused)
    return redirect("organisation_import_detail", slug=organisation.slug, import_id=member_import.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_codes_view(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    """Print the personal codes of the accounts an import created and that have not been used yet.
    Printing issues new codes, so an earlier sheet stops working: a page says so first."""
    organisation = access_managed_organisation(request.user, slug)
    member_import = access_import(organisation, import_id)
    if member_import.status != ImportStatus.DONE:
        raise Http404
    waiting = list(
        code_accounts_awaiting(
            organisation=organisation,
            manager=request.user,
            user_ids=member_import.report.get("created_user_ids", []),
        )
    )
    if request.method == "GET" or not waiting:
        return render(
            request,
            "courses/manager/import_codes.html",
            {"organisation": organisation, "member_import": member_import, "waiting": waiting, "tab": "import"},
        )
    sheet = code_accounts_print(memberships=waiting, created_by=request.user)
    audit_record(
        organisation=organisation,
        actor=request.user,
        action=AuditAction.CODES,
        summary=_("Codes d'accès imprimés pour %(count)s compte(s) de l'import « %(file)s »")
        % {"count": len(sheet), "file": member_import.filename},
        details={"import": member_import.pk, "users": [membership.user_id for membership in waiting]},
    )
    return printable_sheet(request, organisation, sheet)


SAMPLE = settings.BASE_DIR / "docs" / "exemple-import-membres.csv"


@login_required
@require_GET
def import_sample(request: HttpRequest, slug: str) -> FileResponse:
    """The sample file shipped in docs/, to fill in with Excel."""
    access_managed_organisation(request.user, slug)
    return FileResponse(
        SAMPLE.open("rb"), as_attachment=True, filename=SAMPLE.name, content_type="text/csv; charset=utf-8"
    )
