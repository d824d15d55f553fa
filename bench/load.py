"""Load while content changes: 32 connections for 30 s on the home page, every topic page, a
missing page (and search, ordinary and hostile, when the search app is installed), while
`loadcontent` (and `rebuild_index`) run twice with a real change each time.

Reports: requests/s, responses by status (goal: zero 5xx), error lines in every log (goal:
zero), worker memory (goal: <= 120 MB RSS), and a privacy canary: a unique word sent as a
search, in query strings, a Referer and a malformed request line, then searched for in every
log file, PostgreSQL's included (goal: zero hits).

    .venv/bin/python bench/load.py [--seconds 30] [--connections 32]
"""
import argparse
import re
import socket
import threading
import time
import uuid

from harness import (copy_site_content, error_lines, gunicorn, has_command, machine, manage, postgres,
                     prepare_site, site_env, workdir, wrk)

ORDINARY_SEARCHES = ["palliative care", "treatment", "paliative", "hospice", "clinical trials",
                     "how long can I live", "bone pain", "financial help"]
HOSTILE_SEARCHES = ["(" * 2000, '"""', "AND OR NOT", "*", "?", "title:", "<script>alert(1)</script>",
                    "%00", "a" * 500, "é漢字🙂", "palliative&page=99999", "x&page=-1", ""]


def topic_slugs(content):
    return sorted(re.search(r"^slug:\s*(\S+)", page.read_text(), re.M).group(1)
                  for page in content.glob("*.md"))


def search_paths():
    from urllib.parse import quote_plus

    paths = []
    for query in ORDINARY_SEARCHES + HOSTILE_SEARCHES:
        head, _, rest = query.partition("&")  # the last two carry a hostile page number
        paths.append(f"/search/?q={quote_plus(head)}" + (f"&{rest}" if rest else ""))
    paths += ["/search/suggest/?q=pal", "/search/suggest/?q=" + quote_plus("((((")]
    return paths


def change_content(env, content, seconds, search, record):
    """Twice during the run: change a page's summary, load it, rebuild the index."""
    page = content / "treatment.md"
    for run in (1, 2):
        time.sleep(seconds / 3)
        text = page.read_text()
        page.write_text(re.sub(r"^(summary: .*?)( \(load run \d\))?$", rf"\1 (load run {run})", text,
                               count=1, flags=re.M))
        took, result = manage(env, "loadcontent")
        record.append(f"loadcontent run {run}: {took:.2f} s, {result.stdout.strip().splitlines()[-1]}")
        if search:
            took, _ = manage(env, "rebuild_index")
            record.append(f"rebuild_index run {run}: {took:.2f} s")


def send_canary(server, canary):
    paths = [f"/search/?q={canary}", f"/topics/treatment/?q={canary}", f"/?utm_term={canary}",
             f"/healthz?{canary}", f"/search/suggest/?q={canary}"]
    for path in paths:
        server.get(path, headers={"Referer": f"https://mbcinfo.example.org/search/?q={canary}"})
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall(f"GET /search/?q={canary}\x01 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        raw.recv(100)
    return len(paths) + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()

    with workdir("load") as tmp, postgres(tmp) as pg:
        content = copy_site_content(tmp)
        env = site_env(pg.url, content, tmp)
        prepare_site(env)
        search = has_command(env, "rebuild_index")
        paths = ["/"] + [f"/topics/{slug}/" for slug in topic_slugs(content)] + ["/topics/no-such-page/"]
        if search:
            paths += search_paths()
        canary = f"canary{uuid.uuid4().hex}"
        changes = []

        with gunicorn(env, tmp / "logs") as server:
            for path in paths:  # every path answers before the clock starts
                server.get(path)
            changer = threading.Thread(target=change_content,
                                       args=(env, content, args.seconds, search, changes))
            changer.start()
            result = wrk(server.url, paths, seconds=args.seconds, connections=args.connections)
            changer.join()
            summary_now = server.get("/topics/treatment/")[2].decode()
            canaries = send_canary(server, canary)
            rss = server.worker_rss_mb()
        logs = [tmp / "logs" / "access.log", tmp / "logs" / "error.log", pg.log]
        errors = error_lines(*logs)
        hits = {str(log): log.read_text(errors="replace").count(canary) for log in logs}
        hits.update({str(f): f.read_text(errors="replace").count(canary)
                     for f in tmp.rglob("*.log") if str(f) not in hits})

    print(f"# Load while content changes — {machine()}")
    print(f"paths: {len(paths)} ({'with' if search else 'without'} search: "
          f"{'installed' if search else 'the search app is not installed'})")
    print(f"wrk: {args.connections} connections, {args.seconds} s: {result.requests} requests, "
          f"{result.requests_per_second:.0f} req/s, p50 {result.latency_p50_ms:.1f} ms, "
          f"p99 {result.latency_p99_ms:.1f} ms, socket errors: {result.socket_errors}")
    print(f"responses by status: {dict(sorted(result.statuses.items()))}")
    print(f"5xx: {result.server_errors} (goal 0)")
    for line in changes:
        print(line)
    print(f"change visible after the run: {'(load run 2)' in summary_now}")
    print(f"error lines in logs: {len(errors)} (goal 0)")
    for line in errors[:20]:
        print("   ", line)
    print(f"worker RSS MB after the run: {', '.join(f'{mb:.0f}' for mb in rss)} "
          f"(max {max(rss):.0f}; goal <= 120)")
    print(f"privacy canary: sent {canaries} ways, hits in {len(hits)} log files: {sum(hits.values())} (goal 0)")
    failed = result.server_errors or errors or sum(hits.values()) or max(rss) > 120
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
