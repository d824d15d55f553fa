"""Logs and error mail: time, level and logger on every line, and no visitor's words anywhere."""
import os
import re
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import path

from mbcinfo import urls as site_urls

from .servers import ROOT


def fail_loudly(request):
    # An error message that quotes the address, query string included, as real ones can.
    raise RuntimeError(f"could not answer {request.get_full_path()}")


# The site's own patterns, not include()d: they hold i18n_patterns, which must be at the root.
urlpatterns = [path("fails/", fail_loudly), *site_urls.urlpatterns]
handler500 = "mbcinfo.errorpages.server_error"


@pytest.mark.django_db
@pytest.mark.urls("tests.serving.test_logging")
def test_a_500_mails_the_admins_without_the_query_string(settings, mailoutbox):
    settings.ADMINS = [("Operator", "ops@example.org")]
    response = Client(raise_request_exception=False).get("/fails/?q=my+secret+diagnosis&page=2")
    assert response.status_code == 500
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ops@example.org"]
    text = mail.subject + mail.body + "".join(str(content) for content, _ in getattr(mail, "alternatives", []))
    assert "RuntimeError" in mail.body and "/fails/" in text  # the operator learns what failed
    assert "secret" not in text and "diagnosis" not in text and "page=2" not in text
    assert "127.0.0.1" not in text  # nor who asked


@pytest.mark.django_db
@pytest.mark.urls("tests.serving.test_logging")
def test_no_mail_is_sent_when_no_admins_are_configured(settings, mailoutbox):
    settings.ADMINS = []
    assert Client(raise_request_exception=False).get("/fails/").status_code == 500
    assert mailoutbox == []


def run_python(code, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MBCINFO_"))}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "mbcinfo.settings", "DJANGO_SECRET_KEY": "x" * 50, **env}
    return subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING mbcinfo\.example: index is behind$", re.M)


def test_log_lines_carry_time_level_and_logger_name():
    result = run_python("import logging; logging.getLogger('mbcinfo.example').warning('index is behind')")
    assert result.returncode == 0, result.stderr
    assert LOG_LINE.search(result.stderr), result.stderr


def test_django_log_level_lets_info_lines_through():
    code = "import logging; logging.getLogger('mbcinfo.example').info('index rebuilt')"
    assert "index rebuilt" not in run_python(code).stderr
    result = run_python(code, DJANGO_LOG_LEVEL="info")
    assert re.search(r" INFO mbcinfo\.example: index rebuilt$", result.stderr, re.M), result.stderr


def test_django_admins_are_read_from_the_environment():
    code = "from django.conf import settings; print(settings.ADMINS)"
    result = run_python(code, DJANGO_ADMINS="Ops Team <ops@example.org>, oncall@example.org")
    assert result.stdout.strip() == "[('Ops Team', 'ops@example.org'), ('', 'oncall@example.org')]", result.stderr
