from django.core.management.base import BaseCommand

from lms.runtime.schedules import registered_schedules, schedules_sync


class Command(BaseCommand):
    help = "Create or update the recurring task schedules declared by the apps (idempotent)."

    def handle(self, *args, **options) -> None:
        created, updated = schedules_sync()
        names = ", ".join(task.name for task in registered_schedules())
        self.stdout.write(f"Schedules: {created} created, {updated} updated ({names}).")
