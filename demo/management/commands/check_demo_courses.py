from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo.courses import CONTENT_DIR, course_data_errors, course_files


class Command(BaseCommand):
    help = "Check the demo course files (demo/content/courses/*.json) without loading them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Course files; all of them when none is given.")

    def handle(self, *args, **options):
        files = course_files()
        if options["paths"]:
            wanted = {Path(path).resolve() for path in options["paths"]}
            files = [course_file for course_file in files if course_file.path.resolve() in wanted]
            if len(files) != len(wanted):
                raise CommandError(f"Course files live in {CONTENT_DIR / 'courses'}.")
        failed = False
        for course_file in files:
            errors = course_data_errors(course_file.data)
            failed |= bool(errors)
            for error in errors:
                self.stderr.write(f"{course_file.path.name}: {error}")
            if not errors:
                modules = course_file.data["modules"]
                words = sum(len(str(block["value"]).split()) for module in modules for block in module["body"])
                self.stdout.write(f"{course_file.path.name}: ok, {len(modules)} modules, about {words} words")
        if failed:
            raise CommandError("Some course files are not valid.")
