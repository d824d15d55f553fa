"""Real gunicorn processes: several servers on one database, private logs, graceful stop, outage page."""
import json
import signal
import socket
import time
import uuid

import pytest

from .servers import free_port, gunicorn, manage, wait_for

pytestmark = pytest.mark.slow


def server_env(served_site, name):
    """Each server keeps its own search index directory, as on separate machines."""
    return {**served_site.env, "MBCINFO_SEARCH_INDEX_DIR": str(served_site.tmp / f"index-{name}")}


def index_state(server):
    """The search index part of the server's /healthz report."""
    return json.loads(server.get("/healthz")[2])["search"]


def test_a_change_loaded_through_one_server_shows_on_every_server_within_seconds(served_site):
    with gunicorn(server_env(served_site, "one"), served_site.tmp / "logs-one") as one, \
            gunicorn(server_env(served_site, "two"), served_site.tmp / "logs-two") as two:
        # Both servers have rendered and cached the pages before the change.
        for server in (one, two):
            for path in ("/", "/topics/treatment/"):
                status, _, html = server.get(path)
                assert status == 200 and "Can metastatic breast cancer be treated?" in html
        _, headers, _ = two.get("/topics/treatment/")
        old_etag = headers["ETag"]
        # Both servers have built their own index (started by a first search) and answered a
        # search from it before the change.
        word = "zq" + uuid.uuid4().hex[:8]
        for server in (one, two):
            server.get("/search/?q=treated")
            assert wait_for(lambda: index_state(server)["up_to_date"], timeout=30), index_state(server)
            assert "Treatment options " + word not in server.get(f"/search/?q={word}")[2]
        old_generation = index_state(two)["generation"]

        marker = f"Treatment options {word}"
        page = served_site.content / "treatment.md"
        page.write_text(page.read_text().replace(
            "title: Can metastatic breast cancer be treated?", f"title: {marker}", 1))
        # loadcontent with server one's environment: how an editor's change reaches the database.
        manage(server_env(served_site, "one"), "loadcontent")

        for server in (one, two):
            for path in ("/", "/topics/treatment/"):
                assert wait_for(lambda: marker in server.get(path)[2], timeout=5), (server.url, path)
        # Each worker trusts the generation it read for up to a second (the production
        # default); once that has passed, every answer from every worker is the new page, and a
        # browser holding the old one is sent the new one, not 304 Not Modified.
        time.sleep(1.5)
        for server in (one, two):
            for _ in range(6):  # several requests: whichever of the two workers answers
                status, headers, html = server.get("/topics/treatment/", headers={"If-None-Match": old_etag})
                assert status == 200 and marker in html and headers["ETag"] != old_etag

        # Search: server two's results show the change within seconds (from the database while
        # its own index is stale), and its own index directory catches up with the new content
        # generation by itself, with no restart. Its workers retry a rebuild at most every
        # index.REBUILD_RETRY_SECONDS (10 s), so that part may take a little longer.
        def two_finds_it():
            status, _, html = two.get(f"/search/?q={word}")
            assert status == 200
            return marker in html

        assert wait_for(two_finds_it, timeout=5)
        assert wait_for(lambda: two_finds_it() and index_state(two)["up_to_date"], timeout=30), index_state(two)
        state = index_state(two)
        assert state["generation"] > old_generation and state["generation"] == state["current_generation"]
        # Up to date now, so this answer comes from server two's own index.
        assert two_finds_it()
        # Server one, through which the change came, updated its own index as it saved.
        assert index_state(one)["up_to_date"] and marker in one.get(f"/search/?q={word}")[2]


def test_a_server_sent_only_health_checks_stays_in_and_catches_up_with_a_change_made_elsewhere(served_site):
    """A load balancer sends a server health checks even when no visitor searches there. The
    server's index falls behind a change made through another server: its health check must not
    fail meanwhile (it still serves every page), and the checks alone bring the index up to date."""
    answers = []

    def healthz():
        status, _, body = watched.get("/healthz")
        answers.append(status)
        return json.loads(body)

    with gunicorn(server_env(served_site, "watched"), served_site.tmp / "logs-watched") as watched:
        assert wait_for(lambda: healthz()["status"] == "ok", timeout=30), healthz()  # its first index: built on asking
        before = healthz()["search"]["generation"]
        page = served_site.content / "outlook.md"
        page.write_text(page.read_text() + "\nOne more sentence for the health check test.\n")
        manage(server_env(served_site, "elsewhere"), "loadcontent")
        assert wait_for(lambda: healthz()["search"]["current_generation"] > before, timeout=5)
        assert wait_for(lambda: healthz()["status"] == "ok", timeout=30), healthz()
        assert healthz()["search"]["generation"] > before
    assert set(answers) == {200}
    assert "/search/" not in watched.access_log.read_text()


def test_server_logs_hold_no_query_string_and_no_client_address(served_site):
    canary = f"canary{uuid.uuid4().hex}"
    with gunicorn(server_env(served_site, "logs"), served_site.tmp / "logs-privacy") as server:
        for path in (f"/topics/treatment/?q={canary}", f"/search/?q={canary}",
                     f"/healthz?q={canary}", f"/no-such-page/?q={canary}"):
            server.get(path, headers={"Referer": f"{server.url}/search/?q={canary}"})
        # A malformed request line that gunicorn itself rejects and quotes in its error log.
        port = int(server.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as raw:
            raw.sendall(f"GET /search/?q={canary}\x01 HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            assert raw.recv(100).startswith(b"HTTP/1.1 400")
    access, errors = server.access_log.read_text(), server.error_log.read_text()
    assert '"GET /topics/treatment/ HTTP/1.1" 200' in access
    assert "Invalid request" in errors  # the bad request line was logged, scrubbed
    assert canary not in access + errors
    assert "127.0.0.1" not in access
    assert "ip=127.0.0.1" not in errors


def raw_request(server, data, read=200):
    """Send bytes as they are (no client library tidies them); return the start of the answer."""
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(data)
        try:
            return raw.recv(read)
        except (ConnectionResetError, TimeoutError):
            return b""


def test_no_query_text_reaches_either_log_however_the_request_is_written(served_site):
    """Whatever follows a path (a query, even with spaces; a `;` parameter; a fragment; a `?`
    written as %3F or %253F), and however broken the request line, no word of it is logged."""
    canary, second = f"canary{uuid.uuid4().hex}", f"lump{uuid.uuid4().hex}"
    words = f"{canary} {second}"
    host = "Host: 127.0.0.1\r\n"
    lines = [
        f"GET /search/?q={words} HTTP/1.1\r\n{host}\r\n",               # a space in the query
        f"GET /search/?q={words}\r\n{host}\r\n",                        # and no HTTP version
        f"GET /search/?q={canary}\r\n\r\n",                              # HTTP/0.9 style
        f"GET /search/?q={canary}&x={'a' * 9000} HTTP/1.1\r\n{host}\r\n",  # overlong line
        f"GET /search/?q={canary}\x00{second} HTTP/1.1\r\n{host}\r\n",   # binary bytes
        f"GET /search/?q={canary}\xff\xfe HTTP/1.1\r\n{host}\r\n",
        f"GET /search/%3Fq={canary} HTTP/1.1\r\n{host}\r\n",            # the query in the path
        f"GET /search/%253Fq={canary} HTTP/1.1\r\n{host}\r\n",
        f"GET /search/%3fq={canary}%20{second} HTTP/1.1\r\n{host}\r\n",
        f"GET /search/;q={canary} HTTP/1.1\r\n{host}\r\n",              # a path parameter
        f"GET /topics/treatment/;{canary}?q={second} HTTP/1.1\r\n{host}\r\n",
        f"GET /search/#q={canary} HTTP/1.1\r\n{host}\r\n",              # a fragment
        f"GET /search/?q=%23{canary}#{second} HTTP/1.1\r\n{host}\r\n",
        f"GET /topics/%3F{canary}/ HTTP/1.1\r\n{host}\r\n",
        f"GET /search/?q={canary} HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: {second}\r\n\r\n",
        f"GET /search/?q={canary} HTTP/1.1\r\nHost: 127.0.0.1\r\nX: {second}\r\n folded\r\n\r\n",
        f"{canary} /search/ HTTP/1.1\r\n{host}\r\n",                    # as the method
        f"GET /search/?q={canary} HTTP/{second}\r\n{host}\r\n",         # as the version
        f"GET http://127.0.0.1/search/?q={canary} HTTP/1.1\r\n{host}\r\n",  # absolute form
    ]
    with gunicorn(server_env(served_site, "logs-shapes"), served_site.tmp / "logs-shapes") as server:
        answers = [raw_request(server, line.encode("latin-1")) for line in lines]
        assert server.get("/topics/treatment/")[0] == 200  # still serving, and logging
    access, errors = server.access_log.read_text(errors="replace"), server.error_log.read_text(errors="replace")
    assert any(answer.startswith(b"HTTP/1.1 400") for answer in answers)
    assert "Invalid request" in errors
    assert '"GET /topics/treatment/ HTTP/1.1" 200' in access
    for word in (canary, second):
        assert word not in access, [line for line in access.splitlines() if word in line]
        assert word not in errors, [line for line in errors.splitlines() if word in line]


def test_a_host_not_allowed_gets_400_and_one_short_log_line_without_a_traceback(served_site):
    """Anyone can send any Host: the log must not fill with tracebacks and their text."""
    host = "evil.example" + "x" * 2000
    with gunicorn(server_env(served_site, "hosts"), served_site.tmp / "logs-hosts") as server:
        for path in ("/", "/", "/topics/treatment/", "/topics/treatment/", "/search/?q=hospice"):
            assert server.get(path, headers={"Host": host})[0] == 400, path
        assert server.get("/topics/treatment/")[0] == 200
    lines = [line for line in server.error_log.read_text().splitlines() if "Invalid HTTP_HOST header" in line]
    assert len(lines) == 5
    assert all(len(line) < 300 for line in lines)
    assert "Traceback" not in server.error_log.read_text()


def test_sigterm_finishes_every_request_already_sent_even_with_more_than_one_per_worker(served_site):
    """A deploy's SIGTERM must not drop what visitors have already sent. With sync workers the
    requests beyond one per worker wait in the listen queue and are reset (bench/faults.py
    shows it side by side); threaded workers hold and finish them all."""
    with gunicorn(server_env(served_site, "stop"), served_site.tmp / "logs-stop", workers=2) as server:
        port = int(server.url.rsplit(":", 1)[1])
        # A whole request first: the listening socket is open before the workers have booted,
        # and a connection no worker has accepted yet is not in flight.
        assert server.get("/topics/treatment/")[0] == 200
        visitors = []
        for _ in range(6):
            raw = socket.create_connection(("127.0.0.1", port))
            # Half a request: accepted, the server waits for the rest.
            raw.sendall(b"GET /topics/treatment/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            visitors.append(raw)
        time.sleep(2)
        server.process.send_signal(signal.SIGTERM)
        time.sleep(1)
        answers = []
        for raw in visitors:
            answer = b""
            try:
                raw.sendall(b"Connection: close\r\n\r\n")
                while chunk := raw.recv(65536):
                    answer += chunk
            except ConnectionResetError:
                pass  # dropped: the assertion below names how many
            raw.close()
            answers.append(answer)
        assert [a[:15] for a in answers] == [b"HTTP/1.1 200 OK"] * 6
        assert all(a.rstrip().endswith(b"</html>") for a in answers)
        assert server.process.wait(timeout=40) == 0
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2)


def test_database_down_gives_the_helpline_page_not_a_traceback(served_site):
    closed = free_port()  # nothing listens here: connecting is refused, as with a stopped server
    env = {**served_site.env, "DATABASE_URL": f"postgres://mbcinfo@127.0.0.1:{closed}/mbcinfo"}
    with gunicorn(env, served_site.tmp / "logs-down") as server:
        for path in ("/", "/topics/treatment/"):
            status, headers, html = server.get(path)
            assert status == 503, path
            assert "unavailable for a moment" in html and "tel:+18774656636" in html
            assert "Traceback" not in html and "OperationalError" not in html
            assert headers["Retry-After"]
            assert "Set-Cookie" not in headers
        status, _, body = server.get("/healthz")
        assert status == 503
        assert json.loads(body)["database"]["status"] == "unreachable"
    # Operators still learn what broke.
    assert "OperationalError" in server.error_log.read_text()
