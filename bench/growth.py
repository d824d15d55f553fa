"""How each cost grows with the content: the NIH corpus at 1x, 3x and 10x its pages.

    .venv/bin/python bench/grow_corpus.py 3 var/corpus-3x       # once per size
    .venv/bin/python bench/growth.py run 1 [--databases sqlite,postgres]
    .venv/bin/python bench/growth.py run 3 --corpus var/corpus-3x
    .venv/bin/python bench/growth.py report [--update-results]   # table, plot, RESULTS.md

Each `run` is one size, so no single command holds the machine for long; it writes one JSON
file per database to var/growth/, and `report` reads them all. For each size and database:

- the first `loadcontent` (which builds the search index as its transaction commits) and a
  reload with nothing changed, as the commands an editor runs (Python start-up included);
- the index build's own seconds (from loadcontent's report) and the index's size on disk;
- on SQLite only (the index is the same for both databases): search p50 / p95 against SQLite
  FTS5 over the same documents, taking turns query by query (bench/search.py's two sides,
  each Whoosh query timed cold), and FTS5's build time;
- the resident memory of one gunicorn worker (gthread, as in production) after it answered
  the same searches over HTTP;
- a topic page's and the home page's time and database queries through the whole Django
  stack with the page cache emptied before each request (so every page is rendered).

The grown corpora are timing corpora, not relevance ones (see grow_corpus.py).
"""
import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from harness import (CORPUS, PYTHON, ROOT, AbortedRun, copy_site_content, gunicorn, machine, manage,
                     postgres, retried, site_env, workdir)

OUT = Path(os.environ.get("MBCINFO_GROWTH_DIR", ROOT / "var" / "growth"))  # where each run's JSON goes
RESULTS = ROOT / "bench" / "RESULTS.md"
PLOT = ROOT / "bench" / "growth.png"
SEED = 2026


# --- one size, one database ---

def directory_mib(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 2**20


def index_build_seconds(report):
    for line in report.splitlines():
        if line.startswith("Search index rebuilt:"):
            return float(line.rsplit(" in ", 1)[1].split(" s")[0])
    return None


def manage_timed(env, *args):
    """(wall seconds, CPU seconds, completed process) of one manage.py command. The CPU seconds
    are the command's and its worker processes' (user + system, from the kernel's count of
    waited-for children): on a machine shared with other work they move far less than the wall
    time does. PostgreSQL's own server work is not in them."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, result = manage(env, *args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), result


def say(text):
    print(f"{time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


def measure(database, scale, corpus, tmp, url, content, args):
    env = site_env(url, content, tmp / database)
    say(f"{scale}x {database}: first load")
    row = {"scale": scale, "database": database, "pages": sum(1 for _ in corpus.glob("*.md")) - 1}
    manage(env, "migrate", "--noinput", "-v0")
    load = ("loadcontent", "--path", str(corpus), "--allow-extra-fields")
    row["first_load_s"], row["first_load_cpu_s"], first = manage_timed(env, *load)
    row["index_build_s"] = index_build_seconds(first.stdout)
    row["index_mib"] = directory_mib(tmp / database / "index")
    say(f"{scale}x {database}: first load {row['first_load_s']:.1f} s ({row['first_load_cpu_s']:.1f} s CPU); reload")
    row["reload_s"], row["reload_cpu_s"], reload = manage_timed(env, *load)
    row["reload_report"] = reload.stdout.strip().splitlines()[-1]
    child_env = {**env, "MBCINFO_BENCH_DATABASE_URL": url, "MBCINFO_BENCH_INDEX_DIR": str(tmp / database / "index")}
    child = [PYTHON, str(Path(__file__)), "child", "--queries", str(args.queries)]
    if database == "sqlite":
        child += ["--search", str(tmp / "fts.sqlite3")]
    say(f"{scale}x {database}: reload {row['reload_s']:.2f} s; searches and pages in process")
    result = subprocess.run(child, cwd=ROOT, env=child_env, stdout=subprocess.PIPE, text=True)
    if result.returncode:
        raise SystemExit("measuring in process failed (its error is above)")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    queries = found.pop("queries")
    row.update(found)
    say(f"{scale}x {database}: worker memory after {len(queries)} searches")
    row["worker_rss_mib"] = worker_rss_after(env, tmp / database / "logs", queries)
    return row


def worker_rss_after(env, logs, queries):
    """One gunicorn worker's resident memory after it answered every query once."""
    with gunicorn(env, logs, workers=1) as server:
        for text in queries:
            path = "/search/?" + urllib.parse.urlencode({"q": text})
            retried(f"GET {path}", lambda: _get_ok(server, path))
        return max(server.worker_rss_mb())


def _get_ok(server, path):
    status = server.get(path)[0]
    if status != 200:
        raise AbortedRun(f"status {status}")
    return status


def run(args):
    corpus = args.corpus or (CORPUS if args.scale == 1 else ROOT / "var" / f"corpus-{args.scale}x")
    if not corpus.is_dir():
        raise SystemExit(f"{corpus} is missing: make it with bench/grow_corpus.py {args.scale} {corpus}")
    OUT.mkdir(parents=True, exist_ok=True)
    with workdir("growth") as tmp:
        content = copy_site_content(tmp)
        for database in args.databases.split(","):
            started = time.monotonic()
            if database == "postgres":
                with postgres(tmp) as pg:
                    row = measure(database, args.scale, corpus, tmp, pg.url, content, args)
            else:
                row = measure(database, args.scale, corpus, tmp, f"sqlite:///{tmp / 'growth.sqlite3'}", content, args)
            row["machine"] = machine()
            row["wall_s"] = time.monotonic() - started
            path = OUT / f"{args.scale}x-{database}.json"
            path.write_text(json.dumps(row, indent=1))
            print(json.dumps(row, indent=1), flush=True)


# --- in the measured database's own process (started by `run`) ---

def child(args):
    sys.argv = sys.argv[:1]
    import search  # noqa: PLC0415 - sets Django up on MBCINFO_BENCH_DATABASE_URL and _INDEX_DIR
    from django.core.cache import caches  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from mbcinfo.search import engine  # noqa: PLC0415
    from mbcinfo.topics.models import Topic  # noqa: PLC0415

    rng = random.Random(SEED)
    titles, spans, phrasings = search.corpus_queries(rng, args.queries)
    queries = [t for t, _ in titles] + spans + phrasings
    row = {"queries": queries}
    if args.search:
        fts = search.Fts5(args.search)
        cpu = time.process_time()
        row["fts_build_s"] = fts.build()
        row["fts_build_cpu_s"] = time.process_time() - cpu
        row["fts_mib"] = os.path.getsize(args.search) / 2**20
        fts.open()
        say(f"FTS5 built in {row['fts_build_s']:.1f} s; timing {len(queries)} searches")
        timings = search.time_queries({"whoosh": engine.search, "fts": fts.search}, queries, args.passes)
        for side, values in timings.items():
            row[f"{side}_p50_ms"] = statistics.median(values)
            row[f"{side}_p95_ms"] = search.percentile(values, 0.95)

    say("pages")
    client = Client(HTTP_HOST="127.0.0.1")
    pages = caches["pages"]

    def fetch(path):
        pages.clear()  # every request renders the page
        with CaptureQueriesContext(connection) as queried:
            started = time.perf_counter()
            response = client.get(path, secure=True)
            took = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (path, response.status_code)
        return took, len(queried)

    slugs = sorted(Topic.objects.live().values_list("slug", flat=True))
    sample = random.Random(SEED).sample(slugs, 30)
    fetch(f"/topics/{sample[0]}/")  # warm-up: templates compiled, connection open
    fetch("/")
    topic = [fetch(f"/topics/{slug}/") for slug in sample]
    home = [fetch("/") for _ in range(5)]
    row["topic_ms"] = statistics.median(t for t, _ in topic)
    row["topic_queries"] = sorted({q for _, q in topic})
    row["home_ms"] = statistics.median(t for t, _ in home)
    row["home_queries"] = sorted({q for _, q in home})
    row["home_bytes"] = len(client.get("/", secure=True).content)
    print(json.dumps(row))


# --- the table and the plot ---

MEASURES = [  # (key, label, unit)
    ("first_load_s", "first load + index", "s"),
    ("first_load_cpu_s", "first load + index, CPU", "s"),
    ("reload_s", "reload, nothing changed", "s"),
    ("reload_cpu_s", "reload, nothing changed, CPU", "s"),
    ("index_build_s", "index build (within the first load)", "s"),
    ("index_mib", "index on disk", "MiB"),
    ("whoosh_p50_ms", "search p50", "ms"),
    ("whoosh_p95_ms", "search p95", "ms"),
    ("worker_rss_mib", "worker RSS after searches", "MiB"),
    ("topic_ms", "topic page, uncached", "ms"),
    ("home_ms", "home page, uncached", "ms"),
]


def load_rows():
    rows = [json.loads(path.read_text()) for path in sorted(OUT.glob("*x-*.json"))]
    return sorted(rows, key=lambda row: (row["database"], row["scale"]))


def fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, list):
        return "/".join(str(v) for v in value)
    return f"{value:,.{digits}f}"


def table(rows):
    lines = ["| database | size | pages | first load + index (s; CPU s) | of it index build (s) "
             "| reload, no change (s; CPU s) "
             "| index (MiB) | search p50 / FTS5 (ms) | search p95 / FTS5 (ms) | worker RSS (MiB) "
             "| topic page (ms) | topic queries | home page (ms) | home queries |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        search = lambda q: (f"{fmt(r[f'whoosh_{q}_ms'])} / {fmt(r[f'fts_{q}_ms'])} "  # noqa: E731
                            f"({r[f'whoosh_{q}_ms'] / r[f'fts_{q}_ms']:.2f}×)") if f"fts_{q}_ms" in r else "–"
        cpu = lambda key: f"; {fmt(r[key])}" if r.get(key) is not None else ""  # noqa: E731
        lines.append(f"| {r['database']} | {r['scale']}× | {r['pages']:,} | {fmt(r['first_load_s'])}{cpu('first_load_cpu_s')} "
                     f"| {fmt(r['index_build_s'])}{' (FTS5 ' + fmt(r['fts_build_s']) + ')' if 'fts_build_s' in r else ''} "
                     f"| {fmt(r['reload_s'], 2)}{cpu('reload_cpu_s')} | {fmt(r['index_mib'])} | {search('p50')} | {search('p95')} "
                     f"| {fmt(r['worker_rss_mib'], 0)} | {fmt(r['topic_ms'])} | {fmt(r['topic_queries'])} "
                     f"| {fmt(r['home_ms'])} | {fmt(r['home_queries'])} |")
    return "\n".join(lines)


def growth_factors(rows):
    """Each measure at its largest size against 1x, beside the growth in pages."""
    lines = []
    for database in sorted({r["database"] for r in rows}):
        mine = {r["scale"]: r for r in rows if r["database"] == database}
        if 1 not in mine or len(mine) < 2:
            continue
        top = mine[max(mine)]
        base = mine[1]
        pages = top["pages"] / base["pages"]
        parts = [f"{label} {top[key] / base[key]:.1f}×" for key, label, _ in MEASURES
                 if top.get(key) and base.get(key)]
        lines.append(f"- {database}, {max(mine)}× against 1× ({pages:.1f}× the pages): " + "; ".join(parts) + ".")
    return "\n".join(lines)


def plot(rows):
    import matplotlib  # noqa: PLC0415 - a bench-only dependency (the `bench` extra)
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    figure, axes = plt.subplots(4, 3, figsize=(12, 13), constrained_layout=True)
    for axis, (key, label, unit) in zip(axes.flat, MEASURES):
        for database, style in (("sqlite", "o-"), ("postgres", "s--")):
            points = [(r["pages"], r[key]) for r in rows if r["database"] == database and r.get(key) is not None]
            if points:
                axis.plot(*zip(*points), style, label=database)
        if key.startswith("whoosh_"):
            fts = [(r["pages"], r[key.replace("whoosh", "fts")]) for r in rows if r.get(key.replace("whoosh", "fts"))]
            if fts:
                axis.plot(*zip(*fts), "^:", label="FTS5 (same pages)")
        base = [r for r in rows if r["scale"] == 1 and r.get(key) is not None]
        if base:  # the line a cost growing exactly with the pages would follow
            b = base[0]
            top = max(r["pages"] for r in rows)
            axis.plot([b["pages"], top], [b[key], b[key] * top / b["pages"]], color="grey", lw=0.8,
                      label="linear from 1×")
        axis.set_title(label)
        axis.set_xlabel("pages")
        axis.set_ylabel(unit)
        axis.legend(fontsize=7)
    for axis in axes.flat[len(MEASURES):]:
        axis.set_visible(False)
    figure.suptitle("MBC Info: cost against content size (NIH corpus 1×, grown 3× and 10×; timing corpus)")
    figure.savefig(PLOT, dpi=80)
    plt.close(figure)


def report(args):
    rows = load_rows()
    if not rows:
        raise SystemExit(f"No measurements in {OUT}: run `growth.py run SCALE` first.")
    plot(rows)
    text = "\n".join([table(rows), "", growth_factors(rows), "", f"Plot: {PLOT.relative_to(ROOT)}"])
    print(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(required=True)
    one = commands.add_parser("run", help="measure one size")
    one.add_argument("scale", type=int)
    one.add_argument("--corpus", type=Path, help="default: the corpus at 1, var/corpus-<N>x otherwise")
    one.add_argument("--databases", default="sqlite,postgres")
    one.add_argument("--queries", type=int, default=20, help="queries of each kind (titles, words, phrasings)")
    one.set_defaults(handle=run)
    inner = commands.add_parser("child")
    inner.add_argument("--search", type=Path)
    inner.add_argument("--queries", type=int, default=20)
    inner.add_argument("--passes", type=int, default=1)
    inner.set_defaults(handle=child)
    out = commands.add_parser("report", help="table and plot from every measured size")
    out.set_defaults(handle=report)
    args = parser.parse_args()
    args.handle(args)


if __name__ == "__main__":
    main()
