import mimetypes

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Contenus")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms import notifications
        from cms.cache import page_cache_invalidate, page_cache_known_version
        from cms.moderation import connect_moderation_signals
        from cms.permissions import register_media_policies
        from cms.publication import on_page_moved, on_page_published, on_page_unpublished
        from lms.runtime.schedules import register_schedule

        # Captions are served as documents; browsers require this type for <track>.
        mimetypes.add_type("text/vtt", ".vtt")
        page_published.connect(on_page_published, dispatch_uid="cms.page_published")
        page_unpublished.connect(on_page_unpublished, dispatch_uid="cms.page_unpublished")
        post_page_move.connect(on_page_moved, dispatch_uid="cms.post_page_move")
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_cache_invalidate, dispatch_uid=f"cms.page_cache.{id(signal)}")
        # Making a page private (or public again) sends no page signal: the cache must still turn over.
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import PageViewRestriction, Site

        post_save.connect(page_cache_invalidate, sender=PageViewRestriction, dispatch_uid="cms.page_cache.restriction")
        # A Site's host, port or root page: cms/sites.py remembers sites under the same version.
        post_save.connect(page_cache_invalidate, sender=Site, dispatch_uid="cms.page_cache.site")
        post_delete.connect(page_cache_invalidate, sender=Site, dispatch_uid="cms.page_cache.site_gone")
        post_delete.connect(
            page_cache_invalidate, sender=PageViewRestriction, dispatch_uid="cms.page_cache.restriction_gone"
        )
        # Routing by url_path remembers the chains it found under the same version.
        from lms.runtime.routing import set_version_source

        set_version_source(page_cache_known_version)
        # Scenario feedback approved or withdrawn changes the listing's counts without a publish.
        from scenarios.changes import register_public_change_listener

        register_public_change_listener(page_cache_invalidate)
        register_media_policies()
        notifications.register()
        connect_moderation_signals()
        register_schedule(name="cms.publish_scheduled", func="cms.tasks.publish_scheduled", minutes=1)
        register_schedule(name="cms.tracking_reconcile", func="cms.tasks.tracking_reconcile", minutes=60)
