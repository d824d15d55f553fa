from django.core.management.base import BaseCommand, CommandError

from mbcinfo.search.index import IndexLocked, index_status, rebuild


class Command(BaseCommand):
    help = ("Build a new search index from the published content and switch to it atomically: "
            "searches use the old index until the new one is complete.")

    def add_arguments(self, parser):
        parser.add_argument("--lock-timeout", type=float, default=None,
                            help="seconds to wait for another process writing the index "
                                 "(default: settings.SEARCH_LOCK_TIMEOUT)")
        parser.add_argument("--if-stale", action="store_true",
                            help="do nothing when the index already reflects the current content")

    def handle(self, *args, lock_timeout=None, if_stale=False, **options):
        if if_stale:
            status = index_status()
            if status["up_to_date"]:
                self.stdout.write(f"Search index is up to date (content generation {status['generation']}).")
                return
        try:
            report = rebuild(timeout=lock_timeout)
        except IndexLocked as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Cannot write the search index ({error}). Check that "
                               "MBCINFO_SEARCH_INDEX_DIR points to a directory this user may write.") from None
        self.stdout.write(self.style.SUCCESS(report.summary()))
