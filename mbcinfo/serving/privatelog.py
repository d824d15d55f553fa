"""Logs that keep visitors out: a scrubbing filter, and a gunicorn logger that uses it.

Search terms are health data and a client address identifies a person. Neither may reach a
log, however a request is written: a query can hide in the path (`%3F`, `;`, a space),
and gunicorn quotes a request line it cannot parse back in its error log. So:

- the access log gets only the path up to the first character a page address does not use
  (`safe_path`), a known method name, and no client address, referrer, user agent, header or
  request line, whatever access_log_format asks for;
- gunicorn's message for a refused request keeps only the kind of error, not the request;
- every other error-log record (gunicorn's and Django's, through settings.LOGGING) has paths
  cut the same way, and any query string and client address removed from its text.
"""
import logging
import re

from django.core import mail
from django.utils.log import AdminEmailHandler
from gunicorn.glogging import Logger

QUERY = re.compile(r"(?:\?|%(?:25)*3f)[^\s'\"]*", re.IGNORECASE)
CLIENT_ADDRESS = re.compile(r"\bip=\S+")
# The characters of the site's own addresses (slugs, file names): a path is cut at the first other.
PATH_CHARACTERS = re.compile(r"[A-Za-z0-9/_.~-]*")
MAX_PATH = 200
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}
REFUSED = "Invalid request from "  # how gunicorn starts its message for a request it refused


def safe_path(path):
    """`path` up to the first character a page address does not use (a `?` or `;`, a `%`
    escape, a space...), at most 200 characters; a cut is marked with "…"."""
    path = path if isinstance(path, str) else ""
    kept = PATH_CHARACTERS.match(path).group()[:MAX_PATH]
    return kept if kept == path else kept + "…"


def safe_method(method):
    return method if method in METHODS else "-"


def scrub(text):
    text = QUERY.sub("?[query removed]", text)
    return CLIENT_ADDRESS.sub("ip=[address removed]", text)


def _refused(message):
    """'Invalid request from ip=…: Invalid HTTP request line: 'GET /search/?q=…'' → the error's
    kind only, 'Invalid request: Invalid HTTP request line'."""
    error = message.split(": ", 1)[1] if ": " in message else ""
    kind = re.split(r"[:'\"(\[{<]", error, maxsplit=1)[0].strip()
    return f"Invalid request: {kind[:80]}"


class ScrubFilter(logging.Filter):
    def filter(self, record):
        if isinstance(record.args, tuple) and record.args:
            if str(record.msg).startswith("Error handling request %s"):
                # gunicorn's: the method and the raw request target, as the client sent them.
                *method, target = record.args
                record.args = (*(safe_method(m) for m in method), safe_path(str(target)))
            else:
                # A path passed as an argument (Django's "Internal Server Error: %s" gives the
                # decoded path, where %3F is a ?): cut before it is put into the message.
                record.args = tuple(safe_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg
                                    for arg in record.args)
        message = record.getMessage()
        record.msg = _refused(message) if message.startswith(REFUSED) else scrub(message)
        record.args = ()
        if record.exc_info:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class Brief(logging.Filter):
    """For errors any visitor can cause at will (a Host header not in ALLOWED_HOSTS): one
    short line, so nobody can fill the error log with tracebacks and text of their choosing,
    while an operator whose load balancer sends the wrong Host still sees why it gets 400."""
    LIMIT = 200

    def filter(self, record):
        message = record.getMessage()
        record.msg = message if len(message) <= self.LIMIT else message[:self.LIMIT] + "… [cut]"
        record.args = ()
        record.exc_info = record.exc_text = None
        return True


class PrivateAdminEmailHandler(AdminEmailHandler):
    """Mail to ADMINS: the log line and its traceback, as ScrubFilter left them, and nothing else.

    Django's own handler appends an error report with the request (its full address and
    query string, GET parameters, client address) and every setting, which no filter on the
    record can reach; so this one sends only the formatted record."""

    def emit(self, record):
        subject = self.format_subject(f"{record.levelname}: {record.getMessage()}")
        mail.mail_admins(subject, self.format(record), fail_silently=True, connection=self.connection())


class PrivateLogger(Logger):
    # Whatever access_log_format asks for, these atoms are all it can get.
    SAFE_ATOMS = ("t", "s", "B", "b", "T", "D", "M", "L", "p", "H")

    def atoms(self, resp, req, environ, request_time):
        every = super().atoms(resp, req, environ, request_time)
        atoms = {name: every[name] for name in self.SAFE_ATOMS if name in every}
        atoms.update(U=safe_path(environ.get("PATH_INFO")), m=safe_method(environ.get("REQUEST_METHOD")))
        if atoms.get("H") not in ("HTTP/1.0", "HTTP/1.1", "HTTP/2", "HTTP/2.0"):
            atoms["H"] = "-"
        return atoms

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, ScrubFilter) for f in self.error_log.filters):
            self.error_log.addFilter(ScrubFilter())
