"""A scenario's attachment, from the private storage, to whoever may read it (scenarios.access)."""

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from scenarios.access import access_attachment


@require_GET
def download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """The file under its own name (Content-Disposition), shown inline by the browser when it can."""
    attachment = access_attachment(request.user, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    # A draft's file must not stay in a shared cache once the scenario is refused or removed.
    response["Cache-Control"] = "private, no-store"
    return response
