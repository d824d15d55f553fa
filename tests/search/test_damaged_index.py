"""An index whose files are cut short while a searcher has them open: an error the search
answers from the database, never a crash of the process (SIGBUS, under a memory map)."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# In a process of its own: before the fix, the process died of SIGBUS, which would take the
# test run with it.
SCRIPT = textwrap.dedent("""
    import logging, os
    from pathlib import Path
    import django
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    logging.disable(logging.CRITICAL)
    call_command("migrate", verbosity=0)
    from mbcinfo.topics.loader import load_directory
    assert load_directory().ok
    from mbcinfo.search import engine, index
    index.schedule_rebuild = lambda reason: None  # this process only searches
    build = index.rebuild().path
    assert engine.search("hospice").source == "index"  # the searcher has the files open
    for path in build.iterdir():
        os.truncate(path, path.stat().st_size // 3)
    for query in ["treatment options", "pain", "family support", "hospice care"]:
        result = engine.search(query)
        print(query, result.source, result.total, flush=True)
""")


def test_a_segment_cut_short_under_an_open_searcher_is_answered_from_the_database_not_a_crash(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MBCINFO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "mbcinfo.settings", "DJANGO_SECRET_KEY": "x" * 50,
                "DJANGO_HTTPS": "0", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                "MBCINFO_SEARCH_INDEX_DIR": str(tmp_path / "index")})
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, f"exit {result.returncode}:\n{result.stdout}\n{result.stderr[-3000:]}"
    lines = result.stdout.splitlines()
    assert len(lines) == 4 and all(" database " in line for line in lines), lines
    assert "hospice care database 0" not in lines  # the database still finds the pages
