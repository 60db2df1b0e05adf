"""Retention (GDPR article 5.1.e): rules that delete or anonymise what is past its period.

Apps register their rules in `AppConfig.ready()`, beside the data they own. Each rule is one
set-based statement (or a few) taking `now`, so that tests run it with a frozen clock, and its
period is a setting with a documented default (lms/settings/base.py, docs/privacy.md). The daily
"privacy.retention" schedule runs them all and records the counts in a RetentionRun, shown in the
admin report "Conservation des données".
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise

from lms.privacy.models import RetentionRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionRule:
    code: str
    label: str | Promise
    setting: str  # the name of the setting that holds the period, in days
    apply: Callable[[datetime, timedelta], int]  # (now, period) -> rows deleted or anonymised

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))

    def run(self, now: datetime) -> int:
        return self.apply(now, timedelta(days=self.days))


_rules: dict[str, RetentionRule] = {}


def register_retention_rule(*, code: str, label: str | Promise, setting: str, apply) -> None:
    if not hasattr(settings, setting):
        raise ValueError(f"Retention rule {code}: no setting {setting}.")
    _rules[code] = RetentionRule(code=code, label=label, setting=setting, apply=apply)


def retention_rules() -> list[RetentionRule]:
    return sorted(_rules.values(), key=lambda rule: rule.code)


def retention_run(*, now: datetime | None = None) -> RetentionRun:
    """Run every rule; one failing rule is logged and the others still run."""
    now = now or timezone.now()
    counts = {}
    for rule in retention_rules():
        try:
            counts[rule.code] = rule.run(now)
        except Exception:
            logger.exception("Retention rule %s failed.", rule.code)
            counts[rule.code] = -1
    return RetentionRun.objects.create(ran_at=now, counts=counts)
