"""loadcontent as an operator sees it: phase lines with their times, progress bars only on a
terminal, silence with -v0, and an exit code per kind of failure."""
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from mbcinfo.exitcodes import ExitCode

ROOT = Path(__file__).resolve().parents[2]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def load(directory, stdout=None, **options):
    out, err = stdout or io.StringIO(), io.StringIO()
    call_command("loadcontent", path=str(directory), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


# Real commits: the "stored" line is printed once the transaction has committed.
@pytest.mark.django_db(transaction=True)
def test_loadcontent_prints_each_phase_with_its_time(content_dir):
    out, _ = load(content_dir)
    lines = out.splitlines()
    assert re.fullmatch(r"checked 2 files in \d+\.\d s", lines[0]), out
    assert re.fullmatch(r"stored 2 pages in \d+\.\d s", lines[1]), out
    assert "2 created, 0 updated, 0 unchanged" in lines[-1]
    assert "\r" not in out and "%|" not in out  # no progress bars outside a terminal


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_says_it_compared_rather_than_stored(content_dir):
    out, _ = load(content_dir, dry_run=True)
    assert re.search(r"^compared 2 pages in \d+\.\d s$", out, re.M) and "stored" not in out


@pytest.mark.django_db(transaction=True)
def test_loadcontent_shows_progress_bars_on_a_terminal(content_dir):
    out, _ = load(content_dir, stdout=Terminal())
    assert "reading:" in out and "checking:" in out and "storing:" in out and "| 0/2 " in out
    assert re.search(r"checked 2 files in \d+\.\d s", out)


@pytest.mark.django_db(transaction=True)
def test_loadcontent_is_silent_with_v0(content_dir):
    assert load(content_dir, stdout=Terminal(), verbosity=0) == ("", "")
    (content_dir / "first.md").write_text((content_dir / "first.md").read_text() + "\nMore.\n")
    assert load(content_dir, verbosity=0) == ("", "")


@pytest.mark.django_db
def test_loadcontent_exits_3_when_files_have_problems(content_dir):
    (content_dir / "bad.md").write_text("---\ntitle: x\n---\nBody\n")
    with pytest.raises(CommandError) as failure:
        load(content_dir, verbosity=0)
    assert failure.value.returncode == ExitCode.REFUSED == 3


def manage(*args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_manage_py_exits_with_the_documented_codes(content_dir, tmp_path):
    import os

    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MBCINFO_"))}
    env.update(DJANGO_SETTINGS_MODULE="tests.settings", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               MBCINFO_SEARCH_INDEX_DIR=str(tmp_path / "index"))
    assert manage("migrate", "-v0", env=env).returncode == 0
    assert manage("loadcontent", "--no-such-option", env=env).returncode == ExitCode.USAGE
    (content_dir / "bad.md").write_text("---\ntitle: x\n---\nBody\n")
    refused = manage("loadcontent", "--path", str(content_dir), env=env)
    assert refused.returncode == ExitCode.REFUSED, refused.stderr
    assert "bad.md:1:" in refused.stderr and "nothing was written" in refused.stderr
    (content_dir / "bad.md").unlink()
    loaded = manage("loadcontent", "--path", str(content_dir), "-v0", env=env)
    assert (loaded.returncode, loaded.stdout, loaded.stderr) == (ExitCode.OK, "", "")


@pytest.mark.django_db
def test_loadcontent_refuses_a_broken_glossary_in_the_content_directory_with_exit_3(content_dir, settings):
    """The system checks find it before the load starts; it is a refused file all the same."""
    (content_dir / "glossary.yaml").write_text("- term: One\n  slug: one\n")
    (content_dir / "site.yaml").write_text((ROOT / "content" / "site.yaml").read_text())
    settings.CONTENT_DIR = content_dir
    with pytest.raises(CommandError) as failure:
        call_command("loadcontent", skip_checks=False, stdout=io.StringIO(), stderr=io.StringIO())
    assert failure.value.returncode == ExitCode.REFUSED
    assert f"{content_dir / 'glossary.yaml'}:1: entry is missing 'definition'" in str(failure.value)


@pytest.mark.django_db
def test_loadcontent_fails_with_exit_1_when_a_check_outside_the_content_fails(content_dir, settings, tmp_path):
    (tmp_path / "a-file").write_text("")
    settings.SEARCH_INDEX_DIR = tmp_path / "a-file" / "index"
    with pytest.raises(CommandError) as failure:
        call_command("loadcontent", path=str(content_dir), skip_checks=False, stdout=io.StringIO())
    assert failure.value.returncode == ExitCode.FAILED
    assert "search.E002" in str(failure.value)
