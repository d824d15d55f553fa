"""The Makefile keeps a release (migrate, static files, index) apart from starting a server.

`make -n` prints the commands a target would run without running them: a real reading of the
Makefile, cheap enough for every test run.
"""
import subprocess

from .servers import ROOT


def planned(target):
    result = subprocess.run(["make", "-n", "--no-print-directory", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def commands_of(lines, command):
    return [line for line in lines if f"manage.py {command}" in line]


def test_starting_a_server_never_migrates_and_builds_the_index_only_if_stale():
    lines = planned("serve")
    assert not any("migrate" in line for line in lines), lines
    assert not any("pip install" in line for line in lines), lines
    index = commands_of(lines, "rebuild_index")
    assert len(index) == 1 and index[0].endswith("rebuild_index --if-stale")
    assert lines.index(index[0]) < next(n for n, line in enumerate(lines) if "gunicorn" in line)
    assert lines[-1].startswith("exec ") and "gunicorn --config gunicorn.conf.py" in lines[-1]


def test_a_release_migrates_collects_static_files_and_builds_the_index():
    lines = planned("release")
    migrate, static, index = (commands_of(lines, name) for name in ("migrate", "collectstatic", "rebuild_index"))
    assert len(migrate) == len(static) == len(index) == 1, lines
    assert lines.index(migrate[0]) < lines.index(static[0]) < lines.index(index[0])
    assert "--if-stale" not in index[0]
    assert not any("gunicorn" in line for line in lines)


def test_make_setup_loads_content_then_builds_the_index_only_if_loading_left_it_stale():
    lines = planned("setup")
    load, index = commands_of(lines, "loadcontent"), commands_of(lines, "rebuild_index")
    assert len(load) == len(index) == 1 and lines.index(load[0]) < lines.index(index[0])
    assert index[0].endswith("rebuild_index --if-stale")


def test_make_dev_serves_with_debug_on_and_reloads_on_changes():
    runserver = commands_of(planned("dev"), "runserver")
    assert len(runserver) == 1
    assert "DJANGO_DEBUG=1" in runserver[0] and "DJANGO_HTTPS=0" in runserver[0]
    assert "--noreload" not in runserver[0]


def test_make_run_still_serves_the_site_as_a_visitor_sees_it():
    runserver = commands_of(planned("run"), "runserver")
    assert len(runserver) == 1 and "--noreload" in runserver[0] and "DJANGO_DEBUG" not in runserver[0]
