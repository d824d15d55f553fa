"""Production settings come from the environment and pass Django's deployment checklist."""
import re
import secrets
import subprocess
import sys
from pathlib import Path

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
    read = set(re.findall(r"""(?:environ\.get|env_\w+|environ\[)\(?["']([A-Z][A-Z0-9_]+)""", text))
    read |= {"DATABASE_URL"} if "dj_database_url.config" in text else set()
    assert read, source
    assert read <= documented, f"not in .env.example: {sorted(read - documented)}"


# A malformed value stops start-up, naming the variable: read loosely, "ture" meant "off".
MALFORMED = [
    ("DJANGO_HTTPS", "ture"), ("DJANGO_HTTPS", "2"), ("DJANGO_DEBUG", "ture"),
    ("MBCINFO_SEARCH_RECORD_MISSES", "nope"), ("DJANGO_EMAIL_USE_TLS", "tls"),
    ("DJANGO_CONN_MAX_AGE", "sixty"), ("DJANGO_CONN_MAX_AGE", "-1"), ("DJANGO_CONN_MAX_AGE", "1.5"),
    ("MBCINFO_PAGE_CACHE_ENTRIES", "1k"), ("MBCINFO_PAGE_CACHE_ENTRIES", "0"),
    ("MBCINFO_SEARCH_CACHE_ENTRIES", "lots"), ("MBCINFO_SEARCH_BUILD_PROCESSES", "0"),
    ("MBCINFO_PAGE_CACHE_GENERATION_SECONDS", "nan"), ("MBCINFO_PAGE_CACHE_GENERATION_SECONDS", "-0.5"),
    ("MBCINFO_SEARCH_LOCK_TIMEOUT", "30s"), ("DJANGO_EMAIL_PORT", "smtp"),
    ("DJANGO_LOG_LEVEL", "LOUD"), ("DJANGO_ADMINS", "nobody"), ("DJANGO_ADMINS", "Ops <ops@example.org>, me"),
]


def import_settings(env):
    import os

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MBCINFO_", "DATABASE_URL"))}
    return subprocess.run([sys.executable, "-c", "import mbcinfo.settings"], cwd=ROOT,
                          env={**clean, **env}, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name,value", MALFORMED)
def test_a_malformed_environment_value_stops_start_up_naming_the_variable(name, value):
    result = import_settings({**PRODUCTION, name: value})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name}={value!r} is not valid" in result.stderr, result.stderr


def test_mail_over_both_tls_and_ssl_stops_start_up():
    result = import_settings({**PRODUCTION, "DJANGO_EMAIL_USE_TLS": "1", "DJANGO_EMAIL_USE_SSL": "1"})
    assert "DJANGO_EMAIL_USE_TLS and DJANGO_EMAIL_USE_SSL are both on" in result.stderr


def test_the_same_environment_with_well_formed_values_starts():
    """The test above can pass only for the values it names: these, at their limits, start."""
    good = {"DJANGO_HTTPS": "On", "DJANGO_DEBUG": " no ", "MBCINFO_SEARCH_RECORD_MISSES": "FALSE",
            "DJANGO_CONN_MAX_AGE": "0", "MBCINFO_PAGE_CACHE_ENTRIES": "1", "MBCINFO_SEARCH_BUILD_PROCESSES": "1",
            "MBCINFO_PAGE_CACHE_GENERATION_SECONDS": "0", "MBCINFO_SEARCH_LOCK_TIMEOUT": "0.5",
            "DJANGO_LOG_LEVEL": "error", "DJANGO_ADMINS": "Ops <ops@example.org>", "DJANGO_EMAIL_PORT": "587"}
    result = import_settings({**PRODUCTION, **good})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value,expected", [("1", True), ("TRUE", True), (" yes ", True), ("On", True),
                                            ("0", False), ("False", False), ("NO", False), ("off", False),
                                            ("", True), (None, True)])
def test_boolean_values_accept_the_usual_words_in_any_case(monkeypatch, value, expected):
    from mbcinfo.environment import env_flag

    if value is None:
        monkeypatch.delenv("SOME_FLAG", raising=False)
    else:
        monkeypatch.setenv("SOME_FLAG", value)
    assert env_flag("SOME_FLAG", default=True) is expected


def test_gunicorn_refuses_a_malformed_worker_count():
    import os

    env = {**os.environ, **PRODUCTION, "GUNICORN_THREADS": "four"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    result = subprocess.run([gunicorn, "--config", "gunicorn.conf.py", "--check-config"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "GUNICORN_THREADS='four' is not valid" in result.stdout + result.stderr


@pytest.mark.parametrize("origin", ["www.example.org", "https://www.example.org/path", "https://WWW.example.org"])
def test_a_public_origin_that_is_not_scheme_and_name_stops_with_a_clear_message(origin):
    result = manage({**PRODUCTION, "MBCINFO_PUBLIC_ORIGIN": origin}, "check")
    assert result.returncode != 0
    assert "MBCINFO_PUBLIC_ORIGIN must be like https://www.example.org" in result.stderr


def test_a_public_origin_with_a_trailing_slash_is_accepted():
    assert manage({**PRODUCTION, "MBCINFO_PUBLIC_ORIGIN": "https://www.example.org/"}, "check").returncode == 0


def test_each_gunicorn_worker_reads_the_spelling_word_lists_before_its_first_search():
    import runpy

    from mbcinfo.search import spelling
    from mbcinfo.search.analysis import LANGUAGES

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    spelling.everyday_words.cache_clear()
    config["post_worker_init"](worker=None)
    assert spelling.everyday_words.cache_info().currsize == len(LANGUAGES)
    misses = spelling.everyday_words.cache_info().misses
    assert "trying" in spelling.everyday_words("en")
    assert spelling.everyday_words.cache_info().misses == misses  # the search finds them read
