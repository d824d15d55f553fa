"""Images uploaded from the editor: only JPEG, PNG and WebP, as Pillow reads them, re-encoded.

The browser's content type and the file's name are ignored: Pillow decides what the bytes are,
and the image is decoded and encoded again, so what is stored is pixels we wrote ourselves (no
script in an SVG, no HTML posing as a picture, no EXIF location from a phone).
"""
import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 24_000_000  # 6000 × 4000, a large phone photo; decoding more is a memory attack
MAX_SIDE = 2000  # stored images are scaled down to this: pages are at most 46rem wide
UPLOAD_DIR = "uploads"
# Pillow format → (stored extension, content type). Nothing else is accepted.
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = dict(FORMATS.values())
STORED_NAME = r"[0-9a-f]{32}\.(?:jpg|png|webp)"


class UploadRefused(ValueError):
    """The upload is not an image we store; the message says why, for the editor."""


class SizeLimitHandler(FileUploadHandler):
    """Stops reading an uploaded file once it passes the limit, before it fills the disk."""

    def __init__(self, request=None, limit=None):
        super().__init__(request)
        self.limit = MAX_BYTES if limit is None else limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            # Read and drop the rest, so the browser gets our 400 rather than a reset connection.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def store_image(upload):
    """Check, re-encode and store an uploaded image; return its storage name."""
    if upload.size > MAX_BYTES:
        raise UploadRefused(f"the image is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    image, kind = _decode(upload)
    extension, _ = FORMATS[kind]
    try:
        data = _encode(image, kind)
    except Exception as error:  # as in _decode: a file Pillow cannot handle is refused, not a 500
        raise UploadRefused("the image could not be converted; save it again as JPEG or PNG.") from error
    name = f"{UPLOAD_DIR}/{uuid.uuid4().hex}.{extension}"
    return default_storage.save(name, ContentFile(data))


def _decode(upload):
    upload.seek(0)
    try:
        image = Image.open(upload, formats=list(FORMATS))
        kind = image.format
        if kind not in FORMATS:  # e.g. an MPO that Pillow's JPEG reader opened
            raise UploadRefused("only JPEG, PNG and WebP images can be uploaded.")
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise UploadRefused(f"the image is {width} × {height} pixels; the limit is "
                                f"{MAX_PIXELS // 1_000_000} million pixels.")
        image.load()
    except UploadRefused:
        raise
    except Image.DecompressionBombError as error:
        raise UploadRefused("the image has too many pixels.") from error
    except Exception as error:
        # Decoders for hostile or damaged files raise many kinds of error (OSError, SyntaxError,
        # ValueError, EOFError, struct.error, …); each one means "not an image we accept".
        raise UploadRefused("the file is not a JPEG, PNG or WebP image that can be read.") from error
    return image, kind


def _encode(image, kind):
    image = ImageOps.exif_transpose(image)  # keep phone photos upright once EXIF is dropped
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if kind == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=85, optimize=True)
    elif kind == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "WEBP", quality=85)
    return out.getvalue()
