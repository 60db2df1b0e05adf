from wagtail import hooks

from cms.publication import tracking_reconcile


@hooks.register("after_delete_page")
def unpublish_tracking_of_deleted_page(request, page):
    """Deleting a live course or module takes its tracking rows out of the catalogue; the rows
    and the learners' progress stay."""
    tracking_reconcile()


@hooks.register("after_bulk_action")
def unpublish_tracking_after_bulk_delete(request, action_type, objects, action_class_instance):
    if action_type == "delete":
        tracking_reconcile()
