"""The four learner audiences, as codes. A module of its own at the bottom of the platform, so
that lms.notifications (which opts parents out by default) need not import lms.accounts, which
sits above it (DESIGN.md §2); lms.accounts.models holds the Audience rows themselves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AudienceCode(models.TextChoices):
    TEACHER = "teacher", _("Enseignant ou enseignante")
    PARENT = "parent", _("Parent")
    ELECTED = "elected", _("Élu ou élue")
    AGENT = "agent", _("Agent municipal")
