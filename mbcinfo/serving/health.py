"""What /healthz reports: is the database reachable and holding published content, is the
search index present and current.

Only the first two decide whether this server can serve pages ("failing", 503). A missing or
stale index is "degraded" (200): search answers from the database until the background rebuild
has caught up, so a load balancer must keep sending visitors. Otherwise one content change
would fail every other server's health check at once, for as long as its rebuild takes.

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
        topics = Topic.objects.live(None).count()  # every language
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
        return {"status": "missing", **status, "hint": CATCHING_UP}
    if not status["up_to_date"]:
        return {"status": "stale", **status, "hint": CATCHING_UP}
    return {"status": "ok", **status}


CATCHING_UP = "search answers from the database until this server's index is rebuilt"
# The parts without which this server cannot serve pages; any other part that is not ok only
# degrades the site.
REQUIRED = ("database", "content")


def health():
    """(serving, report): serving unless a required part fails. The report's status is "ok",
    "degraded" (serving, but a part such as the search index is not ok) or "failing"."""
    report = {"database": database_status(), "content": content_status(), "search": search_status()}
    if report["database"]["status"] != "ok":
        close_connections()  # the next check connects afresh (outage.py)
    serving = all(report[part]["status"] == "ok" for part in REQUIRED)
    whole = all(part["status"] in ("ok", "unavailable") for part in report.values())
    status = "failing" if not serving else "ok" if whole else "degraded"
    return serving, {"status": status, **report}
