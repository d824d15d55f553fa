"""What the production benchmarks share: a throwaway PostgreSQL, a site database, gunicorn, wrk.

Everything runs on loopback ports chosen at random, in a temporary directory, and is stopped
at the end. Servers run the production settings with HTTPS on: wrk sends X-Forwarded-Proto:
https as a TLS-terminating load balancer would, and gunicorn believes it from 127.0.0.1.

A run that the measuring tool itself aborts (wrk exiting without a report, Lighthouse's
NO_NAVSTART, a server that did not come up) is retried here, up to BENCH_ATTEMPTS times
(default 3); every script prints how many runs were retried, and fails only when a thing cannot
be measured at all. Shell scripts use the same retry through `python bench/harness.py retry`.
"""
import argparse
import atexit
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CORPUS = Path(os.environ.get("MBCINFO_CORPUS", ROOT.parent / "shared" / "corpora" / "medquad-nih-health"))
MIXED_LUA = Path(__file__).with_name("mixed.lua")
SECRET = "bench-only-secret-key-" + "k" * 40
HTTPS = {"X-Forwarded-Proto": "https"}
ATTEMPTS = int(os.environ.get("BENCH_ATTEMPTS", "3"))
# Shell scripts run one process per measured run: each appends its retries to this file (one
# line each), so the script can print the total at the end.
RETRY_LOG = os.environ.get("BENCH_RETRY_LOG")


# --- retrying a run the tool aborted ---

class AbortedRun(Exception):
    """The measuring tool gave up on this run (not a finding about the site): worth a retry."""


class Unmeasurable(SystemExit):
    """Every attempt at a run was aborted: the thing cannot be measured at all."""


RETRIED = []  # (label, reason) for each retried run of this process
_measured = []  # becomes non-empty at the first run: a script that measured nothing says nothing


def retried(label, run, attempts=None):
    """run() until it returns without AbortedRun, at most `attempts` times; say each retry."""
    attempts = attempts or ATTEMPTS
    _measured.append(label)
    for attempt in range(1, attempts + 1):
        try:
            return run()
        except AbortedRun as error:
            reason = str(error).strip().splitlines()[-1][:200] if str(error).strip() else "aborted"
            print(f"bench: {label}: attempt {attempt} of {attempts} aborted ({reason})"
                  + ("; retrying" if attempt < attempts else ""), file=sys.stderr, flush=True)
            if attempt < attempts:
                RETRIED.append((label, reason))
                if RETRY_LOG:
                    with open(RETRY_LOG, "a") as log:
                        log.write(f"{label}\t{reason}\n")
            last = error
    raise Unmeasurable(f"bench: {label} could not be measured: all {attempts} attempts were aborted ({last})")


def retry_summary(retries):
    if not retries:
        return "Retried runs: 0."
    return f"Retried runs: {len(retries)} (" + "; ".join(f"{label}: {reason}" for label, reason in retries) + ")."


# A benchmark stopped by SIGTERM (`timeout`, a CI limit) unwinds like Ctrl-C: its `finally`
# blocks stop the PostgreSQL server and gunicorn it started, instead of leaving them running.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


@atexit.register
def _say_retries():
    if _measured and not RETRY_LOG:  # a shell script prints its own total from the log
        print(retry_summary(RETRIED), flush=True)


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    load = Path("/proc/loadavg").read_text().split()[:3]
    return f"{date.today().isoformat()}, {os.cpu_count()} cores ({cpu}), {memory_kb // 1024 // 1024} GiB, " \
           f"Linux {platform.release()}, Python {platform.python_version()}; load average at the end " \
           f"{' '.join(load)} (other work shares this machine)"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def workdir(name):
    path = Path(tempfile.mkdtemp(prefix=f"mbcinfo-bench-{name}-"))
    path.chmod(0o755)  # the PostgreSQL server runs as its own user and must reach its directory
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


class Postgres:
    """A throwaway PostgreSQL server (.ci/postgres) that can be stopped and started again."""

    def __init__(self, directory):
        self.directory = directory
        self.url = None

    def start(self):
        self.url = subprocess.run([str(ROOT / ".ci" / "postgres"), "start", str(self.directory)],
                                  check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
        return self.url

    def stop(self):
        subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", str(self.directory)], check=True)

    @property
    def log(self):
        return self.directory / "postgres.log"


@contextmanager
def postgres(tmp):
    server = Postgres(tmp / "postgres")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def site_env(database_url, content_dir, tmp, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MBCINFO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "mbcinfo.settings",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "MBCINFO_CONTENT_DIR": str(content_dir),
        "MBCINFO_SEARCH_INDEX_DIR": str(tmp / "index"),
    })
    env.update(extra)
    return env


def manage(env, *args, check=True):
    """Run manage.py; return (seconds, completed process). A failed command (every one the
    benchmarks time runs in one transaction, so a failure leaves nothing behind) is retried."""
    def run():
        started = time.perf_counter()
        result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if check and result.returncode != 0:
            raise AbortedRun(f"exit {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return seconds, result
    return retried(f"manage.py {' '.join(args)}", run)


def has_command(env, name):
    return manage(env, "help", name, check=False)[1].returncode == 0


def copy_site_content(tmp):
    directory = tmp / "content"
    shutil.copytree(ROOT / "content", directory)
    return directory


def prepare_site(env):
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "loadcontent")
    if has_command(env, "rebuild_index"):
        manage(env, "rebuild_index")


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen
    log_dir: Path

    def get(self, path, headers=None):
        request = urllib.request.Request(self.url + path, headers={**HTTPS, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def worker_rss_mb(self):
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return sizes


@contextmanager
def gunicorn(env, log_dir, workers=None, config=ROOT / "gunicorn.conf.py"):
    server = retried("gunicorn start", lambda: _start_gunicorn(env, log_dir, workers, config))
    try:
        yield server
    finally:
        _stop(server.process)


def _stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def _start_gunicorn(env, log_dir, workers, config):
    port = free_port()  # another process may take it before gunicorn binds: a retry picks again
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_ACCESS_LOG": str(log_dir / "access.log"), "GUNICORN_ERROR_LOG": str(log_dir / "error.log")}
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    process = subprocess.Popen([GUNICORN, "--config", str(config)], cwd=ROOT, env=env)
    server = Server(f"http://127.0.0.1:{port}", port, process, log_dir)
    deadline = time.monotonic() + 30
    while True:
        try:
            if server.get("/healthz")[0] in (200, 503):
                return server
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            _stop(process)
            log = log_dir / "error.log"
            raise AbortedRun(f"gunicorn did not start:\n{log.read_text() if log.exists() else ''}")
        time.sleep(0.2)


@dataclass
class WrkResult:
    requests_per_second: float
    requests: int
    statuses: dict  # "2xx" / "3xx" / "4xx" / "500" / "503" / "5xx other" -> count
    socket_errors: str
    latency_p50_ms: float
    latency_p99_ms: float
    output: str

    @property
    def server_errors(self):
        return sum(count for key, count in self.statuses.items() if key.startswith("5"))


def wrk(url, paths, seconds=30, connections=32, threads=2):
    """wrk over a list of paths, chosen at random per request; counts every status class."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian package)")
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    def run():
        result = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
             "-s", str(MIXED_LUA), url, "--", listing.name],
            capture_output=True, text=True)
        if result.returncode != 0 or "Requests/sec:" not in result.stdout:
            raise AbortedRun(f"wrk exit {result.returncode}: {result.stderr or result.stdout}")
        return result.stdout
    try:
        out = retried(f"wrk {url}", run)
    finally:
        os.unlink(listing.name)
    statuses = dict(re.findall(r"^STATUS (\S+) (\d+)$", out, re.M))
    return WrkResult(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        requests=int(re.search(r"(\d+) requests in", out).group(1)),
        statuses={key: int(value) for key, value in statuses.items()},
        socket_errors=(re.search(r"Socket errors: (.*)", out) or [None, "none"])[1],
        latency_p50_ms=_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        latency_p99_ms=_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        output=out,
    )


def _ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


ERROR_LINE = re.compile(r"\[(ERROR|CRITICAL)\]|Traceback|Internal Server Error|Exception", re.I)


def error_lines(*logs):
    lines = []
    for log in logs:
        if Path(log).exists():
            lines += [line for line in Path(log).read_text(errors="replace").splitlines() if ERROR_LINE.search(line)]
    return lines


# --- the same retry for shell scripts ---

def _retry_command(args):
    """Run a command; a non-zero exit, or a JSON report naming a runtimeError (Lighthouse
    writes its report before exiting with one), is an aborted run: its report is deleted and
    the command runs again."""
    def run():
        result = subprocess.run(args.command)
        reasons = [f"exit {result.returncode}"] if result.returncode else []
        if args.report:
            try:
                error = json.loads(Path(args.report).read_text()).get("runtimeError")
                if error:
                    reasons.append(error.get("code") or "runtimeError")
            except (OSError, ValueError):
                reasons.append("no readable report")
        if reasons:
            if args.report:
                Path(args.report).unlink(missing_ok=True)
            raise AbortedRun(", ".join(reasons))
    try:
        retried(args.label, run)
    except Unmeasurable as error:
        print(error, file=sys.stderr)
        return 75  # EX_TEMPFAIL: the caller decides whether the thing is measured without this run
    return 0


def _count_retries(args):
    lines = Path(args.log).read_text().splitlines() if Path(args.log).exists() else []
    print(retry_summary([tuple(line.split("\t", 1)) for line in lines if line]))
    return 0


if __name__ == "__main__":
    atexit.unregister(_say_retries)  # the shell script says the total, from BENCH_RETRY_LOG
    parser = argparse.ArgumentParser(description="The benchmarks' retry, for shell scripts.")
    commands = parser.add_subparsers(required=True)
    retry = commands.add_parser("retry", usage="%(prog)s LABEL [--report FILE] -- COMMAND ...",
                                help="run COMMAND, retrying it when it aborts")
    retry.add_argument("label")
    retry.add_argument("--report", help="the JSON report COMMAND writes (deleted when the run aborted)")
    retry.set_defaults(handle=_retry_command)
    summary = commands.add_parser("retries", help="print how many runs were retried, from a BENCH_RETRY_LOG")
    summary.add_argument("log")
    summary.set_defaults(handle=_count_retries)
    ours, command = (sys.argv[1:sys.argv.index("--")], sys.argv[sys.argv.index("--") + 1:]) \
        if "--" in sys.argv else (sys.argv[1:], [])
    parsed = parser.parse_args(ours)
    parsed.command = command
    if parsed.handle is _retry_command and not command:
        parser.error("retry needs a command after --")
    sys.exit(parsed.handle(parsed))
