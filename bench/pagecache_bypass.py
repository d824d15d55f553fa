"""Requests that once bypassed the page cache, against a plain GET of the same page, on one
gunicorn in the same run: a made-up session cookie, a Host naming a port of the client's
choice, OPTIONS, TRACE. Each shape used to render the page afresh (179 against 900 req/s);
now each should run at about the speed of the plain GET.

    .venv/bin/python bench/pagecache_bypass.py [--seconds 5] [--rounds 3] [--connections 8]

The load comes from Python threads with keep-alive connections (this machine has no wrk), so
the figures are lower than wrk's; the ratios are what to read. Rounds take the shapes in turn.
"""
import argparse
import http.client
import random
import statistics
import threading
import time

from harness import HTTPS, copy_site_content, gunicorn, machine, postgres, prepare_site, site_env, workdir

PAGE = "/topics/treatment/"


def shapes():
    def plain():
        return "GET", {}

    def made_up_cookie():
        return "GET", {"Cookie": f"sessionid={random.getrandbits(128):032x}"}

    def host_with_a_port():
        return "GET", {"Host": f"127.0.0.1:{random.randrange(1, 65536)}"}

    def options():
        return "OPTIONS", {}

    def trace():
        return "TRACE", {}

    return {"plain GET": plain, "made-up session cookie": made_up_cookie, "Host with any port": host_with_a_port,
            "OPTIONS": options, "TRACE (405)": trace}


def run(port, shape, seconds, connections):
    """(requests per second, {status: count})"""
    counts, lock, deadline = {}, threading.Lock(), time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        seen = {}
        while time.monotonic() < deadline:
            method, headers = shape()
            connection.request(method, PAGE, headers={**HTTPS, **headers})
            response = connection.getresponse()
            response.read()
            seen[response.status] = seen.get(response.status, 0) + 1
        connection.close()
        with lock:
            for status, count in seen.items():
                counts[status] = counts.get(status, 0) + count

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts.values()) / (time.monotonic() - started), counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    kinds = shapes()
    results = {name: [] for name in kinds}
    statuses = {name: {} for name in kinds}
    with workdir("bypass") as tmp, postgres(tmp) as pg:
        env = site_env(pg.url, copy_site_content(tmp), tmp)
        prepare_site(env)
        with gunicorn(env, tmp / "logs") as server:
            server.get(PAGE)
            for _ in range(args.rounds):
                for name, shape in kinds.items():
                    rate, counts = run(server.port, shape, args.seconds, args.connections)
                    results[name].append(rate)
                    for status, count in counts.items():
                        statuses[name][status] = statuses[name].get(status, 0) + count
    baseline = statistics.mean(results["plain GET"])
    print(f"# Page cache: shapes that once bypassed it — {machine()}")
    print(f"{PAGE} on PostgreSQL, gunicorn as gunicorn.conf.py sets it; {args.connections} keep-alive "
          f"connections from Python threads; {args.rounds} rounds x {args.seconds:g} s per shape, in turn")
    print("| request | req/s per round | mean req/s | against plain GET | statuses |")
    print("|---|---|---|---|---|")
    for name, rates in results.items():
        mean = statistics.mean(rates)
        print(f"| {name} | {', '.join(f'{r:.0f}' for r in rates)} | {mean:.0f} | {mean / baseline:.2f}x "
              f"| {dict(sorted(statuses[name].items()))} |")


if __name__ == "__main__":
    main()
