"""The relay profiles and the shared experiences; one module per model family."""

from relays.models.experiences import BudgetBand, ExperienceFeature, ExperienceStatus, SharedExperience  # noqa: F401
