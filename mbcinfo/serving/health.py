"""What /healthz reports: is the database reachable and holding published content, is the
search index present and current.

Search is imported lazily so this app does not depend on it: without `mbcinfo.search`
installed, the search part is reported as "unavailable" and does not fail the check.
"""
import logging

from django.apps import apps
from django.db import DatabaseError

from mbcinfo.topics.models import ContentGeneration, Topic

from .outage import close_connections

logger = logging.getLogger(__name__)


def database_status():
    try:
        return {"status": "ok", "generation": ContentGeneration.current()}
    except DatabaseError as error:
        return {"status": "unreachable", "error": type(error).__name__}


def content_status():
    """A new server whose database has no topics yet (loadcontent not run) would show visitors
    an empty site: it is not ready for a load balancer to send them to."""
    try:
        topics = Topic.objects.live().count()
    except DatabaseError:
        return {"status": "unknown"}  # the database part says why
    if not topics:
        return {"status": "empty", "topics": 0, "hint": "no published topics: run loadcontent"}
    return {"status": "ok", "topics": topics}


def search_status():
    if not apps.is_installed("mbcinfo.search"):
        return {"status": "unavailable", "reason": "the search app is not installed"}
    from mbcinfo.search.index import index_status

    try:
        status = index_status(repair=True)
    except Exception as error:  # a health check reports a broken part, it does not crash
        logger.warning("healthz: search index status failed: %s", type(error).__name__)
        return {"status": "error", "error": type(error).__name__}
    if not status["present"]:
        return {"status": "missing", **status}
    return {"status": "ok" if status["up_to_date"] else "stale", **status}


def health():
    """(healthy, report): healthy when every part that exists is ok."""
    report = {"database": database_status(), "content": content_status(), "search": search_status()}
    if report["database"]["status"] != "ok":
        close_connections()  # the next check connects afresh (outage.py)
    healthy = all(part["status"] in ("ok", "unavailable") for part in report.values())
    return healthy, {"status": "ok" if healthy else "failing", **report}
