"""The scenario form in the Wagtail admin: checks that span several fields, so that an editor
fixes them before a moderator or a reader finds them."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from scenarios.contributors import author_candidates
from scenarios.listing import display_name

# Addresses under /scenarios/ that the site's own routes answer (the feed, the contribution and
# collection pages of DESIGN.md §4, attachments, feedback and reports): a scenario at one could
# never be reached.
RESERVED_SLUGS = {"flux", "proposer", "collections", "pieces-jointes", "retours", "signaler"}


def author_label(user) -> str:
    """ "Prénom Nom — Organisation", as the public sees an author, so that an editor tells two
    namesakes apart without their e-mail addresses."""
    organisations = dict.fromkeys(m.organisation.name for m in getattr(user, "contributing_memberships", ()))
    name = display_name(user)
    return f"{name} — {', '.join(organisations)}" if organisations else name


class ScenarioPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        authors = self.fields.get("authors")
        if authors is not None:
            # The model field points at every user; the editor offers the contributors only
            # (scenarios/contributors.py), keeping whoever the page already names.
            kept = [getattr(author, "pk", author) for author in self.initial.get("authors") or ()]
            authors.queryset = author_candidates(keep=kept)
            authors.label_from_instance = author_label
            authors.help_text = _(
                "Parmi les personnes qui peuvent contribuer : formateurs et formatrices, membres d'une école "
                "ou d'un lieu relais. Montrées publiquement par leur nom et leur organisation, rien d'autre."
            )

    def clean(self):
        """Refused on every save, drafts included: both checks are cheap to fix while writing,
        and a scenario nobody can place (no level, no public) would be invisible to the facets."""
        cleaned_data = super().clean()
        if cleaned_data.get("slug") in RESERVED_SLUGS:
            self.add_error(
                "slug",
                _("L'adresse « %(slug)s » est réservée par le site : choisissez-en une autre.")
                % {"slug": cleaned_data["slug"]},
            )
        levels, publics = cleaned_data.get("levels"), cleaned_data.get("publics")
        if levels is not None and publics is not None and not levels and not publics:
            self.add_error("levels", _("Choisissez au moins un niveau scolaire ou un public adulte."))
        steps, total = cleaned_data.get("steps"), cleaned_data.get("duration_minutes")
        if steps and total and not self.errors.get("steps"):
            minutes = sum(step.value["minutes"] or 0 for step in steps)
            if minutes != total:
                self.add_error(
                    "duration_minutes",
                    _(
                        "Les étapes durent %(steps)s min en tout, la durée indiquée est de %(total)s min : "
                        "corrigez l'une ou l'autre."
                    )
                    % {"steps": minutes, "total": total},
                )
        return cleaned_data
