"""gunicorn settings for production (`make serve`). See docs/production.md.

Read from the environment: GUNICORN_BIND (default 127.0.0.1:$PORT, PORT default 8000),
WEB_CONCURRENCY (workers, default 2 x CPUs + 1), GUNICORN_THREADS (threads per worker,
default 4), FORWARDED_ALLOW_IPS (the load balancer's address, so its X-Forwarded-Proto: https
is believed; gunicorn reads it itself), GUNICORN_ACCESS_LOG / GUNICORN_ERROR_LOG (default "-":
stdout / stderr).
"""
import multiprocessing
import os
import sys

# gunicorn reads this file before its --chdir: find the project's own modules beside it.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mbcinfo.environment import env_int  # noqa: E402

wsgi_app = "mbcinfo.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")]
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1, minimum=1)
proc_name = "mbcinfo"

# Threaded workers, not sync ones: a sync worker accepts one connection at a time, so while it
# is busy further connections wait in the kernel's listen queue, and on SIGTERM (a deploy) the
# queue is reset when the listening socket closes, dropping requests visitors have already
# sent. A gthread worker accepts every connection at once and, on SIGTERM, stops accepting and
# finishes each one it holds (bench/faults.py measures both).
worker_class = "gthread"
threads = env_int("GUNICORN_THREADS", 4, minimum=1)

# SIGTERM: stop accepting, let in-flight requests finish for up to graceful_timeout seconds.
timeout = 30
graceful_timeout = 30
keepalive = 5  # longer than nothing, shorter than a load balancer's idle timeout
# Recycle workers now and then so slow memory growth cannot build up; the jitter keeps them
# from all restarting at once.
max_requests = 5000
max_requests_jitter = 500
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"  # heartbeat files off disk

# Search terms are health data and an address identifies a person: the access log has the
# path (never the query string), status, size and time, and no client address, referrer
# (it can hold a search URL) or user agent. The logger class enforces it whatever the format
# says: %(U)s is the path cut before any `?`, `;`, `%` escape or space (a query can hide in the
# path as %3F), %(m)s a known method name, and the request line, query, referrer, user agent,
# headers and address are not available at all (mbcinfo/serving/privatelog.py).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
logger_class = "mbcinfo.serving.privatelog.PrivateLogger"
# Django's own error log (stderr) goes to the same place as gunicorn's.
capture_output = True

# No runtime control socket: nothing here uses gunicornc, and two servers on one host would
# otherwise compete for the same default socket path.
control_socket_disable = True


def post_worker_init(worker):
    """Read the search's spelling word lists as each worker starts: read on its first search
    instead, they held that reader's answer back by about a quarter of a second, once per
    worker and again after every recycling (bench/first_search.py)."""
    from mbcinfo.search.spelling import read_word_lists

    read_word_lists()
