from django.core.management import call_command


def publish_scheduled() -> None:
    """Every minute: Wagtail publishes and unpublishes what editors scheduled; the publishing
    signals then update the tracking rows."""
    call_command("publish_scheduled")


def tracking_reconcile() -> None:
    from cms.publication import tracking_reconcile as reconcile

    reconcile()
