"""PostgreSQL's pglz against lz4 for the pages' large columns (why migration 0004 exists).

Loads the 2,802-page corpus into a throwaway PostgreSQL, reads back each page's Markdown,
rendered HTML and sections, then inserts those same rows from this client into a fresh
table, once with each compression method, alternating, as the loader sends them.

    .venv/bin/python bench/toast_compression.py [--corpus DIR] [--rounds 2]
"""
import argparse
import statistics
import time
from pathlib import Path

import psycopg
from harness import CORPUS, copy_site_content, machine, manage, postgres, site_env, workdir

METHODS = ("pglz", "lz4")


def insert_seconds(conn, method, rows):
    conn.execute("DROP TABLE IF EXISTS bench_toast")
    conn.execute(f"SET default_toast_compression = {method}")
    conn.execute("CREATE TABLE bench_toast (body text, body_html text, sections jsonb)")
    started = time.perf_counter()
    with conn.cursor() as cursor:
        cursor.executemany("INSERT INTO bench_toast VALUES (%s, %s, %s)", rows)
    seconds = time.perf_counter() - started
    size = conn.execute("SELECT pg_total_relation_size('bench_toast')").fetchone()[0]
    return seconds, size / 2**20


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with workdir("toast") as tmp, postgres(tmp) as pg:
        # The site's own content directory: every command's system checks read its site.yaml.
        env = site_env(pg.url, copy_site_content(tmp), tmp)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "loadcontent", "--path", str(args.corpus), "--allow-extra-fields")
        with psycopg.connect(pg.url, autocommit=True) as conn:
            rows = conn.execute("SELECT body, body_html, sections::text FROM topics_topic").fetchall()
            results = {method: [] for method in METHODS}
            for _ in range(args.rounds):
                for method in METHODS:
                    results[method].append(insert_seconds(conn, method, rows))
            conn.execute("DROP TABLE bench_toast")
    megabytes = sum(len(value) for row in rows for value in row) / 2**20
    print(f"# pglz against lz4 — {machine()}")
    print(f"{len(rows)} pages, {megabytes:.0f} MiB of Markdown, HTML and sections; {args.rounds} rounds, alternating")
    print("| method | insert s per round | mean s | table MiB |")
    print("|---|---|---|---|")
    for method, runs in results.items():
        print(f"| {method} | {', '.join(f'{s:.2f}' for s, _ in runs)} | {statistics.mean(s for s, _ in runs):.2f} "
              f"| {runs[-1][1]:.0f} |")
    pglz, lz4 = (statistics.mean(s for s, _ in results[m]) for m in METHODS)
    print(f"lz4 / pglz insert time: {lz4 / pglz:.2f}x")


if __name__ == "__main__":
    main()
