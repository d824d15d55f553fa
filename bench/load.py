"""How long loadcontent takes on the 2,802-page NIH corpus, beside a baseline in the same run.

Baseline: reading every file's bytes (the floor any loader pays). Then: the loader's check phase
alone (--dry-run), a first full load, and a second load with nothing changed. Runs against a
throwaway SQLite database so it never touches the site's own.

    .venv/bin/python bench/load.py [--corpus DIR]
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "medquad-nih-health"


def timed(label, function, baseline=None):
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    ratio = f"{seconds / baseline:6.1f}×" if baseline else "  1.0×"
    print(f"{label:<42} {seconds:8.2f} s  {ratio}")
    return seconds, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(CORPUS))
    args = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mbcinfo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from mbcinfo.topics.loader import load_directory

    call_command("migrate", verbosity=0)
    corpus = Path(args.corpus)
    files = sorted(corpus.glob("*.md"))
    print(f"corpus: {corpus} ({len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB)")
    base, _ = timed("baseline: read every file", lambda: [f.read_bytes() for f in files])
    timed("check only (--dry-run)", lambda: load_directory(corpus, dry_run=True, allow_extra_fields=True), base)
    _, report = timed("first load (all created)", lambda: load_directory(corpus, allow_extra_fields=True), base)
    print(f"  {report.summary()}")
    _, report = timed("second load, nothing changed", lambda: load_directory(corpus, allow_extra_fields=True), base)
    print(f"  {report.summary()}")


if __name__ == "__main__":
    main()
