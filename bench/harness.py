"""What the production benchmarks share: a throwaway PostgreSQL, a site database, gunicorn, wrk.

Everything runs on loopback ports chosen at random, in a temporary directory, and is stopped
at the end. Servers run the production settings with HTTPS on: wrk sends X-Forwarded-Proto:
https as a TLS-terminating load balancer would, and gunicorn believes it from 127.0.0.1.
"""
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
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
    """Run manage.py; return (seconds, completed process)."""
    started = time.perf_counter()
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if check and result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return seconds, result


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
def gunicorn(env, log_dir, workers=None):
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_ACCESS_LOG": str(log_dir / "access.log"), "GUNICORN_ERROR_LOG": str(log_dir / "error.log")}
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    process = subprocess.Popen([GUNICORN, "--config", "gunicorn.conf.py"], cwd=ROOT, env=env)
    server = Server(f"http://127.0.0.1:{port}", port, process, log_dir)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if server.get("/healthz")[0] in (200, 503):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"gunicorn did not start:\n{(log_dir / 'error.log').read_text()}")
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


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
    try:
        result = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
             "-s", str(MIXED_LUA), url, "--", listing.name],
            capture_output=True, text=True, check=True)
    finally:
        os.unlink(listing.name)
    out = result.stdout
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
