"""The local secret key `make run` writes is read by manage.py commands in a local checkout,
and never stands in for a production key."""
import secrets
import subprocess
import sys

import pytest

from ..project_copy import clean_env, copy_project

KEY_MISSING = "DJANGO_SECRET_KEY is not set"


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A fresh clone after `make run`: the local key file exists, no environment is set."""
    project = copy_project(tmp_path_factory.mktemp("local-key") / "mbcinfo")
    (project / ".local-secret-key").write_text(secrets.token_urlsafe(50) + "\n")
    return project


def manage(project, env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=project, env=clean_env(**env),
                          capture_output=True, text=True, timeout=120)


def test_manage_py_without_any_environment_reads_the_local_key_file(checkout):
    result = manage(checkout, {}, "check")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_the_key_in_the_file_is_the_key_the_site_uses(checkout):
    result = manage(checkout, {}, "shell", "-v0", "-c", "from django.conf import settings; print(settings.SECRET_KEY)")
    assert result.stdout.strip() == (checkout / ".local-secret-key").read_text().strip()


@pytest.mark.parametrize("setting", [{"DATABASE_URL": "sqlite:////nonexistent/unused.sqlite3"},
                                     {"DJANGO_ALLOWED_HOSTS": "mbcinfo.example.org"}])
def test_a_production_setting_without_a_secret_key_stops_even_with_the_local_key_file(checkout, setting):
    """A production server that lost its DJANGO_SECRET_KEY must not quietly take a local key
    left by someone who once ran `make run` there."""
    result = manage(checkout, setting, "check")
    assert result.returncode != 0
    assert KEY_MISSING in result.stderr


def test_without_the_file_or_a_key_manage_py_stops_with_a_clear_message(tmp_path):
    project = copy_project(tmp_path / "mbcinfo")
    result = manage(project, {}, "check")
    assert result.returncode != 0
    assert KEY_MISSING in result.stderr


def test_make_serve_refuses_to_start_without_a_real_secret_key(checkout):
    """The local key file is there, but `make serve` is for production: it stops before migrating."""
    result = subprocess.run(["make", "serve"], cwd=checkout, env=clean_env(), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "make serve and make release need the production environment" in result.stderr
    assert KEY_MISSING in result.stderr
    assert not (checkout / "db.sqlite3").exists()
