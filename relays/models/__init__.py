"""The relay profiles and the shared experiences; one module per model family."""

from relays.models.experiences import BudgetBand, ExperienceFeature, ExperienceStatus, SharedExperience  # noqa: F401
from relays.models.profile import RelayProfile, RelayProfileQuerySet  # noqa: F401
