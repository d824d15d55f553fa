"""The exit codes of the site's management commands, one meaning each for every command.

Scripts and deploy tools can tell a content problem an editor must fix from a conflict
someone must decide, and both from a busy index (try again) or a real failure. The README's
Operators section lists them.
"""
from enum import IntEnum

from django.core.management.base import CommandError


class ExitCode(IntEnum):
    OK = 0
    # Anything unexpected; also what Python itself exits with on an uncaught error.
    FAILED = 1
    # Bad arguments; argparse already exits with 2.
    USAGE = 2
    # Content files have problems (loadcontent stored nothing; checkcontent found errors).
    REFUSED = 3
    # A page changed both in its file and in the admin (loadcontent), or a file changed on disk
    # that the site has not seen (exportcontent): someone must choose which version to keep.
    CONFLICT = 4
    # Another process is writing the search index and did not finish in time: try again.
    BUSY = 5


def fail(message, code):
    """A CommandError that makes `manage.py` exit with `code` (call_command raises it as is)."""
    return CommandError(message, returncode=int(code))
