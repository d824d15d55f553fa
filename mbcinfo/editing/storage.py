"""A Django storage backend that keeps files in the database.

Uploaded images must be seen by every server behind a load balancer and be covered by the one
backup the site has, the database's, with no file server or bucket to run beside it. They are
few and small (at most 5 MB each, most far less), which a database holds well.

Names are content hashes (uploads.stored_name), so a name is never given other bytes: saving a
name already stored with the same bytes keeps the one copy, and with other bytes is refused.
"""
import mimetypes

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri


@deconstructible(path="mbcinfo.editing.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    def __init__(self, base_url=None):
        self._base_url = base_url

    @property
    def base_url(self):
        return self._base_url or settings.MEDIA_URL

    @staticmethod
    def _files():
        from .models import StoredFile  # storages are built before the app registry is ready
        return StoredFile.objects

    def _open(self, name, mode="rb"):
        if mode != "rb":
            raise ValueError("files in the database are read only; save a new one instead.")
        content = self._files().filter(name=name).values_list("content", flat=True).first()
        if content is None:
            raise FileNotFoundError(f"{name} is not stored.")
        return ContentFile(bytes(content), name=name)

    def _save(self, name, content):
        data = b"".join(content.chunks())
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        try:
            with transaction.atomic():
                self._files().create(name=name, content=data, size=len(data), content_type=content_type)
        except IntegrityError:  # stored already, perhaps a moment ago by another server
            stored = self._files().filter(name=name).values_list("content", flat=True).first()
            if stored is None or bytes(stored) != data:
                raise FileExistsError(f"{name} is already stored with other content; "
                                      "stored names are never reused.") from None
        return name

    def get_available_name(self, name, max_length=None):
        # The same name means the same bytes (see _save): never a new name with a random suffix.
        return str(name).replace("\\", "/")

    def exists(self, name):
        return self._files().filter(name=name).exists()

    def delete(self, name):
        self._files().filter(name=name).delete()

    def size(self, name):
        size = self._files().filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(f"{name} is not stored.")
        return size

    def url(self, name):
        return f"{self.base_url}{filepath_to_uri(name)}"

    def listdir(self, path):
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        directories, files = set(), []
        for name in self._files().filter(name__startswith=prefix).values_list("name", flat=True):
            head, _, tail = name[len(prefix):].partition("/")
            if tail:
                directories.add(head)
            else:
                files.append(head)
        return sorted(directories), sorted(files)

    def get_created_time(self, name):
        created = self._files().filter(name=name).values_list("created", flat=True).first()
        if created is None:
            raise FileNotFoundError(f"{name} is not stored.")
        return created
