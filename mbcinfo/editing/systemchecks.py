"""System check: the storage uploaded images go to (the default STORAGES backend) answers.
Registered in EditingConfig.ready()."""
import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error
from django.core.files.storage import default_storage, storages

from .storage import DatabaseStorage

PROBE = "uploads/.system-check"  # a name that is never stored


def check_storage(app_configs=None, **kwargs):
    if isinstance(storages["default"], DatabaseStorage):
        # Kept in the database, it answers when the database does, which is not this check's
        # business (and checks run before the first migrate, and in tests without a database).
        return []
    try:
        default_storage.exists(PROBE)
    except Exception as error:  # any backend, any failure: report it, never crash the checks
        return [Error(f"The file storage ({settings.STORAGES['default']['BACKEND']}) cannot be reached: "
                      f"{error!r}.", hint="Check STORAGES['default'] and what it needs (a directory, "
                      "a service, credentials).", id="editing.E001")]
    location = getattr(default_storage, "location", None)  # FileSystemStorage: MEDIA_ROOT
    if location:
        existing = Path(location)
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not (existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)):
            return [Error(f"{location}: uploaded images cannot be written here ({existing} is not a "
                          "writable directory).", hint="Set DJANGO_MEDIA_ROOT to a directory this user "
                          "may write.", id="editing.E001")]
    return []
