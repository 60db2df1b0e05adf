from wagtail import hooks

from cms.cache import page_cache_invalidate
from cms.publication import tracking_reconcile


@hooks.register("after_delete_page")
def unpublish_tracking_of_deleted_page(request, page):
    """Deleting a live course or module takes its tracking rows out of the catalogue; the rows
    and the learners' progress stay."""
    tracking_reconcile()
    page_cache_invalidate()


@hooks.register("after_bulk_action")
def unpublish_tracking_after_bulk_delete(request, action_type, objects, action_class_instance):
    if action_type == "delete":
        tracking_reconcile()
        page_cache_invalidate()


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
@hooks.register("after_delete_snippet")
def refresh_pages_after_theme_change(request, instances_or_instance):
    """Themes show on the catalogue's cards and filters."""
    page_cache_invalidate()
