"""Groups of an organisation's members: a service, a class, "agents des écoles" (Moodle's cohorts,
IOMAD's departments). A manager names them and picks their members; Suivi, the exports, bulk
enrolment and session registration then work on a group in one step."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisations.models.organisations import Membership, Organisation


class MemberGroup(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="member_groups"
    )
    name = models.CharField(_("nom"), max_length=120, help_text=_("Par exemple : services techniques, classe de CM2."))
    memberships = models.ManyToManyField(
        Membership,
        verbose_name=_("membres"),
        blank=True,
        related_name="member_groups",
        help_text=_("Une personne qui quitte l'organisation sort aussi de ses groupes, sans rien effacer ici."),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("groupe de membres")
        verbose_name_plural = _("groupes de membres")
        ordering = ["organisation", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="organisations_one_group_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name
