"""Every kind of response carries the security headers; anonymous visitors get no cookie."""
import pytest
from django.templatetags.static import static
from django.test import override_settings

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": {"'none'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "frame-src": {"'self'"},  # the admin editor's preview frame
    "manifest-src": {"'self'"},  # the offline web app manifest
    "frame-ancestors": {"'none'"},
    "base-uri": {"'none'"},
    "form-action": {"'self'"},
    "object-src": {"'none'"},
}
COMMON = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# (what it is, address, status)
PUBLIC_PAGES = [
    ("home", "/", 200),
    ("topic", "/topics/treatment/", 200),
    ("not found", "/topics/no-such-page/", 404),
    ("health check", "/healthz", 200),
]


def parse_policy(header):
    policy = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        policy[name] = set(sources)
    return policy


def assert_secure_headers(response, framed_pages=True):
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, name
    assert parse_policy(response.headers["Content-Security-Policy"]) == POLICY
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions
    if framed_pages:
        assert response.headers["X-Frame-Options"] == "DENY"


def test_the_policy_allows_nothing_inline_and_nothing_from_elsewhere():
    sources = set().union(*POLICY.values())
    assert sources == {"'self'", "'none'"}


@pytest.mark.parametrize("kind, url, status", PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_every_public_page_type_sends_the_security_headers_and_no_cookie(client, site_index, kind, url, status):
    response = client.get(url, secure=True)
    assert response.status_code == status
    assert_secure_headers(response)
    assert not response.cookies, kind


def test_the_admin_login_sends_the_security_headers_and_only_its_csrf_cookie(client):
    response = client.get("/admin/login/", secure=True)
    assert response.status_code == 200
    assert_secure_headers(response)
    # Editors, not visitors: the login form needs its CSRF cookie, and nothing else is set.
    assert set(response.cookies) == {"csrftoken"}
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_static_files_send_the_security_headers_and_no_cookie(client):
    response = client.get(static("css/site.css"), secure=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
    assert_secure_headers(response)
    assert not response.cookies


@override_settings(SECURE_SSL_REDIRECT=True)
@pytest.mark.parametrize("url", ["/", "/topics/treatment/", "/admin/login/"])
def test_plain_http_is_redirected_to_https(client, site_index, url):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{url}"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_the_health_check_answers_over_plain_http_for_load_balancers(client, site_index):
    assert client.get("/healthz").status_code == 200


# --- Every kind of response, whichever layer made it, carries the four headers below. ---
EVERYWHERE = ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Resource-Policy")


def _kinds():
    from django.db import OperationalError, ProgrammingError

    from .test_outage import failing_database

    def outage(error):
        def get(client):
            with failing_database(error):
                return client.get("/", secure=True)
        return get

    return [
        ("https redirect", 301, lambda c: c.get("/topics/treatment/")),
        ("https redirect of a static file", 301, lambda c: c.get(static("css/site.css"))),
        ("host not allowed", 400, lambda c: c.get("/", secure=True, HTTP_HOST="evil.example")),
        ("host not allowed, uncached view", 400, lambda c: c.get("/glossary/", secure=True, HTTP_HOST="evil.example")),
        ("method not allowed", 405, lambda c: c.post("/search/", secure=True)),
        ("trace", 405, lambda c: c.generic("TRACE", "/", secure=True)),
        ("not found", 404, lambda c: c.get("/topics/no-such-page/", secure=True)),
        ("static file", 200, lambda c: c.get(static("css/site.css"), secure=True)),
        ("health check over http", 200, lambda c: c.get("/healthz")),
        ("page", 200, lambda c: c.get("/topics/treatment/", secure=True)),
        ("page from the cache", 200, lambda c: (c.get("/", secure=True), c.get("/", secure=True))[1]),
        ("not modified", 304, lambda c: c.get("/", secure=True, HTTP_IF_NONE_MATCH=c.get("/", secure=True)["ETag"])),
        ("outage page", 503, outage(OperationalError("connection refused"))),
        ("server error", 500, outage(ProgrammingError("relation does not exist"))),
    ]


KINDS = _kinds()


@override_settings(SECURE_SSL_REDIRECT=True)
@pytest.mark.parametrize("kind, status, fetch", KINDS, ids=[k[0] for k in KINDS])
def test_every_kind_of_response_carries_the_security_headers(site_index, kind, status, fetch):
    from django.test import Client

    response = fetch(Client(raise_request_exception=False))
    assert response.status_code == status
    missing = [name for name in EVERYWHERE if name not in response.headers]
    assert not missing, (kind, missing)
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
