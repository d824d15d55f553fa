"""Search results cache: the same searches answered from the index (cache emptied before each)
and from the per-generation cache, side by side in one process, on the site's own content
(a throwaway SQLite database and index). Both include what every search does before the cache:
reading the content generation and checking the index is current.

    .venv/bin/python bench/search_cache.py
"""
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["palliative care", "treatment", "paliative", "hospice", "clinical trials",
           "how long can I live", "bone pain", "financial help", "cancer", "komen helpline money"]


def timed(function, rounds):
    samples = []
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            function(query)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main():
    tmp = Path(tempfile.mkdtemp(prefix="mbcinfo-bench-search-cache-"))
    os.environ.update({"DJANGO_SETTINGS_MODULE": "mbcinfo.settings",
                       "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
                       "MBCINFO_SEARCH_INDEX_DIR": str(tmp / "index"), "DJANGO_DEBUG": "1"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command

    from mbcinfo.search import index
    from mbcinfo.search.engine import search

    call_command("migrate", verbosity=0)
    call_command("loadcontent", verbosity=0)
    index.rebuild()
    for query in QUERIES:  # warm the searcher and its caches
        search(query)

    def uncached(query):
        caches["search"].clear()
        return search(query)

    rounds = 20
    base = timed(uncached, rounds)
    now = timed(search, rounds)
    print(f"{len(QUERIES)} queries × {rounds} rounds, in-process, load average {os.getloadavg()[0]:.1f}")
    print(f"searched (cache emptied each time): p50 {base[0]:.2f} ms, p95 {base[1]:.2f} ms")
    print(f"from the cache:                     p50 {now[0]:.2f} ms, p95 {now[1]:.2f} ms")
    print(f"cached / searched: p50 {now[0] / base[0]:.2f}×, p95 {now[1] / base[1]:.2f}×")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
