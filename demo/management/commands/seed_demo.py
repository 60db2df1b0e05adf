from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.services import demo_seed


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Refused under production settings."

    def handle(self, *args, **options) -> None:
        if not getattr(settings, "PASSERELLE_ALLOW_DEMO", False):
            raise CommandError("seed_demo is refused under production settings: demo accounts share one password.")
        report = demo_seed()
        for line in report:
            self.stdout.write(line)
