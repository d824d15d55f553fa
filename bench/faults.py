"""Faults, on a real PostgreSQL server and a real gunicorn:

1. The database stops under load: visitors get the 503 page with the helpline (never a 500 or
   a traceback), /healthz says 503, and service comes back by itself when the database does.
2. SIGTERM with requests in flight: each of them is answered in full, then gunicorn exits 0.
   Measured on the configured gthread workers and, side by side, on gunicorn's sync workers.
3. The search index directory is deleted mid-run (only when the search app is installed):
   search keeps answering and the index is rebuilt.

    .venv/bin/python bench/faults.py [--stop-repeats 3] [--in-flight 8] [--only-stop]
"""
import argparse
import json
import shutil
import signal
import socket
import threading
import time
from pathlib import Path

from harness import (copy_site_content, gunicorn, has_command, machine, postgres, prepare_site, site_env,
                     workdir, wrk)
from load import search_paths

PAGES = ["/", "/topics/treatment/", "/topics/palliative-care/", "/topics/outlook/"]


def database_outage(server, pg, out):
    load = {}
    loader = threading.Thread(target=lambda: load.update(result=wrk(server.url, PAGES, seconds=20, connections=8)))
    loader.start()
    time.sleep(5)
    pg.stop()
    stopped = time.monotonic()
    time.sleep(2)  # past the page cache's one-second trust in the generation
    status, headers, body = server.get("/topics/treatment/")
    html = body.decode()
    health_status, _, health = server.get("/healthz")
    out.append(f"database stopped: page {status}, Retry-After {headers.get('Retry-After')}, "
               f"helpline shown: {'tel:+18774656636' in html}, traceback shown: {'Traceback' in html}; "
               f"/healthz {health_status} database={json.loads(health)['database']['status']}")
    time.sleep(max(0.0, 5 - (time.monotonic() - stopped)))
    pg.start()
    started = time.monotonic()
    while server.get("/topics/outlook/")[0] != 200:
        time.sleep(0.05)
    out.append(f"database started again after {started - stopped:.1f} s down: pages back "
               f"{time.monotonic() - started:.2f} s later, no restart of gunicorn")
    loader.join()
    result = load["result"]
    out.append(f"under load (8 connections, 20 s, outage in the middle): {result.requests} requests, "
               f"by status {dict(sorted(result.statuses.items()))}; 500s: {result.statuses.get('500', 0)} (goal 0)")
    return result.statuses.get("500", 0) == 0 and status == 503 and "Traceback" not in html


def graceful_stop(server, in_flight):
    """Half-sent requests, more of them than there are workers, then SIGTERM, then the rest of
    each request. Returns (answered in full, seconds to exit, exit code, refused afterwards)."""
    sockets = []
    for _ in range(in_flight):
        raw = socket.create_connection(("127.0.0.1", server.port))
        raw.sendall(b"GET /topics/treatment/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n")
        sockets.append(raw)
    time.sleep(1)
    server.process.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    time.sleep(1)
    complete = 0
    for raw in sockets:
        answer = b""
        try:
            raw.sendall(b"Connection: close\r\n\r\n")
            while chunk := raw.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass  # dropped: counted as not answered
        raw.close()
        complete += answer.startswith(b"HTTP/1.1 200") and answer.rstrip().endswith(b"</html>")
    code = server.process.wait(timeout=60)
    seconds = time.monotonic() - signalled
    try:
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
        refused = False
    except OSError:
        refused = True
    return complete, seconds, code, refused


def graceful_stops(env, tmp, out, repeats, in_flight):
    """SIGTERM `repeats` times on the configured (gthread) workers and, as the baseline, on
    gunicorn's default sync workers, alternating, with the same number of workers."""
    ok = True
    # gunicorn turns sync into gthread when threads > 1, so the baseline also sets one thread.
    for worker_class, threads in (("gthread", None), ("sync", 1)):
        env_for = {**env, "GUNICORN_CMD_ARGS": f"--worker-class {worker_class}"
                   + (f" --threads {threads}" if threads else "")}
        results = []
        for run in range(repeats):
            log_dir = tmp / f"logs-stop-{worker_class}-{run}"
            with gunicorn(env_for, log_dir, workers=4) as server:
                server.get("/topics/treatment/")
                time.sleep(1)  # every worker booted: what is measured is the stop, not the start
                results.append(graceful_stop(server, in_flight))
            used = (log_dir / "error.log").read_text()
            assert f"Using worker: {worker_class}" in used, f"gunicorn did not use {worker_class} workers"
        answered = sum(r[0] for r in results)
        clean = sum(r[2] == 0 and r[3] for r in results)
        out.append(f"SIGTERM with {in_flight} half-sent requests in flight, 4 {worker_class} workers, {repeats} runs: "
                   f"{answered}/{in_flight * repeats} answered in full (200 and the whole page); "
                   f"exited 0 and refused new connections in {clean}/{repeats}; seconds to exit "
                   f"{', '.join(f'{r[1]:.1f}' for r in results)}")
        if worker_class == "gthread":
            ok &= answered == in_flight * repeats and clean == repeats
    return ok


def index_deleted(env, server, out):
    """wrk on search pages; the index directory is deleted in the middle. Goal: every search
    still answers 200 (from the database), and the index is rebuilt by the server itself."""
    if not has_command(env, "rebuild_index"):
        out.append("index directory deleted mid-run: not run, the search app is not installed")
        return True
    index_dir = Path(env["MBCINFO_SEARCH_INDEX_DIR"])
    paths = search_paths()
    for path in paths:
        server.get(path)
    load = {}
    loader = threading.Thread(target=lambda: load.update(result=wrk(server.url, paths, seconds=20, connections=8)))
    loader.start()
    time.sleep(5)
    shutil.rmtree(index_dir)
    deleted = time.monotonic()
    status, _, body = server.get("/search/?q=palliative+care")
    answered = status == 200 and b"/topics/palliative-care/" in body
    rebuilt = None
    while time.monotonic() - deleted < 60:
        server.get("/search/?q=hospice")  # a search notices the missing index and starts a rebuild
        health = json.loads(server.get("/healthz")[2])["search"]
        if health["status"] == "ok":
            rebuilt = time.monotonic() - deleted
            break
        time.sleep(0.2)
    loader.join()
    result = load["result"]
    out.append(f"index directory deleted mid-run: a search right after answered {status} with results: {answered}; "
               f"index rebuilt by the server {f'{rebuilt:.1f} s' if rebuilt is not None else 'NOT within 60 s'} "
               f"after the deletion (/healthz search ok), directory back: {index_dir.is_dir()}")
    out.append(f"under search load (8 connections, 20 s, {len(paths)} ordinary and hostile searches, deletion at 5 s): "
               f"{result.requests} requests, by status {dict(sorted(result.statuses.items()))}; "
               f"5xx: {result.server_errors} (goal 0)")
    return answered and rebuilt is not None and result.server_errors == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stop-repeats", type=int, default=3, help="SIGTERM runs per worker class")
    parser.add_argument("--in-flight", type=int, default=8, help="half-sent requests at SIGTERM (4 workers)")
    parser.add_argument("--only-stop", action="store_true", help="only the SIGTERM check")
    args = parser.parse_args()
    out, ok = [], True
    with workdir("faults") as tmp, postgres(tmp) as pg:
        content = copy_site_content(tmp)
        env = site_env(pg.url, content, tmp)
        prepare_site(env)
        if not args.only_stop:
            with gunicorn(env, tmp / "logs-outage") as server:
                for path in PAGES:
                    server.get(path)
                ok &= database_outage(server, pg, out)
                ok &= index_deleted(env, server, out)
            errors = (tmp / "logs-outage" / "error.log").read_text()
            out.append(f"the outage is in the error log for operators: {'OperationalError' in errors}")
        ok &= graceful_stops(env, tmp, out, args.stop_repeats, args.in_flight)
    print(f"# Faults — {machine()}")
    for line in out:
        print("-", line)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
