from django.core.management.base import BaseCommand

from mbcinfo import progress
from mbcinfo.exitcodes import ExitCode, fail
from mbcinfo.search.index import IndexLocked, index_status, rebuild


class Command(BaseCommand):
    help = ("Build a new search index from the published content and switch to it atomically: "
            "searches use the old index until the new one is complete. Exits 5 when another "
            "process is writing the index.")

    def add_arguments(self, parser):
        parser.add_argument("--lock-timeout", type=float, default=None,
                            help="seconds to wait for another process writing the index "
                                 "(default: settings.SEARCH_LOCK_TIMEOUT)")
        parser.add_argument("--if-stale", action="store_true",
                            help="do nothing when this server's index already reflects the content "
                                 "in the database (what starting a server runs)")

    def handle(self, *args, lock_timeout=None, if_stale=False, verbosity=1, **options):
        if if_stale:
            status = index_status()
            if status["up_to_date"]:
                if verbosity >= 1:
                    self.stdout.write(f"Search index is up to date (content generation {status['generation']}); "
                                      "not rebuilt.")
                return
        try:
            with progress.reporting(self.stdout, verbosity):
                report = rebuild(timeout=lock_timeout)
        except IndexLocked as error:
            raise fail(str(error), ExitCode.BUSY) from None
        except OSError as error:
            raise fail(f"Cannot write the search index ({error}). Check that MBCINFO_SEARCH_INDEX_DIR "
                       "points to a directory this user may write.", ExitCode.FAILED) from None
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(report.summary()))
