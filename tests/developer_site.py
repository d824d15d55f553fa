"""The developer's own site in this checkout: its database, search index and uploads.

The suite must never write to them: a test build left in var/search-index made the
developer's /healthz report an index "built from another database" after `make test`.
"""
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# What `make run` reads and writes (the defaults of mbcinfo/settings.py).
PATHS = (BASE_DIR / "db.sqlite3", BASE_DIR / "var" / "search-index", BASE_DIR / "media")


def snapshot(paths=PATHS):
    """Every file and directory under `paths`, with its size and modification time."""
    state = {}
    for root in paths:
        for path in [root, *root.rglob("*")] if root.is_dir() else [root]:
            try:
                info = path.lstat()
            except FileNotFoundError:
                continue
            state[str(path)] = (info.st_size, info.st_mtime_ns)
    return state


def changes(before, after):
    """The paths created, removed or modified between two snapshots, sorted."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
