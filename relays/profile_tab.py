"""The "Profil public" tab of the manager space (lms.organisations' registry, DESIGN.md §2)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from lms.organisations.manager_tabs import ManagerTab, register_manager_tab

    register_manager_tab(ManagerTab(code="profil-public", label=_("Profil public"), url_name="relays:profile_edit"))
