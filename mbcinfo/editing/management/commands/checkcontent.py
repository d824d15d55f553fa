import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from mbcinfo.editing import translations
from mbcinfo.editing.lint import ERROR, WARNING, check_database, check_directory
from mbcinfo.exitcodes import ExitCode, fail
from mbcinfo.topics.models import TRANSLATIONS


class Command(BaseCommand):
    help = ("Check every page for plain language (reading grade, long sentences), structure "
            "(heading levels, link text, alt text), broken internal links, unknown related pages "
            "and review dates; and each translation against its English page (same figures, "
            "missing or outdated translations). Errors exit 3; style findings are warnings. "
            "-v0 prints errors only.")

    def add_arguments(self, parser):
        parser.add_argument("--path", help="check the .md files in this directory instead of the "
                                           "pages the site holds")
        parser.add_argument("--slug", action="append", dest="slugs", metavar="SLUG",
                            help="check only this page (repeat for more)")
        parser.add_argument("--today", type=datetime.date.fromisoformat, metavar="YYYY-MM-DD",
                            help="judge review dates as of this day (default: today)")
        parser.add_argument("--quiet", action="store_true", help="print only errors and warnings")

    def handle(self, *args, path=None, slugs=None, today=None, quiet=False, verbosity=1, **options):
        if path:
            checked, problems = check_directory(path, slugs=slugs, today=today)
            for problem in problems:
                self.stderr.write(f"{problem.path}:{problem.line}: error: {problem.message}")
            pages = [(f"{source.path}", report, source.body_line) for source, report in checked]
            for language in TRANSLATIONS:
                if (Path(path) / language).is_dir():
                    checked, more = check_directory(Path(path) / language, slugs=slugs, today=today, language=language)
                    problems += more
                    for problem in more:
                        self.stderr.write(f"{problem.path}:{problem.line}: error: {problem.message}")
                    pages += [(f"{source.path}", report, source.body_line) for source, report in checked]
        else:
            problems = []
            pages = [(report.slug, report, None) for report in check_database(slugs=slugs, today=today)]
        errors = len(problems)
        warnings = 0
        for name, report, body_line in pages:
            shown = [finding for finding in report.findings
                     if finding.level == ERROR or (verbosity >= 1 and (not quiet or finding.level == WARNING))]
            if shown:
                self.stdout.write(self.style.MIGRATE_HEADING(f"{name} — {report.title}"))
            for finding in shown:
                where = ""
                if finding.line and body_line:
                    where = f"line {body_line + finding.line - 1}: "
                elif finding.line:
                    where = f"body line {finding.line}: "
                line = f"  {finding.level}: {where}{finding.message}"
                self.stdout.write(self.style.ERROR(line) if finding.level == ERROR else line)
            errors += len(report.errors)
            warnings += len(report.warnings)
        found = [] if slugs else self.check_translations(Path(path) if path else settings.CONTENT_DIR)
        shown = [finding for finding in found if finding.level == ERROR or verbosity >= 1]
        if shown:
            self.stdout.write(self.style.MIGRATE_HEADING("translations, against the English files"))
        for finding in shown:
            line = f"  {finding}"
            self.stdout.write(self.style.ERROR(line) if finding.level == ERROR else line)
        errors += sum(finding.level == ERROR for finding in found)
        warnings += sum(finding.level == WARNING for finding in found)
        summary = f"{len(pages)} page(s) checked: {errors} error(s), {warnings} warning(s)."
        if errors:
            raise fail(summary + " Fix the errors above.", ExitCode.REFUSED)
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))

    def check_translations(self, content_dir):
        """Each translation's files against the English ones (figures, links between them,
        missing and outdated pages)."""
        found = []
        english = None
        for language in TRANSLATIONS:
            if not (content_dir / language).is_dir():
                continue
            english = english or translations.read_edition(content_dir)
            found += translations.check_translation(english, translations.read_edition(content_dir / language),
                                                    translations.english_text_hash)
        return found
