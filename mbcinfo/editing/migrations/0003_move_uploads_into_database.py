"""Move images uploaded before they were kept in the database from the upload directory
(DJANGO_MEDIA_ROOT/uploads, by default media/uploads) into the stored files table.

Each keeps its name, which pages link to. One that holds more than pixels (uploads before
metadata was stripped kept a JPEG's comment or a PNG's colour profile) is stored re-encoded.
Files already moved, files that are not images the site made, and a missing directory are
skipped, so running it again does nothing; nothing is deleted from the directory.
"""
import datetime
import os
import re
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import migrations

from mbcinfo.editing import uploads

UPLOADED_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|webp)")


def old_upload_directory():
    return Path(os.environ.get("DJANGO_MEDIA_ROOT") or settings.BASE_DIR / "media") / uploads.UPLOAD_DIR


def move_uploads(apps, schema_editor):
    StoredFile = apps.get_model("editing", "StoredFile")
    directory = old_upload_directory()
    if not directory.is_dir():
        return
    stored = set(StoredFile.objects.values_list("name", flat=True))
    skipped = []
    for path in sorted(directory.iterdir()):
        match = UPLOADED_NAME.fullmatch(path.name)
        name = f"{uploads.UPLOAD_DIR}/{path.name}"
        if name in stored:
            continue
        if not match or path.is_symlink() or not path.is_file() or path.stat().st_size > uploads.MAX_BYTES:
            skipped.append(path.name)
            continue
        data = _pixels_only(path.read_bytes(), match.group(1))
        if data is None:
            skipped.append(path.name)
            continue
        StoredFile.objects.create(
            name=name, content=data, size=len(data), content_type=uploads.CONTENT_TYPES[match.group(1)],
            created=datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.timezone.utc))
    if skipped:
        print(f"\n  Not moved from {directory} (not images this site made): {', '.join(skipped)}")


def _pixels_only(data, extension):
    try:
        uploads.check_encoded_image(data, extension)
        return data
    except uploads.UploadRefused:
        pass
    try:
        cleaned, kind = uploads.clean_image(ContentFile(data))
    except uploads.UploadRefused:
        return None
    return cleaned if uploads.FORMATS[kind][0] == extension else None


class Migration(migrations.Migration):

    dependencies = [
        ("editing", "0002_stored_files"),
    ]

    operations = [
        migrations.RunPython(move_uploads, migrations.RunPython.noop),
    ]
