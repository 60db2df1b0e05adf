"""The scenarios app's models, one module per topic; every name is importable from here."""

from scenarios.models.attachments import AttachmentKind, ScenarioAttachment  # noqa: F401
from scenarios.models.collections import ScenarioCollection, ScenarioCollectionItem  # noqa: F401
from scenarios.models.feedback import ScenarioFeedback  # noqa: F401
from scenarios.models.pages import (  # noqa: F401
    Equipment,
    Facet,
    Level,
    Public,
    ScenarioIndexPage,
    ScenarioPage,
    Subject,
)
from scenarios.models.reports import ScenarioReport  # noqa: F401
