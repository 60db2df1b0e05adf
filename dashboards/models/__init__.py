"""The dashboards' models, one module per topic; every name is importable from here."""

from dashboards.models.plans import (  # noqa: F401
    AidPlan,
    AidPlanLine,
    AidPlanStatus,
    WealthFigure,
)
