"""Production settings come from the environment and pass Django's deployment checklist."""
import re
import secrets
import subprocess
import sys

import pytest

from .servers import ROOT

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "mbcinfo.settings",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "mbcinfo.example.org",
    "DATABASE_URL": "sqlite:////nonexistent/not-used-by-check.sqlite3",
}


def manage(env, *args):
    import os

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MBCINFO_", "DATABASE_URL"))}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_the_production_environment():
    result = manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_https_is_switched_off_as_make_run_does():
    """The check above can fail: the plain-http settings of `make run` do not pass it."""
    result = manage({**PRODUCTION, "DJANGO_HTTPS": "0"}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    for warning in ("security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_production_without_a_secret_key_stops_with_a_clear_message():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage(env, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("source", ["mbcinfo/settings.py", "gunicorn.conf.py"])
def test_env_example_documents_every_variable_that_is_read(source):
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    text = (ROOT / source).read_text()
    read = set(re.findall(r"""(?:environ\.get|env_flag|env_list|environ\[)\(?["']([A-Z][A-Z0-9_]+)""", text))
    read |= {"DATABASE_URL"} if "dj_database_url.config" in text else set()
    assert read, source
    assert read <= documented, f"not in .env.example: {sorted(read - documented)}"


@pytest.mark.parametrize("origin", ["www.example.org", "https://www.example.org/path", "https://WWW.example.org"])
def test_a_public_origin_that_is_not_scheme_and_name_stops_with_a_clear_message(origin):
    result = manage({**PRODUCTION, "MBCINFO_PUBLIC_ORIGIN": origin}, "check")
    assert result.returncode != 0
    assert "MBCINFO_PUBLIC_ORIGIN must be like https://www.example.org" in result.stderr


def test_a_public_origin_with_a_trailing_slash_is_accepted():
    assert manage({**PRODUCTION, "MBCINFO_PUBLIC_ORIGIN": "https://www.example.org/"}, "check").returncode == 0
