"""What the legal pages show beside their text: the privacy policy's table of data, purposes and
periods generated from the personal-data registry (lms.privacy), and the cookies list."""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from lms.privacy.registry import Erasure, declarations


class LegalKind(models.TextChoices):
    # The value is the page's fixed address, linked from every footer (cms/legal.py).
    NOTICE = "mentions-legales", _lazy("Mentions légales")
    PRIVACY = "confidentialite", _lazy("Politique de confidentialité")
    ACCESSIBILITY = "accessibilite", _lazy("Déclaration d'accessibilité")
    COOKIES = "cookies", _lazy("Cookies")


class Compliance(models.TextChoices):
    FULL = "full", _lazy("totalement conforme")
    PARTIAL = "partial", _lazy("partiellement conforme")
    NONE = "none", _lazy("non conforme")


ERASURE_TEXT = {
    Erasure.DELETE: _lazy("supprimées"),
    Erasure.ANONYMISE: _lazy("anonymisées"),
    Erasure.DETACH: _lazy("gardées sans votre nom"),
    Erasure.REPOINT: _lazy("anonymisées"),
    Erasure.KEEP: _lazy("gardées pour leur durée légale"),
}

# The only cookies the site sets: each strictly necessary, so no consent banner (CNIL guidance).
# tests/privacy/test_cookies.py fails when a page sets another one.
COOKIES = [
    (
        "sessionid",
        _lazy("Garde la connexion ouverte pendant la visite."),
        _lazy("2 semaines, ou jusqu'à la déconnexion"),
    ),
    ("csrftoken", _lazy("Protège les formulaires contre les envois frauduleux."), _lazy("1 an")),
    ("passerelle_langue", _lazy("Retient la langue choisie."), _lazy("1 an")),
    (
        "messages",
        _lazy("Affiche une confirmation après une action (« Votre profil est enregistré »)."),
        _lazy("la visite"),
    ),
]


def retention_text(declaration) -> str:
    if declaration.retention is None:
        return _("tant que le compte existe")
    days = declaration.retention.days
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(years)s an", "%(years)s ans", years) % {"years": years}
    return _("%(days)s jours") % {"days": days}


def registry_rows() -> list[dict]:
    """One row per kind of data the registry declares, for the privacy policy."""
    return [
        {
            "name": declaration.model._meta.verbose_name_plural,
            "purpose": declaration.purpose,
            "retention": retention_text(declaration),
            "erasure": ERASURE_TEXT[declaration.on_erasure],
            "why": declaration.kept_because,
        }
        for declaration in declarations()
        if not declaration.model._meta.app_label.startswith("wagtail") and declaration.model._meta.app_label != "admin"
    ]


def legal_context(kind: str, page=None) -> dict:
    context = {"kind": kind, "kind_label": LegalKind(kind).label, "legal_page": page}
    if kind == LegalKind.PRIVACY:
        context["registry_rows"] = registry_rows()
    if kind == LegalKind.COOKIES:
        context["cookies"] = COOKIES
    return context
