"""The editor's images in a content directory, for loadcontent and exportcontent (topics/extras.py).

exportcontent writes each image a page shows to `images/` beside the pages, under its stored
name; loadcontent checks the images found there as it checks an upload and stores the new ones,
so a database loaded from the files alone shows every image. Pages keep linking to the image's
site address (/media/uploads/<name>): the Markdown stays the same in the file and in the admin,
byte for byte, and the file's name is the stored name.
"""
import os
import re
import stat
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .exporter import write_atomically
from mbcinfo.topics.frontmatter import Problem

from . import uploads
from .models import StoredFile

IMAGE_DIR = "images"


def image_link():
    return re.compile(rf"{re.escape(settings.MEDIA_URL)}{uploads.UPLOAD_DIR}/({uploads.STORED_NAME})")


def shown(path):
    """A path as it can be printed: control characters (a terminal's escape codes) escaped."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(path))


class ContentImages:
    def __init__(self):
        self.incoming = {}  # storage name → bytes, checked, to store

    def check(self, directory, sources):
        folder = Path(directory) / IMAGE_DIR
        files, problems = self._read_folder(folder)
        stored = dict(StoredFile.objects.filter(name__in=[_stored(name) for name in files])
                      .values_list("name", "content"))
        for name, data in files.items():
            path = shown(folder / name)
            if _stored(name) in stored:
                if bytes(stored[_stored(name)]) != data:
                    problems.append(Problem(path, 1, "differs from the stored image of the same name, and "
                                                     "a stored image never changes. Restore it with "
                                                     "exportcontent --force, or upload the new image in the editor."))
                continue  # the same bytes were checked when they were stored
            try:
                uploads.check_encoded_image(data, name.rsplit(".", 1)[1])
            except (uploads.UploadRefused, uploads.UploadBusy) as error:
                problems.append(Problem(path, 1, f"not loaded: {error} Upload it in the editor instead."))
                continue
            self.incoming[_stored(name)] = data
        problems += self._missing_images(folder, sources, files)
        return problems

    def _read_folder(self, folder):
        files, problems = {}, []
        if not folder.is_dir():
            return files, problems
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):  # .gitkeep, an editor's swap file
                continue
            if not re.fullmatch(uploads.STORED_NAME, path.name):
                problems.append(Problem(shown(path), 1, "is not named as the site names images (32 "
                                                        "hexadecimal digits, then .jpg, .png or .webp). Add "
                                                        "images by uploading them in the editor, then run exportcontent."))
                continue
            data, problem = _read_image_file(path)
            if problem:
                problems.append(Problem(shown(path), 1, problem))
            else:
                files[path.name] = data
        return files, problems

    def _missing_images(self, folder, sources, files):
        """Pages that show an image that is neither in the folder nor stored already."""
        links = image_link()
        wanted = {}
        for source in sources:
            for match in links.finditer(source.body):
                if match.group(1) not in files:
                    line = source.body_line + source.body.count("\n", 0, match.start())
                    wanted.setdefault(match.group(1), []).append((source.path, line))
        stored = set(StoredFile.objects.filter(name__in=[_stored(name) for name in wanted])
                     .values_list("name", flat=True))
        return [Problem(path, line, f"shows the image {match}, which is not in {shown(folder)} and not "
                                    "stored on this site. Copy it there from the site where it was uploaded "
                                    "(exportcontent), or upload it again.")
                for match, places in wanted.items() if _stored(match) not in stored for path, line in places]

    def write(self, dry_run, report):
        if not self.incoming:
            return
        if not dry_run:
            for name, data in self.incoming.items():
                default_storage.save(name, ContentFile(data))
        report.notices.append(f"{len(self.incoming)} image(s) {'to store' if dry_run else 'stored'} "
                              f"from {IMAGE_DIR}/.")

    def export(self, directory, topics, force, report):
        links = image_link()
        names = sorted({name for topic in topics for name in links.findall(topic.body)})
        folder = Path(directory) / IMAGE_DIR
        for name in names:
            path, label = folder / name, f"{IMAGE_DIR}/{name}"
            try:
                with default_storage.open(_stored(name)) as image:
                    data = image.read()
            except FileNotFoundError:
                report.refused.append(f"{path}: not written: a page shows this image, but no stored image "
                                      "has this name. Upload the image again in the editor.")
                continue
            current = path.read_bytes() if path.is_file() else None
            if current == data:
                report.unchanged.append(label)
            elif current is not None and not force:
                report.refused.append(f"{path}: differs from the stored image of the same name, and a "
                                      "stored image never changes. Pass --force to write the stored image.")
            else:
                write_atomically(path, data)
                report.written.append(label)


def _stored(file_name):
    return f"{uploads.UPLOAD_DIR}/{file_name}"


def _read_image_file(path):
    """(bytes, None) or (None, what is wrong): a regular file, at most uploads.MAX_BYTES,
    never followed out of the folder through a link, never waited on (a FIFO)."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return None, "is a symbolic link; put the image file itself here."
        if not stat.S_ISREG(info.st_mode):
            return None, "is not a regular file."
        if info.st_size > uploads.MAX_BYTES:
            return None, f"is larger than {uploads.MAX_BYTES // (1024 * 1024)} MB."
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # swapped since lstat
                return None, "is not a regular file."
            data = stream.read(uploads.MAX_BYTES + 1)
    except OSError as error:
        return None, f"could not be read ({error.strerror})."
    if len(data) > uploads.MAX_BYTES:
        return None, f"is larger than {uploads.MAX_BYTES // (1024 * 1024)} MB."
    return data, None
