import os

import pytest
from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command


def _static_is_stale(manifest):
    """True when the manifest is missing or older than any static source file (a new or edited
    CSS or JS file would otherwise be missing from it)."""
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(os.stat(storage.path(path)).st_mtime > built
               for finder in get_finders() for path, storage in finder.list([]))


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Pages link their CSS through the static manifest, as in production."""
    if _static_is_stale(settings.STATIC_ROOT / "staticfiles.json"):
        call_command("collectstatic", interactive=False, verbosity=0)
