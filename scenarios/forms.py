"""The scenario form in the Wagtail admin: checks that span several fields, so that an editor
fixes them before a moderator or a reader finds them."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

# Addresses under /scenarios/ that the site's own routes answer (the feed, the contribution and
# collection pages of DESIGN.md §4, feedback and reports): a scenario at one could never be reached.
RESERVED_SLUGS = {"flux", "proposer", "collections", "retours", "signaler"}


class ScenarioPageForm(WagtailAdminPageForm):
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
