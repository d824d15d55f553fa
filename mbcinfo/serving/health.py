"""What /healthz reports: is the database reachable, is the search index present and current.

Search is imported lazily so this app does not depend on it: without `mbcinfo.search`
installed, the search part is reported as "unavailable" and does not fail the check.
"""
import logging

from django.apps import apps
from django.db import DatabaseError

from mbcinfo.topics.models import ContentGeneration

logger = logging.getLogger(__name__)


def database_status():
    try:
        return {"status": "ok", "generation": ContentGeneration.current()}
    except DatabaseError as error:
        return {"status": "unreachable", "error": type(error).__name__}


def search_status():
    if not apps.is_installed("mbcinfo.search"):
        return {"status": "unavailable", "reason": "the search app is not installed"}
    from mbcinfo.search.index import index_status

    try:
        status = index_status()
    except Exception as error:  # a health check reports a broken part, it does not crash
        logger.warning("healthz: search index status failed: %s", type(error).__name__)
        return {"status": "error", "error": type(error).__name__}
    if not status["present"]:
        return {"status": "missing", **status}
    return {"status": "ok" if status["up_to_date"] else "stale", **status}


def health():
    """(healthy, report): healthy when every part that exists is ok."""
    report = {"database": database_status(), "search": search_status()}
    healthy = all(part["status"] in ("ok", "unavailable") for part in report.values())
    return healthy, {"status": "ok" if healthy else "failing", **report}
