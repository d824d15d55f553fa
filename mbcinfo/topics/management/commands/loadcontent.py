from django.core import checks
from django.core.management.base import BaseCommand, SystemCheckError

from mbcinfo import progress
from mbcinfo.exitcodes import ExitCode, fail
from mbcinfo.topics.frontmatter import printable
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.systemchecks import CONTENT


class Command(BaseCommand):
    help = ("Check every Markdown file in the content directory, then store them all in one "
            "transaction, or nothing if any file has a problem. A page edited in the admin since "
            "its file was last loaded or exported is never overwritten silently. Exits 3 when "
            "files have problems, 4 on a conflict between a file and the admin.")

    def add_arguments(self, parser):
        parser.add_argument("--path", help="directory of .md files (default: settings.CONTENT_DIR)")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--allow-extra-fields", action="store_true",
                            help="keep unknown front-matter fields as page metadata instead of refusing them")
        parser.add_argument("--prefer-files", action="store_true",
                            help="where a file and the admin both changed a page, take the file "
                                 "(the admin version stays in the page's revisions)")

    def check(self, app_configs=None, tags=None, **kwargs):
        """The system checks of the content files refuse a load as a bad page does (exit 3);
        the others (storage, index directory, Django's own) fail as for any command (exit 1)."""
        if tags is not None:
            return super().check(app_configs, tags=tags, **kwargs)
        others = sorted(checks.registry.registry.tags_available() - {CONTENT})
        super().check(app_configs, tags=others, **kwargs)
        try:
            super().check(app_configs, tags=[CONTENT], **kwargs)
        except SystemCheckError as error:
            raise SystemCheckError(str(error), returncode=ExitCode.REFUSED) from None

    def handle(self, *args, path=None, dry_run=False, allow_extra_fields=False, prefer_files=False,
               verbosity=1, **options):
        with progress.reporting(self.stdout, verbosity):
            report = load_directory(path, dry_run=dry_run, allow_extra_fields=allow_extra_fields,
                                    prefer_files=prefer_files)
        if verbosity >= 1:
            for notice in report.notices:
                self.stdout.write(printable(notice))  # notices name files, whatever their names hold
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise fail(f"{len(report.problems)} problem(s) found; nothing was written. "
                       "Fix the files above and run loadcontent again.", ExitCode.REFUSED)
        prefix = "Dry run, nothing written: " if dry_run else ""
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(prefix + report.summary()))
        if report.conflicts:
            for conflict in report.conflicts:
                self.stderr.write(printable(conflict))
            raise fail(f"{len(report.conflicts)} page(s) changed both in their file and in the "
                       "admin; those pages were left as they were (see above).", ExitCode.CONFLICT)
