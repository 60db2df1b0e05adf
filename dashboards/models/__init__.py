"""The dashboards' models, one module per topic; every name is importable from here."""

from dashboards.models.plans import (  # noqa: F401
    AidPlan,
    AidPlanLine,
    AidPlanStatus,
    WealthFigure,
)
from dashboards.models.summary import TerritoryFigure  # noqa: F401
