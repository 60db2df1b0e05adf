"""edx-completion's side of P2 (bench/p_peers.py starts it with var/bench-peers/edx_completion's
Python): N learners each complete the 10 blocks of a course (bench/peers/content.py's lessons)
through BlockCompletion.objects.submit_completion, with the waffle switch
completion.enable_completion_tracking on; the rows must exist afterwards."""

import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
os.environ["DJANGO_SETTINGS_MODULE"] = "settings"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, setup_test_environment  # noqa: E402

import content  # noqa: E402
from completion.models import BlockCompletion  # noqa: E402
from completion.waffle import ENABLE_COMPLETION_TRACKING_SWITCH  # noqa: E402
from eventtracking import tracker  # noqa: E402
from opaque_keys.edx.keys import CourseKey  # noqa: E402
from protocol import rss_kb, serve  # noqa: E402
from waffle.models import Switch  # noqa: E402

state: dict = {}
# Each completion emits a tracking-log event; the LMS routes them to its backends. Here a tracker
# without backends: the event is built and dropped, the write itself is what is measured.
tracker.register_tracker(tracker.Tracker())


def setup(learners: int) -> dict:
    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    Switch.objects.update_or_create(name=ENABLE_COMPLETION_TRACKING_SWITCH.name, defaults={"active": True})
    assert ENABLE_COMPLETION_TRACKING_SWITCH.is_enabled()
    course = CourseKey.from_string("course-v1:Passerelle+P2+2026")
    blocks = [course.make_usage_key("html", f"lesson{number + 1}") for number in range(content.LESSONS)]
    User = get_user_model()
    User.objects.bulk_create([User(username=f"learner-{i}") for i in range(learners)])
    state.update(users=list(User.objects.order_by("pk")), blocks=blocks)
    return {"learners": len(state["users"]), "blocks": len(blocks), "rss_kb": rss_kb()}


def completions(learners: int, offset: int = 0) -> dict:
    """submit_completion(user, block, 1.0) for each block of each of `learners` learners."""
    users = state["users"][offset : offset + learners]
    writes = [(user, block) for user in users for block in state["blocks"]]
    statements = 0
    started = time.perf_counter()
    for start in range(0, len(writes), 200):  # counted by slices: the query log keeps 9,000
        reset_queries()  # the log keeps 9,000: counted from empty
        with CaptureQueriesContext(connection) as queries:
            for user, block in writes[start : start + 200]:
                BlockCompletion.objects.submit_completion(user=user, block_key=block, completion=1.0)
        statements += len(queries)
    spent = time.perf_counter() - started
    rows = BlockCompletion.objects.filter(user__in=users, completion=1.0).count()
    assert rows == len(writes), (rows, len(writes))
    return {"seconds": spent, "writes": len(writes), "queries": statements / len(writes), "rows": rows}


if __name__ == "__main__":
    serve({"setup": setup, "completions": completions})
