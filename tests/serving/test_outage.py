"""A database that cannot be reached gives a calm 503 page with the helpline, never a traceback.

The outage is made with Django's execute_wrapper, which raises at the point where a query
would reach the server, as a refused connection does. tests/serving/test_servers.py does the
same against a real gunicorn whose database does not answer, and bench/faults.py stops a real
PostgreSQL server.
"""
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, InternalError, OperationalError, ProgrammingError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


@contextmanager
def failing_database(error):
    def fail(execute, sql, params, many, context):
        raise error

    with connection.execute_wrapper(fail):
        yield


@pytest.fixture
def visitor():
    # Answer as the server would, instead of re-raising the error into the test.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ["/", "/topics/treatment/"])
def test_database_down_gives_the_helpline_page_with_503(visitor, site_index, url):
    with failing_database(OperationalError("connection refused")):
        response = visitor.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "unavailable for a moment" in html and 'href="tel:+18774656636"' in html
    assert "Traceback" not in html and "connection refused" not in html
    assert not response.cookies


def test_the_outage_page_has_the_security_headers(visitor, site_index):
    with failing_database(OperationalError("connection refused")):
        response = visitor.get("/", secure=True)
    assert response.status_code == 503
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=63072000")


def test_a_cached_page_is_not_served_while_the_database_is_down(visitor, site_index):
    """The generation cannot be read, so nobody can know the cached copy is still current."""
    assert visitor.get("/").status_code == 200
    with failing_database(OperationalError("connection refused")):
        assert visitor.get("/").status_code == 503


def test_service_resumes_as_soon_as_the_database_answers_again(visitor, site_index):
    with failing_database(OperationalError("connection refused")):
        assert visitor.get("/topics/treatment/").status_code == 503
    response = visitor.get("/topics/treatment/")
    assert response.status_code == 200 and "Can metastatic breast cancer be treated?" in response.content.decode()


def test_a_bug_in_a_query_is_a_500_not_an_outage(visitor, site_index):
    with failing_database(ProgrammingError("relation does not exist")):
        response = visitor.get("/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def test_not_found_still_helps_while_the_database_is_down(visitor, site_index):
    with failing_database(OperationalError("connection refused")):
        response = visitor.get("/topics/no-such-page/")
    assert response.status_code in (404, 503)
    assert 'href="tel:+18774656636"' in response.content.decode()


@pytest.mark.parametrize("error", [DatabaseError("file is not a database"),
                                   DatabaseError("database disk image is malformed"),
                                   InternalError("could not read block 0 in file")],
                         ids=["not a database", "malformed", "unreadable block"])
@pytest.mark.parametrize("url", ["/", "/topics/treatment/", "/glossary/", "/search/?q=hospice"])
def test_a_database_that_cannot_be_read_gives_the_outage_page_not_a_500(visitor, site_index, error, url):
    with failing_database(error):
        response = visitor.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] and "unavailable for a moment" in response.content.decode()
