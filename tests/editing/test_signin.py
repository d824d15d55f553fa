"""Failed admin sign-ins are throttled per account and per client, with a clear message, and
what the throttle keeps is a keyed hash, a count and an expiry time, gone after the cool-off."""
import datetime
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-correct-password-1"
LOGIN = "/admin/login/?next=/admin/"
TABLE = "mbcinfo_signin_failures"


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Real sign-ins hash each password tried; the test does not need that to be slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor_account(db):
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


@pytest.fixture
def limit(settings):
    return settings.AXES_FAILURE_LIMIT


def sign_in(client, username, password, address="198.51.100.7", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def signed_in(response):
    return response.status_code == 302 and response.url == "/admin/"


def stored_rows():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value, expires FROM {TABLE}")
        return cursor.fetchall()


def test_one_failure_fewer_than_the_limit_still_lets_the_right_password_in(client, editor_account, limit):
    for _ in range(limit - 1):
        assert sign_in(client, "editor", "wrong").status_code == 200
    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_a_success_starts_the_count_again(client, editor_account, limit):
    for _ in range(limit - 1):
        sign_in(client, "editor", "wrong")
    assert signed_in(sign_in(client, "editor", PASSWORD))
    client.logout()
    for _ in range(limit - 1):
        sign_in(client, "editor", "wrong")
    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_the_limit_locks_the_account_from_every_client_with_a_clear_message(client, editor_account, limit, settings):
    for _ in range(limit):
        sign_in(client, "editor", "wrong")
    response = sign_in(client, "editor", PASSWORD, address="203.0.113.9")  # right password, elsewhere
    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Too many failed sign-ins. Try again in {minutes} minutes." in response.content.decode()
    assert response["Retry-After"] == str(minutes * 60)
    assert "_auth_user_id" not in client.session


def test_the_limit_locks_one_client_whatever_account_it_tries(client, editor_account, limit):
    for number in range(limit):
        sign_in(client, f"guess{number}", "wrong")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    assert signed_in(sign_in(client, "editor", PASSWORD, address="203.0.113.9"))


def test_behind_the_balancer_the_visitors_address_is_the_client(client, editor_account, limit, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    for number in range(limit):
        sign_in(client, f"guess{number}", "wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert sign_in(client, "editor", PASSWORD, address="10.0.0.2",
                   HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7").status_code == 429
    # Another visitor through the same balancer is not locked out.
    assert signed_in(sign_in(client, "editor", PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9"))


def test_an_account_named_like_an_address_does_not_lock_that_address(client, editor_account, limit):
    for _ in range(limit):
        sign_in(client, "203.0.113.9", "wrong")
    assert signed_in(sign_in(client, "editor", PASSWORD, address="203.0.113.9"))


def later(monkeypatch, minutes):
    """Move the database cache's clock on."""
    moved = timezone.now() + datetime.timedelta(minutes=minutes)
    monkeypatch.setattr("django.core.cache.backends.db.tz_now", lambda: moved)


def test_the_lock_ends_after_the_cool_off(client, editor_account, limit, settings, monkeypatch):
    for _ in range(limit):
        sign_in(client, "editor", "wrong")
    minutes = settings.AXES_COOLOFF_TIME.total_seconds() / 60
    later(monkeypatch, minutes - 1)
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    later(monkeypatch, minutes + 1)
    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_only_unreadable_keys_counts_and_expiry_times_are_kept_and_expired_ones_are_deleted(
        client, editor_account, limit, settings, monkeypatch):
    sign_in(client, "editor", "wrong", HTTP_USER_AGENT="Secret/1.0")
    rows = stored_rows()
    assert len(rows) == 2  # the account's count and the client's
    text = repr(rows)
    for revealing in ("198.51.100.7", "editor", "Secret", "axes"):
        assert revealing not in text
    assert not (AccessAttempt.objects.exists() or AccessLog.objects.exists() or AccessFailureLog.objects.exists())
    # Past the cool-off, the next failure (from anyone) deletes the expired rows.
    later(monkeypatch, settings.AXES_COOLOFF_TIME.total_seconds() / 60 + 1)
    monkeypatch.setattr("time.time", lambda: timezone.now().timestamp() + settings.AXES_COOLOFF_TIME.total_seconds() + 60)
    sign_in(client, "someone", "wrong", address="203.0.113.9")
    assert {key for key, _, _ in stored_rows()}.isdisjoint({key for key, _, _ in rows})
    assert len(stored_rows()) == 2


def test_signing_in_leaves_no_visitor_data_in_the_logs(client, editor_account, limit, caplog):
    axes_log = logging.getLogger("axes")  # it does not propagate to the root logger caplog watches
    axes_log.addHandler(caplog.handler)
    try:
        for _ in range(limit + 1):
            sign_in(client, "editor-jane", "wrong", HTTP_USER_AGENT="Secret/1.0")
    finally:
        axes_log.removeHandler(caplog.handler)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "Locking out a client" in logged
    assert "198.51.100.7" not in logged and "editor-jane" not in logged and "Secret" not in logged


def test_public_pages_still_set_no_cookie(client, editor_account):
    call_command("loadcontent", verbosity=0)
    for path in ("/", "/topics/treatment/", "/search/?q=hospice", "/glossary/"):
        response = client.get(path)
        assert response.status_code == 200 and not response.cookies, path
