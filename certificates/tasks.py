from certificates.services import certificate_issue, certificate_render, certificates_reconcile


def issue(enrolment_id: int, cycle: int) -> int | None:
    certificate = certificate_issue(enrolment_id=enrolment_id, cycle=cycle)
    return certificate.pk if certificate else None


def render(certificate_id: int) -> bool:
    return certificate_render(certificate_id=certificate_id)


def reconcile() -> dict[str, int]:
    return certificates_reconcile()


def expiring_sweep() -> int:
    from certificates.reminders import sweep_expiring

    return sweep_expiring()
