"""No app imports another app's views, and lms.organisations never imports courses (issue 22,
item 5): a page shared by two apps is a URL module or a response helper, not a views import.
Read from the source, so that a function-local import is caught too."""

import ast
from pathlib import Path

from django.conf import settings

APPS = ["lms/accounts", "lms/notifications", "lms/organisations", "lms/privacy", "lms/runtime"]
APPS += ["courses", "certificates", "cms"]


def app_of(module: str) -> str | None:
    path = module.replace(".", "/")
    return next((app for app in APPS if path == app or path.startswith(app + "/")), None)


def is_views(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return last == "views" or last.endswith("_views") or ".views." in f".{module}."


def imports(path: Path) -> list[str]:
    """Every module an import statement of the file names, `from a import b` giving a.b too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def source_files():
    for app in APPS:
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def test_no_app_imports_another_apps_views():
    """Only URL modules may name another app's views (courses/manager_urls.py includes the
    members file of lms.organisations); everything else shares helpers, selectors or services."""
    offending = []
    for app, path in source_files():
        if path.name == "urls.py" or path.name.endswith("_urls.py"):
            continue
        for module in imports(path):
            other = app_of(module)
            if other is not None and other != app and is_views(module):
                offending.append(f"{path.relative_to(settings.BASE_DIR)}: {module}")
    assert offending == []


def test_organisations_never_import_courses():
    """lms.organisations sits below courses: its URLs, views and services know nothing of it."""
    offending = [
        f"{path.relative_to(settings.BASE_DIR)}: {module}"
        for app, path in source_files()
        if app == "lms/organisations"
        for module in imports(path)
        if module == "courses" or module.startswith("courses.")
    ]
    assert offending == []
