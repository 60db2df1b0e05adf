"""wagtail-lms's side of P1–P3 (bench/p_peers.py starts it with var/bench-peers/wagtail_lms's
Python): a course page with 10 H5P lesson pages of about 1,000 words (bench/peers/content.py),
each holding one minimal H5P package, and N enrolled learners; then, on command, lesson-page
GETs, xAPI `completed` statements and the process's RSS. An 11th lesson that nobody finishes keeps
the course open, as on our side (bench/peering.py build_course)."""

import io
import json
import os
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
os.environ["DJANGO_SETTINGS_MODULE"] = "settings"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, setup_test_environment  # noqa: E402

from wagtail.models import Site  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

import content  # noqa: E402
from protocol import rss_kb, serve  # noqa: E402
from wagtail_lms.models import (  # noqa: E402
    CourseEnrollment,
    CoursePage,
    H5PActivity,
    H5PLessonCompletion,
    H5PLessonPage,
)

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
state: dict = {}


def h5p_package(number: int) -> SimpleUploadedFile:
    """The smallest package wagtail-lms accepts: h5p.json and one content file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "h5p.json",
            json.dumps(
                {
                    "title": f"Activité {number}",
                    "language": "fr",
                    "mainLibrary": "H5P.Text",
                    "embedTypes": ["div"],
                    "preloadedDependencies": [{"machineName": "H5P.Text", "majorVersion": 1, "minorVersion": 1}],
                }
            ),
        )
        # A library folder, as a package exported from an H5P editor has (none would warn).
        library = {"machineName": "H5P.Text", "majorVersion": 1, "minorVersion": 1}
        package.writestr("H5P.Text-1.1/library.json", json.dumps(library))
        package.writestr("content/content.json", json.dumps({"text": f"<p>Activité {number}</p>"}))
    return SimpleUploadedFile(f"lesson-{number}.h5p", buffer.getvalue(), content_type="application/zip")


def setup(learners: int) -> dict:
    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    root = Site.objects.get(is_default_site=True).root_page
    course = root.add_child(instance=CoursePage(title="Formation", slug="formation"))
    course.save_revision().publish()
    lessons, activities = [], []
    # An 11th lesson nobody finishes, as ours: no statement completes the course.
    for number in range(content.LESSONS + 1):
        activity = H5PActivity.objects.create(title=f"Activité {number}", package_file=h5p_package(number))
        body = []
        for heading, text in content.lesson(number):
            body.append(("paragraph", RichText(f"<h2>{heading}</h2>")))
            body.append(("paragraph", RichText(f"<p>{text}</p>")))
        body.append(("h5p_activity", {"activity": activity}))
        lesson = course.add_child(
            instance=H5PLessonPage(title=f"Leçon {number + 1}", slug=f"lecon-{number + 1}", body=body)
        )
        lesson.save_revision().publish()
        lessons.append(lesson)
        activities.append(activity)
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"learner-{i}") for i in range(learners)])
    users = list(User.objects.order_by("pk"))
    CourseEnrollment.objects.bulk_create([CourseEnrollment(user=user, course=course) for user in users])
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    state.update(course=course, lessons=lessons, activities=activities, users=users, clients=clients)
    response = clients[0].get(lessons[0].url)
    assert response.status_code == 200, response.status_code
    assert b"lms-h5p-activity" in response.content and content.lesson(0)[0][1][:40].encode() in response.content
    return {"lessons": len(lessons), "learners": len(users), "rss_kb": rss_kb(), "bytes": len(response.content)}


def lesson_pages(n: int) -> dict:
    """n GETs of the lesson pages by one enrolled learner, in turn."""
    client, lessons = state["clients"][0], state["lessons"]
    urls = [lesson.url for lesson in lessons[: content.LESSONS]]
    reset_queries()  # the log keeps 9,000: counted from empty
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        for i in range(n):
            response = client.get(urls[i % len(urls)])
            assert response.status_code == 200, response.status_code
        spent = time.perf_counter() - started
    return {"seconds": spent, "requests": n, "queries": len(queries) / n, "rss_kb": rss_kb()}


def completions(learners: int, offset: int = 0) -> dict:
    """One xAPI `completed` statement per lesson for each of `learners` learners (from
    `offset`), as the lesson page's JavaScript posts it; then the completions must exist."""
    clients = state["clients"][offset : offset + learners]
    users = state["users"][offset : offset + learners]
    statement = {"verb": {"id": COMPLETED, "display": {"en-US": "completed"}}, "result": {"completion": True}}
    body = json.dumps(statement)
    activities = state["activities"][: content.LESSONS]
    posts = [(client, f"/lms/h5p-xapi/{activity.pk}/") for client in clients for activity in activities]
    statements = 0
    started = time.perf_counter()
    for start in range(0, len(posts), 200):  # counted by slices: the query log keeps 9,000
        reset_queries()  # the log keeps 9,000: counted from empty
        with CaptureQueriesContext(connection) as queries:
            for client, url in posts[start : start + 200]:
                response = client.post(url, body, content_type="application/json")
                assert response.status_code == 200, (url, response.status_code)
        statements += len(queries)
    spent = time.perf_counter() - started
    done = H5PLessonCompletion.objects.filter(user__in=users).count()
    assert done == len(posts), (done, len(posts))
    return {"seconds": spent, "writes": len(posts), "queries": statements / len(posts), "rows": done}


if __name__ == "__main__":
    serve({"setup": setup, "lesson_pages": lesson_pages, "completions": completions})
