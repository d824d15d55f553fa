from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from mbcinfo.editing import translations
from mbcinfo.topics.models import TRANSLATIONS


class Command(BaseCommand):
    help = ("Pin translations to the English they now say: set 'translated_from' in each "
            "translation file to its English page's current text hash (read from the files, "
            "so it works before loadcontent). Run it only after bringing the translation in "
            "line with the English page; checkcontent and the site then treat it as up to date.")

    def add_arguments(self, parser):
        parser.add_argument("--path", help="the content directory (default: the site's)")
        parser.add_argument("--language", choices=TRANSLATIONS, default=TRANSLATIONS[0])
        parser.add_argument("--slug", action="append", dest="slugs", metavar="SLUG",
                            help="pin only this translated page (its own slug; repeat for more)")

    def handle(self, *args, path=None, language, slugs=None, **options):
        content_dir = Path(path) if path else settings.CONTENT_DIR
        changed = translations.pin(content_dir, language, slugs)
        for file, old, new in changed:
            self.stdout.write(f"{file}: translated_from {old or '(none)'} → {new}")
        self.stdout.write(f"{len(changed)} translation(s) pinned.")
