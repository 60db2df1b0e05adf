"""The manager space's Import tab (/organisations/<slug>/import/…): upload, preview, confirm,
follow the progress, read the report, print the codes of the accounts created."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.access import access_member_import, access_member_import_progress, access_written_member_import
from courses.forms import MemberImportForm
from courses.selectors import member_import_history
from courses.services.import_codes import member_import_codes_print
from courses.services.imports import Action, import_cancel, import_confirm, import_start, writes_something
from courses.services.imports.report import report_lines
from lms.accounts.http import AuthenticatedHttpRequest
from lms.organisations.access import access_managed_organisation
from lms.organisations.printing import printable_sheet
from lms.organisations.selectors import code_accounts_awaiting

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


@login_required
@require_http_methods(["GET", "POST"])
def import_tab(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
    history = member_import_history(organisation, limit=HISTORY)
    return render(
        request,
        "courses/manager/import.html",
        {"organisation": organisation, "form": form, "history": history, "tab": "import"},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def import_detail(request: AuthenticatedHttpRequest, slug: str, import_id: int) -> HttpResponse:
    """Progress while the file is checked or written; the preview once checked; the report once
    written. The preview's rows can be filtered by what will happen to them."""
    organisation = access_managed_organisation(request.user, slug)
    member_import = access_member_import(organisation, import_id)
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
            "report_lines": report_lines(member_import.report or {}),
            "writes_something": writes_something(member_import),
            "tab": "import",
        },
    )


@login_required
@require_GET
def import_status(request: AuthenticatedHttpRequest, slug: str, import_id: int) -> JsonResponse:
    """What the progress bar polls."""
    organisation = access_managed_organisation(request.user, slug)
    member_import = access_member_import_progress(organisation, import_id)
    return JsonResponse(
        {
            "status": member_import.status,
            "label": member_import.get_status_display(),
            "processed": member_import.processed_rows,
            "total": member_import.total_rows,
            "percent": member_import.percent,
            # The sentence under the bar, its words agreeing with the count.
            "message": ngettext(
                "%(done)s ligne vérifiée sur %(total)s.",
                "%(done)s lignes vérifiées sur %(total)s.",
                member_import.processed_rows,
            )
            % {"done": member_import.processed_rows, "total": member_import.total_rows},
        }
    )


@login_required
@require_POST
def import_confirm_view(request: AuthenticatedHttpRequest, slug: str, import_id: int) -> HttpResponse:
    organisation = access_managed_organisation(request.user, slug)
    member_import = access_member_import(organisation, import_id)
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
def import_codes_view(request: AuthenticatedHttpRequest, slug: str, import_id: int) -> HttpResponse:
    """Print the personal codes of the accounts an import created and that have not been used yet.
    Printing issues new codes, so an earlier sheet stops working: a page says so first."""
    organisation = access_managed_organisation(request.user, slug)
    member_import = access_written_member_import(organisation, import_id)
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
    sheet = member_import_codes_print(
        organisation=organisation, member_import=member_import, manager=request.user, memberships=waiting
    )
    return printable_sheet(request, organisation, sheet)


SAMPLE = settings.BASE_DIR / "docs" / "exemple-import-membres.csv"


@login_required
@require_GET
def import_sample(request: AuthenticatedHttpRequest, slug: str) -> FileResponse:
    """The sample file shipped in docs/, to fill in with Excel."""
    access_managed_organisation(request.user, slug)
    return FileResponse(
        SAMPLE.open("rb"), as_attachment=True, filename=SAMPLE.name, content_type="text/csv; charset=utf-8"
    )
