"""Real gunicorn servers and their own database, for tests that need more than the test client.

A server database is a fresh PostgreSQL database on the server the suite runs against (when
DATABASE_URL points at PostgreSQL) or a SQLite file otherwise, migrated and loaded through
`manage.py` exactly as a deploy would.
"""
import http.cookiejar
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SECRET = "server-test-secret-key-" + "x" * 40


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(database_url, content_dir, **extra):
    """The environment of a server or command on `database_url`. Everything it writes stays
    beside `content_dir` (a temporary copy), never in the checkout's var/ or media/."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MBCINFO_"))}
    beside = Path(content_dir).parent
    env.update({
        "DJANGO_SETTINGS_MODULE": "mbcinfo.settings",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_HTTPS": "0",  # plain http on loopback; the https settings are tested elsewhere
        "DATABASE_URL": database_url,
        "MBCINFO_CONTENT_DIR": str(content_dir),
        "MBCINFO_SEARCH_INDEX_DIR": str(beside / "search-index"),
        "DJANGO_MEDIA_ROOT": str(beside / "media"),
    })
    env.update(extra)
    return env


def manage(env, *args):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@contextmanager
def server_database(tmp_path):
    """A DATABASE_URL for a new, empty database the servers (and nothing else) use."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'servers.sqlite3'}"
        return
    import psycopg

    name = f"mbcinfo_servers_{uuid.uuid4().hex[:12]}"
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None,
              "password": db["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    try:
        yield f"postgres://{user}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_site_content(tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(ROOT / "content", directory)
    return directory


# How long a request may wait for its answer. The first one to a new server waits for a worker
# to boot, and on a loaded 2-core machine (CI, benchmarks beside it) that took more than 10 s;
# a server that hangs still fails the test, a minute later.
ANSWER_WITHIN = 60


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    access_log: Path
    error_log: Path

    def get(self, path, headers=None):
        """(status, headers, body text); error statuses are answers too, not exceptions."""
        status, headers, body = self.get_bytes(path, headers)
        return status, headers, body.decode()

    def get_bytes(self, path, headers=None):
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=ANSWER_WITHIN) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def logs(self):
        return self.access_log.read_text() + self.error_log.read_text()


def wait_until_listening(server, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"gunicorn exited early:\n{server.error_log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1])), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn did not start:\n{server.error_log.read_text()}")


@contextmanager
def gunicorn(env, log_dir, workers=2, cwd=ROOT):
    """Start gunicorn with the repository's gunicorn.conf.py on a free loopback port, in `cwd`
    (another directory stands for another machine's checkout)."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    access_log, error_log = log_dir / f"access-{port}.log", log_dir / f"error-{port}.log"
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
           "GUNICORN_ACCESS_LOG": str(access_log), "GUNICORN_ERROR_LOG": str(error_log),
           "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([GUNICORN, "--config", str(ROOT / "gunicorn.conf.py")], cwd=cwd, env=env)
    server = Server(f"http://127.0.0.1:{port}", process, access_log, error_log)
    try:
        wait_until_listening(server)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(condition, timeout=10.0, interval=0.2):
    """Poll until condition() is true; return whether it became true in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def create_staff(env, username, password):
    """A superuser (staff, every permission) in the servers' database."""
    manage({**env, "DJANGO_SUPERUSER_PASSWORD": password}, "createsuperuser", "--noinput",
           "--username", username, "--email", f"{username}@example.org")


class StaffSession:
    """A signed-in admin session on a real server, kept as a browser keeps it (cookies, CSRF)."""

    def __init__(self, url):
        self.url = url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def login(self, username, password):
        with self.opener.open(self.url + "/admin/login/", timeout=30) as response:
            response.read()
        form = urllib.parse.urlencode({"username": username, "password": password, "next": "/admin/",
                                       "csrfmiddlewaretoken": self.cookie("csrftoken")}).encode()
        with self.opener.open(urllib.request.Request(self.url + "/admin/login/", data=form), timeout=30) as response:
            response.read()
        assert self.cookie("sessionid"), f"could not sign in as {username}"
        return self

    def upload_image(self, data, file_name="image.png", timeout=120):
        """POST an image to the editor's upload endpoint: (status, JSON answer)."""
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{file_name}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.url + "/editing/upload/", data=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "X-CSRFToken": self.cookie("csrftoken"),
            "X-Requested-With": "XMLHttpRequest"})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")
