from django.core.management.base import BaseCommand, CommandError

from mbcinfo.topics.exporter import export_topics


class Command(BaseCommand):
    help = ("Write pages back to Markdown files with front matter in a stable order, atomically. "
            "Use it after editing in the admin, so the files hold what the site shows.")

    def add_arguments(self, parser):
        parser.add_argument("--path", help="directory to write to (default: settings.CONTENT_DIR)")
        parser.add_argument("--slug", action="append", dest="slugs", metavar="SLUG",
                            help="export only this page (repeat for more)")
        parser.add_argument("--force", action="store_true",
                            help="overwrite files changed on disk since they were last loaded")

    def handle(self, *args, path=None, slugs=None, force=False, **options):
        report = export_topics(path, slugs=slugs, force=force)
        for slug in report.written:
            self.stdout.write(f"{slug}: written")
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if not report.ok:
            for message in report.refused:
                self.stderr.write(message)
            raise CommandError(f"{len(report.refused)} page(s) not written (see above).")
