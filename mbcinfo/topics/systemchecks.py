"""System checks (`manage.py check`, and every management command) for the content files the
site reads at run time: a broken site.yaml makes every page answer 500, so it must stop a
deploy first. Each message names the file and line, from the same readers the site uses.

Registered in TopicsConfig.ready(). They read two small files, about 25 ms in all (mostly
the glossary, parsed by PyYAML in Python for its exact line marks), against a little over a
second for a management command to start.
"""
from django.conf import settings
from django.core.checks import Error

from .loader import read_glossary_file
from .models import TRANSLATIONS
from .site import SiteFactsError, read_site_facts

CONTENT = "content"  # the tag: `manage.py check --tag content` runs only these


def check_content_files(app_configs=None, **kwargs):
    directory = settings.CONTENT_DIR
    if not directory.is_dir():
        return [Error(f"{directory}: the content directory does not exist or is not a directory.",
                      hint="Set MBCINFO_CONTENT_DIR to the folder of Markdown pages and site.yaml.",
                      id="topics.E001")]
    errors = _check_directory(directory)
    # A translation's folder (content/es/) holds the same two files in its language; its
    # site.yaml is required once the folder exists, since its pages show those facts.
    for language in TRANSLATIONS:
        if (directory / language).is_dir():
            errors += _check_directory(directory / language, translation=True)
    return errors


def _check_directory(directory, translation=False):
    errors = []
    try:
        read_site_facts(directory / "site.yaml")
    except SiteFactsError as error:
        errors.append(Error(str(error), hint="Every page shows these facts: fix the file before serving.",
                            id="topics.E002"))
    try:
        glossary = read_glossary_file(directory, translation=translation)
    except OSError as error:
        errors.append(Error(f"{directory / 'glossary.yaml'}: cannot be read ({error}).", id="topics.E003"))
    else:
        for problem in glossary.problems if glossary else []:
            errors.append(Error(str(problem), hint="loadcontent refuses the content until it is fixed.",
                                id="topics.E003"))
    return errors
