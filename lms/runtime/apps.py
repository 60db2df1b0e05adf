from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RuntimeConfig(AppConfig):
    name = "lms.runtime"
    label = "runtime"
    verbose_name = _("Exploitation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import register_converter

        from lms.runtime.converters import IdConverter

        # Before any URLconf is read: the project's paths, and those its Wagtail hooks add to
        # the admin, declare their ids as <id:…>.
        register_converter(IdConverter, "id")

        from lms.runtime.schedules import register_schedule

        register_schedule(name="runtime.heartbeat", func="lms.runtime.tasks.heartbeat", minutes=1)

        from django_q.signals import post_spawn

        post_spawn.connect(heartbeat_on_spawn, dispatch_uid="runtime.heartbeat_on_spawn")

        from django.core import checks

        from lms.runtime.media import check_private_media_outside_media

        checks.register(check_private_media_outside_media, checks.Tags.security)


def heartbeat_on_spawn(sender, proc_name, **kwargs) -> None:
    """A default-cluster worker just started: say so at once, rather than at the first scheduled
    heartbeat up to a minute later (until then /sante/ would report "degraded")."""
    from django.conf import settings

    from django_q.conf import Conf

    from lms.runtime.health import heartbeat_write

    if Conf.CLUSTER_NAME == settings.Q_CLUSTER["name"]:
        heartbeat_write()
