from django.core.management.base import BaseCommand

from lms.organisations.services.territories import territories_load


class Command(BaseCommand):
    help = (
        "Load the official French régions, départements, EPCI and communes from the vendored "
        "@etalab/decoupage-administratif data (offline, idempotent)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--departement",
            action="append",
            dest="departements",
            metavar="CODE",
            help="Load only this département (repeatable), e.g. --departement 07. Default: the whole country.",
        )

    def handle(self, *args, departements=None, **options) -> None:
        report = territories_load(departements=departements)
        for line in report.lines():
            self.stdout.write(line)
