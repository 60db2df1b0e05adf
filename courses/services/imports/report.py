"""The words and counts of an import's report, written once: the import page lists these lines
and the Journal's entry joins the same ones, so the two never disagree (issue 32: the page said
"0 ligne ignorée, 2 en erreur" where the Journal said "2 lignes ignorées" for the same file)."""

from django.utils.translation import ngettext


def report_lines(report: dict) -> list[str]:
    """One line per count of `report` (as import_apply returns and stores it). Skipped rows and
    rows in error are two states with two counts, everywhere."""
    created, invited, enrolled = report.get("created", 0), report.get("invited", 0), report.get("enrolled", 0)
    pending, skipped, errors = report.get("pending_enrolments", 0), report.get("skipped", 0), report.get("errors", 0)
    lines = [
        ngettext("%(total)s compte avec code créé", "%(total)s comptes avec code créés", created) % {"total": created},
        ngettext("%(total)s invitation envoyée", "%(total)s invitations envoyées", invited) % {"total": invited},
        ngettext("%(total)s inscription à la formation", "%(total)s inscriptions à la formation", enrolled)
        % {"total": enrolled},
    ]
    if pending:
        lines.append(
            ngettext(
                "%(total)s invitation déjà en attente, complétée par la formation",
                "%(total)s invitations déjà en attente, complétées par la formation",
                pending,
            )
            % {"total": pending}
        )
    lines.append(ngettext("%(total)s ligne ignorée", "%(total)s lignes ignorées", skipped) % {"total": skipped})
    lines.append(
        ngettext("%(total)s ligne en erreur, non importée", "%(total)s lignes en erreur, non importées", errors)
        % {"total": errors}
    )
    return lines
