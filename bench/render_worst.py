"""How long the page renderer takes on hostile Markdown, against an ordinary page side by side.

Every shape in tests/topics/hostile_markdown.py (the tests run the same set through the preview,
an admin save and loadcontent) is rendered at the largest size the renderer's limits accept.
Goal: each accepted body renders in at most 2 s (best of three, wall time); the script exits 1
otherwise. Figures per megabyte scale each time to 1 MB, so shapes of different sizes compare.
The baseline is the corpus's largest page, the heaviest ordinary text the site holds.

    .venv/bin/python bench/render_worst.py [--repeat 3] [--unbounded-size 131072]

--unbounded-size also renders every shape at that size with the limits lifted: what a render
would cost without them (slow at 1 MB: minutes in all).
"""
import argparse
import sys
import time
from pathlib import Path

from harness import CORPUS, ROOT, machine

sys.path.insert(0, str(ROOT))

from mbcinfo.topics.rendering import (MAX_BODY_BYTES, MAX_BODY_LINES,  # noqa: E402
                                      MAX_FORMATTING_CHARACTERS, refusal, render_markdown)
from tests.topics.hostile_markdown import HOSTILE, largest_accepted  # noqa: E402

GOAL_SECONDS = 2.0
MB = 1024 * 1024


def timed(body, repeat):
    """(best wall seconds, CPU seconds of that run) for rendering `body`, uncached."""
    best = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        render_markdown(body)
        run = (time.perf_counter() - wall, time.process_time() - cpu)
        best = run if best is None or run[0] < best[0] else best
    return best


def row(name, body, repeat, baseline_per_mb=None):
    size = len(body.encode("utf-8"))
    wall, cpu = timed(body, repeat)
    per_mb = wall * MB / size
    ratio = f"{per_mb / baseline_per_mb:7.1f}×" if baseline_per_mb else " " * 8
    print(f"{name:40s} {size:9,d} B  {wall:7.3f} s  (CPU {cpu:6.3f} s)  {per_mb:8.2f} s/MB {ratio}", flush=True)
    return wall, per_mb


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per body; the best counts")
    parser.add_argument("--unbounded-size", type=int, default=0,
                        help="also render each shape at this many bytes with the limits lifted")
    args = parser.parse_args()
    print(f"Limits: {MAX_BODY_BYTES:,} bytes, {MAX_BODY_LINES:,} lines, "
          f"{MAX_FORMATTING_CHARACTERS:,} formatting characters\n")

    largest_page = max(CORPUS.glob("*.md"), key=lambda path: path.stat().st_size)
    print(f"{'shape':40s} {'size':>11s}  {'best wall':>9s}  {'':14s}  {'per MB':>11s} vs baseline")
    _, baseline = row(f"baseline: {largest_page.name}", largest_page.read_text(encoding="utf-8"), args.repeat)

    results, refused_at_limit = [], 0
    for name, make in HOSTILE.items():
        refused_at_limit += refusal(make(MAX_BODY_BYTES)) is not None
        results.append((name, *row(name, largest_accepted(make), args.repeat, baseline)))
    worst = max(results, key=lambda result: result[1])
    worst_per_mb = max(results, key=lambda result: result[2])
    print(f"\n{len(HOSTILE)} shapes; {refused_at_limit} refused at the byte limit, rendered above at "
          f"the largest size accepted.")
    print(f"Slowest accepted body: {worst[0]}, {worst[1]:.3f} s (goal <= {GOAL_SECONDS} s).")
    print(f"Worst per megabyte: {worst_per_mb[0]}, {worst_per_mb[2]:.2f} s/MB "
          f"({worst_per_mb[2] / baseline:.0f}× the baseline's {baseline:.3f} s/MB).")

    if args.unbounded_size:
        print(f"\nWithout the limits, every shape at {args.unbounded_size:,} bytes:")
        for name, make in HOSTILE.items():
            row(name, make(args.unbounded_size), 1, baseline)
    print(f"\n{machine()}")
    return 1 if worst[1] > GOAL_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
