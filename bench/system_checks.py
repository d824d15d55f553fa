"""What the project's own system checks add to every management command's start-up.

Django runs the system checks before most commands (loadcontent, rebuild_index, runserver...),
so ours must stay cheap. Measured side by side in one process: each of our checks, all
checks (Django's and ours), and a whole `manage.py check` run as a subprocess.

    .venv/bin/python bench/system_checks.py [--runs N]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-any-real-site-0000000000")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mbcinfo.settings")


def per_call_ms(function, runs):
    function()
    started = time.perf_counter()
    for _ in range(runs):
        function()
    return (time.perf_counter() - started) / runs * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.checks import run_checks

    from mbcinfo.editing.systemchecks import check_storage
    from mbcinfo.search.systemchecks import check_index_directory, check_synonyms
    from mbcinfo.topics.systemchecks import check_content_files

    ours = {check.__name__: per_call_ms(check, args.runs)
            for check in (check_content_files, check_synonyms, check_index_directory, check_storage)}
    every = per_call_ms(run_checks, max(5, args.runs // 5))
    command = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, check=True, capture_output=True)
        command.append((time.perf_counter() - started) * 1000)
    whole = statistics.median(command)
    total = sum(ours.values())
    for name, ms in ours.items():
        print(f"| {name} | {ms:.2f} ms |")
    print(f"| our checks together | {total:.1f} ms |")
    print(f"| all system checks (Django's and ours) | {every:.1f} ms |")
    print(f"| `manage.py check`, whole process (median of 5) | {whole:.0f} ms |")
    print(f"our checks / whole command: {total / whole:.1%}; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
