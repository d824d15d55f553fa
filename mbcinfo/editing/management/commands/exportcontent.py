from django.core.management.base import BaseCommand

from mbcinfo.exitcodes import ExitCode, fail
from mbcinfo.editing.exporter import export_topics


class Command(BaseCommand):
    help = ("Write pages back to Markdown files with front matter in a stable order, atomically. "
            "Use it after editing in the admin, so the files hold what the site shows. Exits 4 "
            "when a file changed on disk that the site has not seen, 2 for an unknown --slug.")

    def add_arguments(self, parser):
        parser.add_argument("--path", help="directory to write to (default: settings.CONTENT_DIR)")
        parser.add_argument("--slug", action="append", dest="slugs", metavar="SLUG",
                            help="export only this page (repeat for more)")
        parser.add_argument("--force", action="store_true",
                            help="overwrite files changed on disk since they were last loaded")

    def handle(self, *args, path=None, slugs=None, force=False, verbosity=1, **options):
        report = export_topics(path, slugs=slugs, force=force)
        if verbosity >= 1:
            for slug in report.written:
                self.stdout.write(f"{slug}: written")
            self.stdout.write(self.style.SUCCESS(report.summary()))
        if not report.ok:
            for message in report.unknown + report.refused:
                self.stderr.write(message)
            code = ExitCode.CONFLICT if report.refused else ExitCode.USAGE
            raise fail(f"{len(report.unknown) + len(report.refused)} page(s) not written (see above).", code)
