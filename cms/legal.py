"""The legal and information pages at fixed addresses, linked from every footer: the published
LegalPage of that kind when there is one, else the default text (templates/cms/legal/)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cms.legal_context import LegalKind, legal_context
from cms.models import LegalPage


def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LegalKind.values:
        raise Http404
    page = LegalPage.objects.live().filter(kind=kind).first()
    if page is not None:
        return page.serve(request)
    return render(request, "cms/legal/page.html", legal_context(kind))
