from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from certificates.models import Certificate, CertificateEvent
from lms.privacy.registry import Erasure, declare


def anonymise_certificates(certificates) -> None:
    """The attestation stays verifiable, without the person: the name on it is replaced and the
    link to the account cut. The PDF, which carries the name, is deleted."""
    for certificate in certificates:
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.snapshot = {**certificate.snapshot, "holder_name": _("Personne dont les données ont été effacées")}
        certificate.user = None
        certificate.pdf_sha256 = ""
        certificate.save(update_fields=["snapshot", "user", "pdf", "pdf_sha256"])


def register() -> None:
    declare(
        Certificate,
        user_path="user",
        export_fields=[
            "code",
            "kind",
            "snapshot__course_title",
            "snapshot__session_title",
            "snapshot__completed_on",
            "issued_at",
            "expires_on",
            "is_current",
        ],
        on_erasure=Erasure.ANONYMISE,
        anonymise=anonymise_certificates,
        retention=None,
        purpose=_lazy(
            "Attestations de formation et de présence : les délivrer, les télécharger et permettre à quiconque "
            "de les vérifier."
        ),
    )
    declare(
        CertificateEvent,
        user_path="actor",
        export_fields=["certificate__code", "kind", "reason", "created_at"],
        on_erasure=Erasure.DETACH,
        retention=None,
        purpose=_lazy("Historique des attestations : révocations, corrections et renouvellements, et leur auteur."),
    )
