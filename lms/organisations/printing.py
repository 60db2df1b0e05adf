"""The printable sheet of personal access codes, answered by the code-account pages here and by
the import in `courses`: a response helper, so that no app imports another app's views."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lms.organisations.models import Organisation
from lms.organisations.services.code_accounts import PrintedAccess


def printable_sheet(request: HttpRequest, organisation: Organisation, sheet: list[PrintedAccess]) -> HttpResponse:
    """The sheet exists only in this response: no cache may keep the codes."""
    response = render(request, "organisations/code_sheet.html", {"organisation": organisation, "sheet": sheet})
    response["Cache-Control"] = "no-store"
    return response
