"""A gunicorn worker's peak memory while four editors upload large images at once.

Starts gunicorn with the project's gunicorn.conf.py (one worker, its four threads) on a throwaway
SQLite database with the site's content, signs in four staff sessions and sends four uploads at
the same moment, one per session. The worker's peak RSS (VmHWM in /proc/<pid>/status, reset
before each round through /proc/<pid>/clear_refs) is compared with its idle RSS after it has
served pages, a search and one small upload, as a worker in service has.

Rounds (PNGs of zeros, which compress to almost nothing):
- attack: 4898 × 4898 16-bit RGBA (187 KB on disk, 192 MB decoded);
- the largest accepted: 4000 × 4000 8-bit RGB and 2828 × 2828 8-bit RGBA (each just within
  uploads.MAX_DECODE_MEMORY).

With --baseline REV the attack round also runs on that commit's code, side by side (by default
the commit before uploads were capped by decoded size; use --baseline '' to skip it).

    .venv/bin/python bench/upload_memory.py [--baseline REV] [--bound-mb 300]
"""
import argparse
import io
import os
import re
import subprocess
import sys
import tarfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness import ROOT, free_port, machine, workdir  # noqa: E402
from tests.editing.images import image_bytes, png_of_zeros  # noqa: E402
from tests.serving.servers import StaffSession  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
BEFORE_DECODED_CAP = "25186cd"  # the last commit that capped uploads by pixel count only
PASSWORD = "bench only password 4898"
EDITORS = 4


def status_kb(pid, field):
    return int(re.search(rf"{field}:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1))


def reset_peak(pid):
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM starts again from the current RSS


def manage(tree, env, *args):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=tree, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed in {tree}:\n{result.stdout}\n{result.stderr}")


def site(tree, tmp):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MBCINFO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "mbcinfo.settings", "DJANGO_SECRET_KEY": "bench-only-" + "k" * 40,
                "DJANGO_HTTPS": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}", "MBCINFO_CONTENT_DIR": str(ROOT / "content"),
                "MBCINFO_SEARCH_INDEX_DIR": str(tmp / "index"), "DJANGO_MEDIA_ROOT": str(tmp / "media"),
                "PYTHONPATH": str(tree)})
    manage(tree, env, "migrate", "--noinput", "-v0")
    manage(tree, env, "collectstatic", "--noinput", "-v0")  # the admin's sign-in page needs the manifest
    manage(tree, env, "loadcontent")
    for number in range(EDITORS):
        manage(tree, {**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}, "createsuperuser", "--noinput",
               "--username", f"editor{number}", "--email", f"editor{number}@example.org")
    return env


def start(tree, env, tmp):
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1",
           "GUNICORN_ACCESS_LOG": str(tmp / "access.log"), "GUNICORN_ERROR_LOG": str(tmp / "error.log")}
    process = subprocess.Popen([GUNICORN, "--config", "gunicorn.conf.py"], cwd=tree, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            sessions = [StaffSession(url).login(f"editor{number}", PASSWORD) for number in range(EDITORS)]
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.terminate()
                raise SystemExit(f"gunicorn did not start:\n{(tmp / 'error.log').read_text()}")
            time.sleep(0.3)
    worker = int(Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()[0])
    return process, worker, sessions


def upload_round(worker, sessions, data):
    """Four uploads at once; (peak RSS MB, seconds, [(status, answer)])."""
    reset_peak(worker)
    answers = [None] * len(sessions)
    go = threading.Barrier(len(sessions))

    def send(index):
        go.wait()
        answers[index] = sessions[index].upload_image(data)

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(sessions))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return status_kb(worker, "VmHWM") / 1024, time.perf_counter() - started, answers


def measure(tree, label, rounds):
    with workdir("upload-memory") as tmp:
        env = site(tree, tmp)
        process, worker, sessions = start(tree, env, tmp)
        try:
            # Warm-up: pages, a search (it builds the index) and one small upload.
            for path in ("/", "/topics/treatment/", "/search/?q=treatment", "/search/?q=pain"):
                with urllib.request.urlopen(sessions[0].url + path, timeout=60) as response:
                    response.read()
            status, answer = sessions[0].upload_image(image_bytes("PNG"))
            assert status == 200, answer
            time.sleep(1)
            idle = status_kb(worker, "VmRSS") / 1024
            rows = []
            for name, data in rounds:
                peak, seconds, answers = upload_round(worker, sessions, data)
                rows.append((label, name, len(data), idle, peak, seconds, answers))
            return rows
        finally:
            process.terminate()
            process.wait(timeout=60)


def tree_at(revision, tmp):
    """The repository's files at `revision`, in a directory of their own."""
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, check=True, capture_output=True).stdout
    tarfile.open(fileobj=io.BytesIO(archive)).extractall(tmp, filter="data")
    return tmp


def summary(answers):
    counts = {}
    for status, answer in answers:
        key = f"{status} {answer.get('error', 'stored')}" if status != 200 else "200 stored"
        counts[key] = counts.get(key, 0) + 1
    return "; ".join(f"{count} × {key}" for key, count in counts.items())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BEFORE_DECODED_CAP, help="commit to compare with ('' to skip)")
    parser.add_argument("--bound-mb", type=float, default=300, help="the peak a worker must stay under")
    args = parser.parse_args()
    attack = png_of_zeros(4898, 4898)  # 16-bit RGBA
    rows = measure(ROOT, "this tree", [
        ("attack: 4898² 16-bit RGBA PNG", attack),
        ("largest accepted RGB: 4000² 8-bit PNG", png_of_zeros(4000, 4000, bit_depth=8, color_type=2)),
        ("largest accepted RGBA: 2828² 8-bit PNG", png_of_zeros(2828, 2828, bit_depth=8)),
    ])
    if args.baseline:
        with workdir("upload-memory-baseline") as tmp:
            rows += measure(tree_at(args.baseline, tmp), f"baseline {args.baseline}",
                            [("attack: 4898² 16-bit RGBA PNG", attack)])
    print(f"Machine: {machine()}")
    print("| code | four concurrent uploads of | file | worker idle | worker peak | peak / idle | seconds | answers |")
    print("|---|---|---|---|---|---|---|---|")
    for label, name, size, idle, peak, seconds, answers in rows:
        print(f"| {label} | {name} | {size / 1024:.0f} KB | {idle:.0f} MB | {peak:.0f} MB | {peak / idle:.2f} | "
              f"{seconds:.1f} | {summary(answers)} |")
    ours = [row for row in rows if row[0] == "this tree"]
    worst = max(row[4] for row in ours)
    print(f"Bound: a worker stays under {args.bound_mb:.0f} MB; worst peak for this tree {worst:.0f} MB: "
          f"{'within' if worst <= args.bound_mb else 'OVER'} the bound.")
    return 0 if worst <= args.bound_mb else 1


if __name__ == "__main__":
    sys.exit(main())
