"""Search speed with the index's files read (as the site opens them) against memory-mapped
(Whoosh's default), side by side in one process.

The site reads the files because a segment file cut short under a memory map kills the
worker with SIGBUS (tests/serving/test_damaged_index_server.py). This measures what that costs.

    .venv/bin/python bench/index_reads.py                 # our content and the 2,802-page corpus
    .venv/bin/python bench/index_reads.py --skip-corpus   # our content only

Each mode searches in a thread of its own (searchers are per thread), query by query in turn,
so both see the same machine load. Before each timed search the thread's searcher forgets what
it remembers (term scores, stored documents, spelling) and the result cache is emptied, so each
search reads the index. Nothing is asserted: read the ratio.
"""
import argparse
import concurrent.futures
import random
import statistics
import threading
import time

# bench/search.py: importing it sets Django up on a temporary database and index.
from search import DEFAULT_CORPUS, corpus_queries, forget_what_searches_remember, load

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from whoosh.filedb.filestore import FileStorage  # noqa: E402

from mbcinfo.search import engine, index, storage  # noqa: E402

_mode = threading.local()


def storage_for_thread(path, **kwargs):
    """storage.FileStorage, memory-mapped or not as this thread's mode says."""
    kwargs.pop("supports_mmap", None)
    return FileStorage(path, supports_mmap=_mode.mmap, **kwargs)


def timed(text):
    forget_what_searches_remember()
    started = time.perf_counter()
    engine.search(text)
    return (time.perf_counter() - started) * 1000


def measure(name, directory, extra_fields, rng, count, passes):
    print(f"\n== {name}: loading {directory}", flush=True)
    load(directory, extra_fields)
    index.rebuild()
    titles, spans, phrasings = corpus_queries(rng, count)
    queries = [title for title, _ in titles] + spans + phrasings
    pools = {mode: concurrent.futures.ThreadPoolExecutor(1) for mode in ("read", "mmap")}
    for mode, pool in pools.items():
        pool.submit(setattr, _mode, "mmap", mode == "mmap").result()
        for text in queries:  # warm-up: open the searcher, fill the operating system's cache
            pool.submit(engine.search, text).result()
    timings = {mode: [] for mode in pools}
    for _ in range(passes):
        for text in queries:
            for mode, pool in pools.items():
                timings[mode].append(pool.submit(timed, text).result())
    for pool in pools.values():
        pool.shutdown()
    median = {mode: statistics.median(values) for mode, values in timings.items()}
    p95 = {mode: sorted(values)[int(0.95 * (len(values) - 1))] for mode, values in timings.items()}
    print(f"{name}: {len(queries)} queries x {passes} passes; median ms read {median['read']:.2f}, "
          f"mmap {median['mmap']:.2f} (read/mmap {median['read'] / median['mmap']:.2f}); p95 ms read "
          f"{p95['read']:.2f}, mmap {p95['mmap']:.2f} (read/mmap {p95['read'] / p95['mmap']:.2f})", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--queries", type=int, default=60, help="queries of each kind")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    storage.FileStorage = storage_for_thread
    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    measure("our content", settings.CONTENT_DIR, False, rng, 11, args.passes)
    if not args.skip_corpus:
        measure("NIH corpus", DEFAULT_CORPUS, True, rng, args.queries, args.passes)


if __name__ == "__main__":
    main()
