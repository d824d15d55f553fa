"""A copy of this checkout as a fresh clone has it: the tracked kind of files only (no database,
index, uploads, collected static files or local secret key), sharing this checkout's virtualenv.
Commands run in it write only inside the copy.
"""
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a clone does not have (see .gitignore), and what a copy should not carry.
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", ".venv-*", "build", "*.egg-info", "node_modules", "var", "media", "staticfiles", "db.sqlite3*", ".local-secret-key",
    ".env", "__pycache__", ".pytest_cache", "test-results")


MAKEFILE_VARIABLES = {"PYTHON", "VENV", "PYTEST_ARGS", "PYTEST_WORKERS", "PORT", "LOCK_ARGS"}


def copy_project(destination):
    """Copy the checkout to `destination` and link the virtualenv running the tests as its
    .venv; returns the copy's path.

    File times are kept, so make sees the copy's virtualenv as up to date exactly when this
    checkout's is."""
    destination = Path(destination)
    shutil.copytree(ROOT, destination, ignore=NOT_IN_A_CLONE, symlinks=True)
    (destination / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    return destination


def clean_env(**extra):
    """The environment of a person at a shell in a fresh clone: no site settings at all, and
    none of the Makefile's variables that the make running these tests exports to them (CI's
    second Python sets PYTHON and VENV on its command line)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "MBCINFO_", "DATABASE_URL", "GUNICORN_", "MAKE", "MFLAGS"))
           and key not in MAKEFILE_VARIABLES}
    env.update(extra)
    return env
