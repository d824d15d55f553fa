"""What a long-running management command shows while it works.

On a terminal, a tqdm bar for each loop that takes seconds; otherwise (a log, a pipe, cron)
plain lines, one per finished phase ("checked 2802 files in 3.1 s"). With -v0, nothing.

The work itself (the loader, the index build) runs the same whether a command, the admin or
a background thread called it, so it reports through `each` and `line` here, which do
nothing unless a command has set up `reporting` around it (a context variable: background
threads and web requests never see a command's reporter).
"""
from contextlib import contextmanager
from contextvars import ContextVar

from tqdm import tqdm

_reporter = ContextVar("mbcinfo_progress_reporter", default=None)


class Bar(tqdm):
    # tqdm's monitor thread would outlive the bar, and a process running another thread must
    # not fork (see search.index.build_processes): the index would then build in one process.
    monitor_interval = 0


class Reporter:
    def __init__(self, stdout, verbosity=1):
        self.stdout = stdout
        self.verbosity = verbosity
        self.bars = verbosity >= 1 and stdout.isatty()

    def each(self, iterable, description, total=None, unit="it"):
        if not self.bars:
            return iterable
        # The raw stream: Django's OutputWrapper would end each redraw with a newline.
        stream = getattr(self.stdout, "_out", self.stdout)
        return Bar(iterable, desc=description, total=total, unit=unit, file=stream, leave=False,
                    dynamic_ncols=True)

    def line(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)


@contextmanager
def reporting(stdout, verbosity=1):
    """Report the phases of the work done inside this block on `stdout`."""
    token = _reporter.set(Reporter(stdout, verbosity))
    try:
        yield
    finally:
        _reporter.reset(token)


def each(iterable, description, total=None, unit="it"):
    """`iterable`, shown as a progress bar when a command reports to a terminal."""
    reporter = _reporter.get()
    return iterable if reporter is None else reporter.each(iterable, description, total, unit)


def line(message):
    """One plain line about a finished phase, when a command is reporting."""
    reporter = _reporter.get()
    if reporter is not None:
        reporter.line(message)
