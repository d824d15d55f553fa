"""Logs that keep visitors out: a scrubbing filter, and a gunicorn logger that uses it.

Search terms are health data and a client address identifies a person. The access log
format in gunicorn.conf.py simply leaves them out; gunicorn's own error messages can still
carry them ("Invalid request from ip=...", "Error handling request GET /search/?q=...", a
malformed request line quoted back), so every error-log record is scrubbed here before it
is written. Django's own log handler (settings.LOGGING) uses the same filter.
"""
import logging
import re

from django.core import mail
from django.utils.log import AdminEmailHandler
from gunicorn.glogging import Logger

QUERY = re.compile(r"\?[^\s'\"]+")
CLIENT_ADDRESS = re.compile(r"\bip=\S+")


def scrub(text):
    text = QUERY.sub("?[query removed]", text)
    return CLIENT_ADDRESS.sub("ip=[address removed]", text)


class ScrubFilter(logging.Filter):
    def filter(self, record):
        record.msg = scrub(record.getMessage())
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
    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, ScrubFilter) for f in self.error_log.filters):
            self.error_log.addFilter(ScrubFilter())
