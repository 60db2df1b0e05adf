from functools import partial

from django.db import transaction
from django.utils.translation import gettext_lazy as _lazy

from certificates.models import Certificate, CertificateEvent, PdfStatus
from certificates.services import enqueue
from lms.privacy.registry import Erasure, declare, register_export_files


def _without(value, name: str):
    """The snapshot with every occurrence of the holder's name taken out (the template body may
    have it written in, as {{ nom }})."""
    if isinstance(value, str):
        return value.replace(name, "") if name else value
    if isinstance(value, list):
        return [_without(item, name) for item in value]
    if isinstance(value, dict):
        return {key: _without(item, name) for key, item in value.items()}
    return value


def anonymise_certificates(certificates) -> None:
    """The attestation stays verifiable, without the person: the name leaves the frozen snapshot,
    the link to the account is cut (so the Open Badge has no recipient any more), and the PDF is
    rendered again without the name."""
    rerender = []
    for certificate in certificates:
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        name = certificate.snapshot.get("holder_name", "")
        certificate.snapshot = {**_without(certificate.snapshot, name), "holder_name": "", "holder_erased": True}
        certificate.user = None
        certificate.pdf_sha256 = ""
        certificate.pdf_status = PdfStatus.PENDING
        certificate.pdf_attempts = 0
        certificate.save(update_fields=["snapshot", "user", "pdf", "pdf_sha256", "pdf_status", "pdf_attempts"])
        rerender.append(certificate.pk)
    for pk in rerender:
        transaction.on_commit(partial(enqueue, "certificates.tasks.render", pk))


def attestation_files(user):
    """The person's attestation PDFs, for their data export."""
    for certificate in Certificate.objects.filter(user=user).exclude(pdf=""):
        with certificate.pdf.open("rb") as stored:
            yield f"attestations/attestation-{certificate.code}.pdf", stored.read()


def register() -> None:
    register_export_files(attestation_files)
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
        kept_because=_lazy(
            "Une attestation délivrée reste vérifiable par qui l'a reçue (employeur, organisme) : elle est "
            "gardée sans le nom, « titulaire : donnée supprimée à sa demande » (intérêt légitime, article 6.1.f)."
        ),
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
        kept_because=_lazy("L'historique d'une attestation reste, sans son auteur."),
        retention=None,
        purpose=_lazy("Historique des attestations : révocations, corrections et renouvellements, et leur auteur."),
    )
