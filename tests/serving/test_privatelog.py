"""The log filter and the access-log atoms, without a server: what may be written of a request."""
import datetime
import logging

import pytest

from mbcinfo.serving.privatelog import PrivateLogger, ScrubFilter, safe_path


@pytest.mark.parametrize("path, logged", [
    ("/topics/treatment/", "/topics/treatment/"),
    ("/search/?q=breast lump", "/search/…"),
    ("/search/;q=lump", "/search/…"),
    ("/search/ breast lump", "/search/…"),
    ("/search/%3Fq=lump", "/search/…"),
    ("/static/css/site.4f2a.css", "/static/css/site.4f2a.css"),
    ("/" + "a" * 300, "/" + "a" * 199 + "…"),
    (None, ""),
])
def test_a_logged_path_stops_before_anything_a_page_address_does_not_use(path, logged):
    assert safe_path(path) == logged


def record(msg, *args):
    return logging.LogRecord("x", logging.ERROR, __file__, 1, msg, args, None)


def test_djangos_error_line_keeps_the_path_and_drops_a_decoded_query_with_spaces():
    entry = record("Internal Server Error: %s", "/search/?q=PRIVTERM breast lump")
    ScrubFilter().filter(entry)
    assert entry.getMessage() == "Internal Server Error: /search/…"


def test_gunicorns_refused_request_keeps_only_the_kind_of_error():
    entry = record("Invalid request from ip=203.0.113.5: Invalid HTTP request line: "
                   "'GET /search/?q=PRIVTERM breast lump HTTP/1.1'")
    ScrubFilter().filter(entry)
    assert entry.getMessage() == "Invalid request: Invalid HTTP request line"


def test_gunicorns_failed_request_line_has_its_method_and_path_cut():
    entry = record("Error handling request %s %s", "PRIVTERM", "/search/%3Fq=PRIVTERM lump")
    ScrubFilter().filter(entry)
    assert "PRIVTERM" not in entry.getMessage() and "lump" not in entry.getMessage()


def test_the_access_log_offers_no_atom_that_carries_the_request():
    class Response:
        status, sent, headers = "200 OK", 10, [("Set-Cookie", "x")]

    class Request:
        headers = [("Referer", "/search/?q=PRIVTERM"), ("User-Agent", "PRIVTERM")]

    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/search/%3Fq=PRIVTERM", "PATH_INFO": "/search/?q=PRIVTERM",
               "QUERY_STRING": "q=PRIVTERM", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.5",
               "HTTP_REFERER": "/search/?q=PRIVTERM"}
    atoms = PrivateLogger.atoms(PrivateLogger.__new__(PrivateLogger), Response(), Request(), environ,
                                datetime.timedelta(milliseconds=5))
    assert "PRIVTERM" not in repr(atoms) and "203.0.113.5" not in repr(atoms)
    assert atoms["U"] == "/search/…" and atoms["m"] == "GET" and atoms["s"] == "200"
