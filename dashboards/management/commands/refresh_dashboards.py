from django.core.management.base import BaseCommand

from dashboards.services.refresh import dashboards_refresh


class Command(BaseCommand):
    help = "Recompute the territorial dashboards' figures and their suppression now (idempotent)."

    def handle(self, *args, **options) -> None:
        rows = dashboards_refresh()
        self.stdout.write(f"Dashboards: {rows} figures written.")
