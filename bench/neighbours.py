"""A topic page's previous/next links at the corpus's size: one LAG/LEAD query that returns the
two neighbours (Topic.neighbours) against the way it was done before, loading every live
topic's slug and title in reading order and finding the page among them (the baseline, copied
here). Both run in one process on the same database, slug by slug in turn, and must agree.

    .venv/bin/python bench/neighbours.py [--topics 2802] [--slugs 50] [--passes 3]

A throwaway SQLite database is made in a temporary directory; set DATABASE_URL to measure on
another (it must be empty: the script migrates it and adds the topics).
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-any-real-site-0000000000")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mbcinfo.settings")
SCRATCH = tempfile.mkdtemp(prefix="mbcinfo-bench-neighbours-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH}/bench.sqlite3")
os.environ["MBCINFO_SEARCH_INDEX_DIR"] = f"{SCRATCH}/search-index"


def baseline_neighbours(topic):
    """The previous code: every live topic in reading order, then the page's place among them."""
    from mbcinfo.topics.models import Topic

    ordered = list(Topic.objects.live().in_reading_order().only("slug", "title"))
    slugs = [each.slug for each in ordered]
    if topic.slug not in slugs:
        return None, None
    index = slugs.index(topic.slug)
    previous = ordered[index - 1] if index > 0 else None
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    return previous, following


def slugs_of(pair):
    return tuple(each.slug if each else None for each in pair)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=2802)
    parser.add_argument("--slugs", type=int, default=50)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--reading-order-index", action="store_true",
                        help="first add an index on the reading order (not in the migrations): what it would give")
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from mbcinfo.topics.models import Topic

    call_command("migrate", verbosity=0)
    body = "Some text. " * 300  # a page's Markdown: the baseline did not load it, nor does this
    Topic.objects.bulk_create(
        Topic(slug=f"topic-{number:05}", title=f"Topic {number:05}", summary="A summary.",
              section=f"Section {number % 7}", order=number, body=body, body_html=f"<p>{body}</p>")
        for number in range(args.topics))
    if args.reading_order_index:
        with connection.cursor() as cursor:
            cursor.execute('CREATE INDEX bench_reading_order ON topics_topic ("order", title, slug, status, withdrawn)')
    step = max(1, args.topics // args.slugs)
    topics = list(Topic.objects.in_reading_order()[::step][:args.slugs])
    timings = {"baseline": [], "window": []}
    for _ in range(args.passes):
        for topic in topics:
            for name, find in (("baseline", baseline_neighbours), ("window", Topic.neighbours)):
                started = time.perf_counter()
                found = find(topic)
                timings[name].append((time.perf_counter() - started) * 1000)
            assert slugs_of(found) == slugs_of(baseline_neighbours(topic)), topic.slug
    base, now = (statistics.median(timings[name]) for name in ("baseline", "window"))
    print(f"{connection.vendor}, {args.topics} live topics, {len(topics)} pages × {args.passes} passes, "
          f"alternating{', reading-order index added' if args.reading_order_index else ''}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print("| previous/next | median ms | p95 ms |")
    print("|---|---|---|")
    for name in ("baseline", "window"):
        values = sorted(timings[name])
        print(f"| {name} | {statistics.median(values):.2f} | {values[int(len(values) * 0.95) - 1]:.2f} |")
    print(f"window / baseline (median): {now / base:.2f}×")


if __name__ == "__main__":
    main()
