"""Certificate PDFs: the template context built from the snapshot frozen at issue (STYLE.md item 5).

Only the snapshot, the code and the verification URL go in, so the same certificate always
renders the same text, whatever changed in the course or the account since. The document is
French (`<html lang="fr">`), so it is rendered in French whatever language the worker runs in.
Every snapshot value reaches the template as plain text (less any bidi override, see
BIDI_CONTROLS) and is escaped there; the QR code, which our own code draws, is the only markup
marked safe. Colours are written into the stylesheet only if they are #rrggbb.
"""

import re
from datetime import date

from django.conf import settings
from django.utils import formats, translation
from django.utils.encoding import filepath_to_uri
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from certificates.models import CertificateTemplate, code_groups
from certificates.snapshots import template_snapshot, verification_url
from lms.pdf import pdf_page_count, render_pdf_fitting

TEMPLATE_NAME = "certificates/pdf/certificate.html"
DEFAULT_PRIMARY_COLOR = "#1d4e89"
DEFAULT_ACCENT_COLOR = "#c8553d"
HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069). Right-to-left
# scripts need none of them to display correctly, but they let a name show other text than it
# holds ("Ange \u202egnp.exe" prints as "Ange exe.png"), which a printed certificate must not.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Above these lengths (in characters) the text is set smaller, so that the longest values the
# models accept (a 301-character name, a 255-character course title, a 200-character
# organisation) still fit on one page; where the guess falls short, fitting_contexts tries smaller.
HOLDER_NAME_LONG, HOLDER_NAME_VERY_LONG = 40, 90
COURSE_TITLE_LONG, COURSE_TITLE_VERY_LONG = 70, 150
BODY_LONG, BODY_VERY_LONG = 450, 900
ORGANISATION_LONG, ORGANISATION_VERY_LONG = 60, 120
SMALLEST = "very-long"


def certificate_pdf(*, snapshot: dict, code: str, verify_url: str) -> bytes:
    """The PDF of one certificate, from its snapshot, its verification code and URL: on one page
    (see fitting_contexts)."""
    with translation.override("fr"):
        context = certificate_context(snapshot=snapshot, code=code, verify_url=verify_url)
        return render_pdf_fitting(TEMPLATE_NAME, fitting_contexts(context))


def fitting_contexts(context: dict) -> list[dict]:
    """The context with its text sizes chosen from the lengths, then with the body at its
    smallest, then with everything at its smallest. The sizes by length are a guess: a body
    just under BODY_VERY_LONG, set larger, with a long name and title, takes more room than a
    longer one set smaller. The layout decides: the first that fits on one page is printed, and
    a template is saved only if the sample fits at the smallest sizes (template_sample_pages)."""
    body_smallest = {**context, "body_size": SMALLEST}
    smallest = {
        **body_smallest,
        "holder_name_size": SMALLEST,
        "course_title_size": SMALLEST,
        "session_title_size": SMALLEST,
        "organisation_size": SMALLEST,
        "facts_size": SMALLEST,
    }
    tries = []
    for candidate in (context, body_smallest, smallest):
        if candidate not in tries:
            tries.append(candidate)
    return tries


# A sample attestation with the longest values the models accept, to try a template on before
# it is saved: a 301-character name (first and last names of 150), a 255-character course title,
# a 200-character organisation, and every optional line shown.
SAMPLE_HOLDER = ("Marie-Éloïse Anne-Sophie " * 7)[:150].strip() + " " + ("de La Tour d'Auvergne " * 8)[:150].strip()
SAMPLE_COURSE = ("Protéger les données des administrés et sécuriser les échanges de la collectivité " * 4)[:255]
SAMPLE_ORGANISATION = ("Communauté de communes du Bassin de Privas et des Boutières " * 4)[:200]
SAMPLE_CODE = "7K3M9QXR2TBW4HZ6N8PDFGAJ5C"


def template_sample_pages(template: CertificateTemplate) -> int:
    """How many pages an attestation from `template` takes with the sample's longest values, at
    the smallest text sizes, the last that certificate_pdf tries: at 1, every attestation from
    it fits on one page, since shorter values set at those sizes take no more room. Staff saving
    a template get the answer before any learner's attestation does. One layout, measured at
    0.10-0.13 s once WeasyPrint is loaded; the first in a process also imports it and loads the
    fonts, 1.2-1.5 s in all."""
    values = {
        "nom": SAMPLE_HOLDER,
        "formation": SAMPLE_COURSE,
        "duree": "12 h 30",
        "date": "30/09/2026",
        "organisation": SAMPLE_ORGANISATION,
    }
    snapshot = {
        "holder_name": SAMPLE_HOLDER,
        "course_title": SAMPLE_COURSE,
        "course_version": 12,
        "duration_minutes": 750,
        "completed_on": "2026-09-30",  # "septembre", the longest month name
        "score": 100,
        "issued_on": "2026-09-30",
        "expires_on": "2028-09-30",
        "issuer": {
            "organisation": SAMPLE_ORGANISATION,
            "signatory_name": template.signatory_name,
            "signatory_title": template.signatory_title,
        },
        "template": template_snapshot(template, values),
    }
    with translation.override("fr"):
        context = certificate_context(snapshot=snapshot, code=SAMPLE_CODE, verify_url=verification_url(SAMPLE_CODE))
        return pdf_page_count(TEMPLATE_NAME, fitting_contexts(context)[-1])


def certificate_context(*, snapshot: dict, code: str, verify_url: str) -> dict:
    """What the certificate template shows, as plain values (call it with French active)."""
    issuer = snapshot["issuer"]
    template = snapshot["template"]
    duration = snapshot.get("duration_minutes")
    holder_name = (
        gettext("Titulaire : donnée supprimée à sa demande")
        if snapshot.get("holder_erased")
        else displayed_text(snapshot["holder_name"])
    )
    course_title = displayed_text(snapshot["course_title"])
    body = displayed_text(template.get("body"))
    organisation = displayed_text(issuer.get("organisation"))
    logo = template.get("logo")
    presence = snapshot.get("kind") == "presence"
    return {
        "is_presence": presence,
        "session_title": displayed_text(snapshot.get("session_title")) if presence else "",
        "dates": presence_dates(snapshot.get("dates") or []) if presence else [],
        "place": displayed_text(snapshot.get("place")) if presence else "",
        "trainers": ", ".join(displayed_text(name) for name in snapshot.get("trainers") or []) if presence else "",
        "holder_name": holder_name,
        "course_title": course_title,
        "course_version": snapshot.get("course_version"),
        "duration": {"hours": duration // 60, "minutes": duration % 60} if duration else None,
        "attended_hours": french_hours(snapshot.get("attended_hours")),
        "completed_on": french_date(snapshot["completed_on"]),
        "issued_on": french_date(snapshot["issued_on"]),
        "expires_on": french_date(snapshot["expires_on"]) if snapshot.get("expires_on") else None,
        "score": snapshot.get("score"),
        "body": body,
        "organisation": organisation,
        "signatory_name": displayed_text(issuer.get("signatory_name")),
        "signatory_title": displayed_text(issuer.get("signatory_title")),
        # Built as the fetcher expects it (lms.pdf): MEDIA_URL + the path under MEDIA_ROOT,
        # percent-encoded, so a stored value can neither change the scheme nor the host.
        "logo_url": settings.MEDIA_URL + filepath_to_uri(logo.lstrip("/")) if logo else None,
        "primary_color": safe_color(template.get("primary_color"), DEFAULT_PRIMARY_COLOR),
        "accent_color": safe_color(template.get("accent_color"), DEFAULT_ACCENT_COLOR),
        "code": code_groups(code),
        "verify_url": verify_url,
        "verify_url_is_link": verify_url.startswith(("https://", "http://")),
        "qr_svg": _qr_markup(verify_url),
        "holder_name_size": _size(holder_name, HOLDER_NAME_LONG, HOLDER_NAME_VERY_LONG),
        "course_title_size": _size(course_title, COURSE_TITLE_LONG, COURSE_TITLE_VERY_LONG),
        "facts_size": "normal",  # the presence facts (dates, place, trainers) set smaller as a last resort
        "session_title_size": _size(snapshot.get("session_title") or "", COURSE_TITLE_LONG, COURSE_TITLE_VERY_LONG),
        "body_size": _size(body, BODY_LONG, BODY_VERY_LONG),
        "organisation_size": _size(organisation, ORGANISATION_LONG, ORGANISATION_VERY_LONG),
    }


def issuer_line(issuer: dict) -> str:
    """Who issued an attestation, in one line: the organisation, Passerelle, then the signatory
    and their role; "Passerelle" is said once, not again before a signatory who names it
    ("L'équipe Passerelle")."""
    platform = gettext("Passerelle")
    signatory = ", ".join(filter(None, [issuer.get("signatory_name"), issuer.get("signatory_title")]))
    if signatory and platform in (issuer.get("signatory_name") or ""):
        issued_by = signatory
    else:
        issued_by = f"{platform} — {signatory}" if signatory else platform
    organisation = issuer.get("organisation")
    return f"{organisation}, {issued_by}" if organisation else issued_by


def french_date(iso_date: str) -> str:
    """'2026-11-25' as '25 novembre 2026', and the first of the month as '1er décembre 2026'."""
    day = date.fromisoformat(iso_date)
    with translation.override("fr"):
        text = formats.date_format(day, "j F Y")
    # French writes the first day of a month as an ordinal, every other day as a number.
    return "1er" + text[1:] if day.day == 1 else text


def presence_dates(dates: list[dict]) -> list[str]:
    """Each slot as "25 novembre 2026, 9:00 – 12:00" (times as the builder froze them, Paris)."""
    lines = []
    for slot in dates:
        line = french_date(slot["date"])
        if slot.get("start") and slot.get("end"):
            line += f", {slot['start']}\u00a0– {slot['end']}"
        lines.append(displayed_text(line))
    return lines


def french_hours(value: str | None) -> str | None:
    """'3.5' as '3,5' (hours as the snapshot keeps them), None for none or zero."""
    if not value or value in ("0", "0.0"):
        return None
    return str(value).replace(".", ",")


def qr_svg(url: str) -> str:
    """An inline SVG QR code of `url`, titled for screen readers (the PDF's alternative text)."""
    # Imported here, where only the worker that renders PDFs needs it: web processes load this
    # module with the certificate services (bench P3, issue 35).
    import segno

    qr = segno.make(url, error="m", micro=False)
    title = gettext("Code QR de la page de vérification de cette attestation : %(url)s") % {"url": url}
    # No XML declaration and no size: the stylesheet sizes it through its viewBox. Segno escapes
    # the title. Four modules of quiet zone, as the QR specification asks, in the image itself.
    return qr.svg_inline(title=title, omitsize=True, svgclass="qr", lineclass=None, dark="#000")


def displayed_text(value: str | None) -> str:
    """A snapshot text as the certificate shows it: without bidi controls (still to be escaped)."""
    return BIDI_CONTROLS.sub("", value or "")


def safe_color(value, default: str) -> str:
    """`value` if it is a #rrggbb colour, else `default`: it is written into the stylesheet."""
    return value if isinstance(value, str) and HEX_COLOR.fullmatch(value) else default


def _qr_markup(url: str) -> SafeString:
    # The only markup marked safe on the certificate: segno writes it, and escapes the URL.
    return mark_safe(qr_svg(url))  # noqa: S308


def _size(text: str, long: int, very_long: int) -> str:
    if len(text) > very_long:
        return "very-long"
    if len(text) > long:
        return "long"
    return "normal"
