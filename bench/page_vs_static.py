"""A topic page against a static file of the same size, on the same gunicorn, in the same run.

The static file is served by WhiteNoise from inside the same Django process, so the ratio
shows what rendering, the page cache and its one generation query cost on top of simply
sending the bytes. Rounds alternate page / file so machine noise falls on both. Goal: the
page reaches >= 0.8x the file's requests/s.

    .venv/bin/python bench/page_vs_static.py [--seconds 15] [--rounds 2] [--connections 32]
                                             [--generation-seconds 1]
"""
import argparse
import statistics

from harness import (ROOT, copy_site_content, gunicorn, machine, postgres, prepare_site, site_env,
                     workdir, wrk)

PAGE = "/topics/treatment/"
STATIC_NAME = "bench-same-size-as-topic.html"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--generation-seconds", default="1",
                        help="MBCINFO_PAGE_CACHE_GENERATION_SECONDS for the server (0: a query per page)")
    args = parser.parse_args()

    static_file = ROOT / "staticfiles" / STATIC_NAME
    with workdir("static") as tmp, postgres(tmp) as pg:
        content = copy_site_content(tmp)
        env = site_env(pg.url, content, tmp, MBCINFO_PAGE_CACHE_GENERATION_SECONDS=args.generation_seconds)
        prepare_site(env)
        try:
            # The page's own bytes, fetched from a first server, become the static file that
            # WhiteNoise finds when the measured server starts.
            with gunicorn(env, tmp / "logs-probe", workers=1) as probe:
                status, _, body = probe.get(PAGE)
                assert status == 200
            static_file.write_bytes(body)
            with gunicorn(env, tmp / "logs") as server:
                status, headers, served = server.get(f"/static/{STATIC_NAME}")
                assert status == 200 and len(served) == len(body), (status, len(served), len(body))
                server.get(PAGE)
                page_runs, static_runs = [], []
                for _ in range(args.rounds):
                    page_runs.append(wrk(server.url, [PAGE], args.seconds, args.connections))
                    static_runs.append(wrk(server.url, [f"/static/{STATIC_NAME}"], args.seconds, args.connections))
                workers = len(server.worker_pids())
        finally:
            static_file.unlink(missing_ok=True)

    page_rps = statistics.mean(r.requests_per_second for r in page_runs)
    static_rps = statistics.mean(r.requests_per_second for r in static_runs)
    print(f"# Topic page vs static file of the same size — {machine()}")
    print(f"{PAGE}: {len(body)} bytes; static file {len(served)} bytes; gunicorn {workers} workers as gunicorn.conf.py sets them; "
          f"wrk {args.connections} connections, {args.rounds} x {args.seconds} s each, alternating; "
          f"generation re-read every {args.generation_seconds} s")
    print("| | req/s per round | mean req/s | p50 ms | p99 ms | non-2xx |")
    print("|---|---|---|---|---|---|")
    for name, runs, mean in (("topic page", page_runs, page_rps), ("static file", static_runs, static_rps)):
        rounds = ", ".join(f"{r.requests_per_second:.0f}" for r in runs)
        others = sum(c for r in runs for k, c in r.statuses.items() if k != "2xx")
        print(f"| {name} | {rounds} | {mean:.0f} | {statistics.mean(r.latency_p50_ms for r in runs):.1f} "
              f"| {statistics.mean(r.latency_p99_ms for r in runs):.1f} | {others} |")
    print(f"ratio page / static: {page_rps / static_rps:.2f}x (goal >= 0.8x)")


if __name__ == "__main__":
    main()
