from django.core.management.base import BaseCommand

from mbcinfo.topics.models import TRANSLATIONS
from mbcinfo.topics.translations import translation_statuses


class Command(BaseCommand):
    help = ("For every English page, whether its translation is up to date, out of date (English "
            "newer) or missing, most out of date first, with the English page's current text hash: "
            "the value a new or updated translation puts in 'translated_from'.")

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=TRANSLATIONS, default=TRANSLATIONS[0])

    def handle(self, *args, language, **options):
        for status in translation_statuses(language):
            translated = status.translation.slug if status.translation else "-"
            self.stdout.write(f"{status.state:14}  {status.english.slug}  {translated}  "
                              f"translated_from: {status.english.text_hash()}")
