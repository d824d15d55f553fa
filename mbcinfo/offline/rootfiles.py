"""Files served from the site root, not under /static/: WhiteNoise serves the directory
ROOT_DIR (settings.WHITENOISE_ROOT) at "/".

The service worker is one: it only controls pages at or below its own address, so it must be
/sw.js to cover the whole site. Unlike static files, its name carries no hash, so browsers must
not keep it on trust: `no-cache` makes them ask each visit (WhiteNoise answers 304 when it has
not changed) and install a new version as soon as one is deployed.
"""
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parent / "siteroot"
SERVICE_WORKER = "/sw.js"


def add_headers(headers, path, url):
    """settings.WHITENOISE_ADD_HEADERS_FUNCTION: WhiteNoise calls it once per file at start-up."""
    if url == SERVICE_WORKER:
        headers["Cache-Control"] = "no-cache"
