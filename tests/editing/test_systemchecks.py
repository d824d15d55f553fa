"""`manage.py check` stops when the storage for uploaded images cannot be reached."""
import pytest
from django.core.files.storage import Storage
from django.core.management import call_command
from django.core.management.base import SystemCheckError


class UnreachableStorage(Storage):
    def exists(self, name):
        raise ConnectionError("storage service refused the connection")


FILE_STORAGE = "django.core.files.storage.FileSystemStorage"


def test_the_default_storage_passes():
    call_command("check")


def test_a_writable_file_storage_passes(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": FILE_STORAGE}}
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("check")


def test_an_unreachable_storage_fails_the_check(settings):
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "tests.editing.test_systemchecks.UnreachableStorage"}}
    with pytest.raises(SystemCheckError) as failure:
        call_command("check")
    message = str(failure.value)
    assert "(editing.E001) The file storage (tests.editing.test_systemchecks.UnreachableStorage)" in message
    assert "storage service refused the connection" in message


def test_a_media_root_under_a_file_fails_the_check(settings, tmp_path):
    (tmp_path / "a-file").write_text("")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": FILE_STORAGE}}
    settings.MEDIA_ROOT = tmp_path / "a-file" / "media"
    with pytest.raises(SystemCheckError, match="uploaded images cannot be written here"):
        call_command("check")
