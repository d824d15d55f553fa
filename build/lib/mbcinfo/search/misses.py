"""Counting searches that found nothing (settings.SEARCH_RECORD_MISSES turns it off)."""
import logging
import re

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import MissedQuery

logger = logging.getLogger(__name__)

MAX_KEPT_CHARS = 100
# The list is for editors, not a store of everything typed: it stops growing at this many rows
# (existing rows still count), so a flood of random queries cannot fill the database.
MAX_ROWS = 10_000
# Someone may type their own email address or phone number; such queries are never kept.
_PERSONAL = re.compile(r"@|(?:\d[\s().-]*){7,}")


def normalise(text):
    return " ".join(text.lower().split())


def record_miss(text):
    """Count one search for `text` that found nothing. Returns True if it was counted."""
    if not getattr(settings, "SEARCH_RECORD_MISSES", True):
        return False
    query = normalise(text)
    if not query or len(query) > MAX_KEPT_CHARS or _PERSONAL.search(query):
        return False
    now = timezone.now()
    try:
        if MissedQuery.objects.filter(query=query).update(count=F("count") + 1, last_seen=now):
            return True
        if MissedQuery.objects.count() >= MAX_ROWS:
            return False
        try:
            with transaction.atomic():
                MissedQuery.objects.create(query=query, last_seen=now)
        except IntegrityError:  # another request created it first
            MissedQuery.objects.filter(query=query).update(count=F("count") + 1, last_seen=now)
        return True
    except DatabaseError:
        logger.exception("Could not count a search that found nothing.")
        return False
