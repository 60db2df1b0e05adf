"""Tabs other apps add to an organisation's manager space (facetoface adds "Sessions"). The tab
bar is rendered by lms.organisations, which never imports those apps (DESIGN.md §2)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class ManagerTab:
    code: str  # the `tab` a page passes to the tab bar to mark itself current
    label: str | Promise
    url_name: str  # reversed with the organisation's slug
    order: int = 100


_tabs: dict[str, ManagerTab] = {}


def register_manager_tab(tab: ManagerTab) -> None:
    _tabs[tab.code] = tab


def manager_tabs(slug: str) -> list[dict]:
    return [
        {"code": tab.code, "label": tab.label, "url": reverse(tab.url_name, args=[slug])}
        for tab in sorted(_tabs.values(), key=lambda tab: (tab.order, tab.code))
    ]
