"""Who is asking, for limits only: the client's address behind the load balancer, and counts
per client that never keep the address.

Behind the load balancer every request arrives from the balancer's own address; the
visitor's address is the last one in X-Forwarded-For, the one the balancer appended
(anything before it the client may have written). That header is believed only from the
addresses in FORWARDED_ALLOW_IPS, the setting gunicorn reads for the same balancer.
"""
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time

from django.conf import settings

HOUR = 3600
DAY = 86400


def _parse(text):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(peer):
    allowed = getattr(settings, "TRUSTED_PROXIES", [])
    if "*" in allowed:
        return True
    for entry in allowed:
        try:
            if peer in ipaddress.ip_network(entry, strict=False):
                return True
        except (ValueError, TypeError):
            continue
    return False


def client_address(request):
    """The client's IP address as text, or None when the request does not say."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if peer is not None and forwarded and _trusted(peer):
        last = _parse(forwarded.split(",")[-1])
        if last is not None:
            return str(last)
    return str(peer) if peer is not None else None


def _client_group(address):
    """One IPv6 client holds a whole /64 (it can pick a new address per request): count the /64."""
    parsed = _parse(address or "")
    if parsed is None:
        return "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def client_token(address):
    """A stand-in for the client at `address` that shared counts (a cache in the database) may
    hold: a keyed hash of its /64 or IPv4 address under the site's secret key, never the
    address. Counts kept under it must expire within the hour (the feedback form's do)."""
    return hmac.new(settings.SECRET_KEY.encode(), _client_group(address).encode(), hashlib.sha256).hexdigest()[:32]


class Allowance:
    """At most `per_hour` uses per client in each clock hour, counted in this process's memory.

    A client is known only by a keyed hash of its address; the key is random, lives in memory
    and is replaced every day, and nothing is written anywhere, so the counts cannot be turned
    back into addresses or joined across days. Each worker process counts on its own, so a
    client may get up to `per_hour` times the number of processes. When `max_clients` clients
    have been counted in one hour, new ones are refused until the next hour: the memory used
    stays bounded whatever arrives.
    """

    def __init__(self, per_hour, max_clients=50_000, clock=time.time):
        self.per_hour, self.max_clients, self.clock = per_hour, max_clients, clock
        self._lock = threading.Lock()
        self._hour = self._day = None
        self._salt = b""
        self._counts = {}

    def take(self, address):
        """Count one use by the client at `address`; False when its allowance is spent."""
        now = self.clock()
        with self._lock:
            day, hour = int(now // DAY), int(now // HOUR)
            if day != self._day:
                self._day, self._salt = day, secrets.token_bytes(32)
            if hour != self._hour:
                self._hour, self._counts = hour, {}
            key = hmac.new(self._salt, _client_group(address).encode(), hashlib.sha256).digest()[:16]
            used = self._counts.get(key, 0)
            if used >= self.per_hour or (not used and len(self._counts) >= self.max_clients):
                return False
            self._counts[key] = used + 1
            return True

    def forget(self):
        """Start counting afresh (for tests)."""
        with self._lock:
            self._hour = self._day = None
            self._counts = {}


def unreadable_cache_key(key, key_prefix, version):
    """A cache key (Django's KEY_FUNCTION) that cannot be turned back into what it was made from:
    a cache shared through the database then holds no client address or username, only keys
    that need the site's secret key to be recomputed."""
    text = f"{key_prefix}:{version}:{key}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), text, hashlib.sha256).hexdigest()
