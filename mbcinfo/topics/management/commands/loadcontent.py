from django.core.management.base import BaseCommand, CommandError

from mbcinfo.topics.frontmatter import printable
from mbcinfo.topics.loader import load_directory


class Command(BaseCommand):
    help = ("Check every Markdown file in the content directory, then store them all in one "
            "transaction, or nothing if any file has a problem. A page edited in the admin since "
            "its file was last loaded or exported is never overwritten silently.")

    def add_arguments(self, parser):
        parser.add_argument("--path", help="directory of .md files (default: settings.CONTENT_DIR)")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--allow-extra-fields", action="store_true",
                            help="keep unknown front-matter fields as page metadata instead of refusing them")
        parser.add_argument("--prefer-files", action="store_true",
                            help="where a file and the admin both changed a page, take the file "
                                 "(the admin version stays in the page's revisions)")

    def handle(self, *args, path=None, dry_run=False, allow_extra_fields=False, prefer_files=False, **options):
        report = load_directory(path, dry_run=dry_run, allow_extra_fields=allow_extra_fields,
                                prefer_files=prefer_files)
        for notice in report.notices:
            self.stdout.write(printable(notice))  # notices name files, whatever their names hold
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(report.problems)} problem(s) found; nothing was written. "
                               "Fix the files above and run loadcontent again.")
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))
        if report.conflicts:
            for conflict in report.conflicts:
                self.stderr.write(printable(conflict))
            raise CommandError(f"{len(report.conflicts)} page(s) changed both in their file and in the "
                               "admin; those pages were left as they were (see above).")
