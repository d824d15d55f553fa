"""Counting searches that found nothing (settings.SEARCH_RECORD_MISSES turns it off)."""
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from mbcinfo.privacy.clients import Allowance
from mbcinfo.privacy.identifiers import holds_identifier

from .models import MissedQuery

logger = logging.getLogger(__name__)

MAX_KEPT_CHARS = 100
# The list is for editors, not a store of everything typed: it stops growing at this many rows
# (existing rows still count), so a flood of random queries cannot fill the database.
MAX_ROWS = 10_000
# And one client cannot fill it either: each may add only so many searches an hour (counted in
# memory under a hash that changes daily; see mbcinfo/privacy/clients.py).
_allowance = Allowance(per_hour=getattr(settings, "SEARCH_MISSES_PER_CLIENT_PER_HOUR", 20))


def normalise(text):
    return " ".join(text.lower().split())


def record_miss(text, client=None):
    """Count one search for `text` that found nothing. Returns True if it was counted.

    `client` is the searcher's address (mbcinfo.privacy.clients.client_address): used only to
    hold each client to its hourly allowance, never stored. Searches that could identify
    someone (a phone number, an email or web address, a date, a postcode) are never kept.
    """
    if not getattr(settings, "SEARCH_RECORD_MISSES", True):
        return False
    query = normalise(text)
    if not query or len(query) > MAX_KEPT_CHARS or holds_identifier(query):
        return False
    if client is not None and not _allowance.take(client):
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
