from django.core import checks
from django.core.management.base import BaseCommand, SystemCheckError

from mbcinfo import progress
from mbcinfo.exitcodes import ExitCode, fail
from mbcinfo.topics.frontmatter import printable
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.store import store_policy
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
        # The store policy's own options (say, --prefer-files when pages are also edited in the
        # admin): what they mean is the policy's business, so it declares them.
        for flag, options in store_policy().command_options:
            parser.add_argument(flag, **options)

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

    def handle(self, *args, path=None, dry_run=False, allow_extra_fields=False, verbosity=1, **options):
        policy_options = {dest: options[dest] for dest in _policy_dests()}
        with progress.reporting(self.stdout, verbosity):
            report = load_directory(path, dry_run=dry_run, allow_extra_fields=allow_extra_fields,
                                    **policy_options)
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


def _policy_dests():
    """The keyword names of the store policy's command options, as argparse makes them."""
    return [options.get("dest", flag.lstrip("-").replace("-", "_")) for flag, options in store_policy().command_options]
