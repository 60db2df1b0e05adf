"""The health report behind /sante/ (DESIGN.md §3)."""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import OrmQ
from django_q.signing import SignedPackage

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "runtime:worker-heartbeat"


def heartbeat_write(now: float | None = None) -> None:
    cache.set(HEARTBEAT_KEY, time.time() if now is None else now, timeout=None)


def heartbeat_age() -> float | None:
    """Seconds since a worker last wrote its heartbeat, or None if none ever did (or cache down)."""
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception:  # any cache backend error: the report must still answer
        logger.exception("Could not read the worker heartbeat")
        return None
    return None if beat is None else max(0.0, time.time() - float(beat))


def database_report() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # the point of the check is to report any failure
        logger.warning("Health check: database unavailable: %s", error)
        return {"ok": False, "vendor": connection.vendor, "error": error.__class__.__name__}
    return {
        "ok": True,
        "vendor": connection.vendor,
        "latency_ms": round((time.monotonic() - started) * 1000, 1),
    }


def cluster_names() -> list[str]:
    return [settings.Q_CLUSTER["name"], *settings.Q_CLUSTER.get("ALT_CLUSTERS", {})]


def _oldest_payload(broker, cluster: str) -> str | bytes | None:
    if Conf.ORM:
        return OrmQ.objects.using(Conf.ORM).filter(key=cluster).order_by("id").values_list("payload", flat=True).first()
    if hasattr(broker.connection, "lindex"):  # Redis keeps each queue as a list, oldest first
        return broker.connection.lindex(broker.list_key, 0)
    return None


def queue_report() -> dict:
    """Tasks waiting in the broker across both clusters, and the age of the oldest one."""
    backlog, oldest_started = 0, None
    try:
        for cluster in cluster_names():
            broker = get_broker(cluster)
            backlog += broker.queue_size()
            payload = _oldest_payload(broker, cluster)
            started = SignedPackage.loads(payload).get("started") if payload else None
            if started and (oldest_started is None or started < oldest_started):
                oldest_started = started
    except Exception as error:  # a broken broker is reported, not raised
        logger.warning("Health check: broker unavailable: %s", error)
        return {"backlog": None, "oldest_age_s": None, "error": error.__class__.__name__}
    age = None if oldest_started is None else round(time.time() - oldest_started.timestamp(), 1)
    return {"backlog": backlog, "oldest_age_s": age}


# Apps above lms.runtime add their own lines to /sante/ (the outbox backlog, from
# lms.notifications), so that the runtime never imports them: name -> function returning a dict,
# called only when the database answers.
EXTRA_REPORTS: dict[str, Callable[[], dict]] = {}
UNAVAILABLE = {"backlog": None, "oldest_age_s": None}


def register_health_report(name: str, report: Callable[[], dict]) -> None:
    EXTRA_REPORTS[name] = report


def health_report() -> tuple[dict, int]:
    """The JSON body and HTTP status of /sante/."""
    database = database_report()
    queue = queue_report() if database["ok"] or not Conf.ORM else {"backlog": None, "oldest_age_s": None}
    age = heartbeat_age() if database["ok"] or not _cache_uses_database() else None
    worker_fresh = age is not None and age <= settings.HEALTH_HEARTBEAT_MAX_AGE
    worker = {
        "heartbeat_age_s": None if age is None else round(age, 1),
        "max_age_s": settings.HEALTH_HEARTBEAT_MAX_AGE,
    }

    if not database["ok"]:
        status, code = "down", 503
    elif not worker_fresh and settings.HEALTH_REQUIRE_WORKER:
        status, code = "down", 503
    elif not worker_fresh:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    extra = {name: report() if database["ok"] else dict(UNAVAILABLE) for name, report in EXTRA_REPORTS.items()}
    return {"status": status, "database": database, "queue": queue, "worker": worker, **extra}, code


def _cache_uses_database() -> bool:
    return settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
