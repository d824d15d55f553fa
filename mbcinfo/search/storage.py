"""Where the index lives on disk, and the one-writer lock.

    CURRENT        the name of the build that readers use (replaced atomically)
    writer.lock    held by the one process that is writing (flock: freed if that process dies)
    builds/NAME/   one complete index each
"""
import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from django.conf import settings
from whoosh.filedb.filestore import FileStorage

from .fields import META_FIELD, META_ID


class IndexUnavailable(Exception):
    """The index is missing or cannot be read. `reason` is short and safe to show anywhere
    (/healthz); the message, with paths and details, is for logs."""

    def __init__(self, message, reason="unreadable"):
        super().__init__(message)
        self.reason = reason


class IndexLocked(Exception):
    """Another process is writing the index and did not finish in time."""


def index_root():
    return Path(settings.SEARCH_INDEX_DIR)


def pointer():
    return index_root() / "CURRENT"


def builds_dir():
    return index_root() / "builds"


def current_build_name():
    try:
        name = pointer().read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise IndexUnavailable(f"cannot read {pointer()}: {error}") from error
    # The pointer names a directory under builds/, nothing else.
    if not name or "/" in name or name.startswith("."):
        raise IndexUnavailable(f"{pointer()} does not name a build")
    return name


@contextmanager
def writer_lock(timeout=None):
    """Hold the one-writer lock, waiting up to `timeout` seconds for another writer."""
    timeout = settings.SEARCH_LOCK_TIMEOUT if timeout is None else timeout
    root = index_root()
    root.mkdir(parents=True, exist_ok=True)
    path = root / "writer.lock"
    with open(path, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise IndexLocked(
                        f"The search index at {root} is being written by {holder}, which did not "
                        f"finish within {timeout:g} s. Wait for it to finish and try again "
                        "(the lock is released automatically if that process stops).") from None
                time.sleep(0.05)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"process {os.getpid()} since {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC")
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def safe_current_name():
    try:
        return current_build_name()
    except IndexUnavailable:
        return None


def switch_to(name):
    """Point readers at build `name`: write a new pointer file, then rename it over the old one
    (a rename is atomic, so a reader finds the old name or the new one, never half of either)."""
    target = pointer()
    temporary = target.with_name(f"CURRENT.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def remove_old_builds(keep):
    # The previous build stays: another process may still be reading it.
    for child in builds_dir().iterdir():
        if child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def open_current_index():
    name = current_build_name()
    if name is None:
        raise IndexUnavailable("no search index has been built yet", reason="not built")
    path = builds_dir() / name
    try:
        # Read, not memory-mapped: a segment file cut short under a mapping (a full disk, a
        # bad copy, a truncation) kills the process with SIGBUS when a search touches the
        # missing part, taking every request in that worker with it. Read, it raises an error
        # the search answers from the database (engine.py) while the index is rebuilt.
        ix = FileStorage(str(path), supports_mmap=False).open_index()
    except Exception as error:  # a damaged index raises many kinds of error
        raise IndexUnavailable(f"cannot open {path}: {error!r}") from error
    try:
        with ix.searcher() as searcher:
            meta = (searcher.document(id=META_ID) or {}).get(META_FIELD)
    except Exception as error:
        ix.close()
        raise IndexUnavailable(f"cannot read {path}: {error!r}") from error
    if not isinstance(meta, dict) or not isinstance(meta.get("generation"), int):
        ix.close()
        raise IndexUnavailable(f"{path} has no build record")
    return ix, meta
