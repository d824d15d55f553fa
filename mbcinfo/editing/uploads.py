"""Images uploaded from the editor: only JPEG, PNG and WebP, as Pillow reads them, re-encoded.

The browser's content type and the file's name are ignored: Pillow decides what the bytes are,
and the image is decoded and encoded again, so what is stored is pixels we wrote ourselves (no
script in an SVG, no HTML posing as a picture) and nothing else: no EXIF location from a phone,
no comment, colour profile or text chunk (image_parts.py checks the result).

Decoding is where an image costs memory: a 187 KB PNG can claim 24 million 16-bit pixels. The
header is read first and the decode refused when it would hold more than MAX_DECODED_BYTES, and
each process decodes at most DECODE_SLOTS images at a time.

A stored image is named by the hash of its bytes, so a name never changes meaning: pages,
browsers and every server can keep it for good.
"""
import hashlib
import io
import threading

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from PIL import Image, ImageCms, ImageOps

from .image_parts import non_pixel_parts

MAX_BYTES = 5 * 1024 * 1024
# 6000 × 4000 pixels (a large phone photo) at 4 bytes a pixel, which is how Pillow holds RGB.
MAX_DECODED_BYTES = 96_000_000
MAX_SIDE = 2000  # stored images are scaled down to this: pages are at most 46rem wide
# One decode at a time per process: four editors uploading at once wait in turn (each decode is
# a second or two) rather than holding four images in memory together (bench/upload_memory.py).
DECODE_SLOTS = 1
DECODE_WAIT_SECONDS = 20  # then the editor is told to try again: a request must not hang
UPLOAD_DIR = "uploads"
# Pillow format → (stored extension, content type). Nothing else is accepted.
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = dict(FORMATS.values())
KINDS = {extension: kind for kind, (extension, _) in FORMATS.items()}
STORED_NAME = r"[0-9a-f]{32}\.(?:jpg|png|webp)"

# Bytes a pixel takes in Pillow's memory, by mode; every mode not listed takes 4 (RGB included:
# Pillow keeps a spare fourth byte).
PILLOW_PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
# PNG colour type → channels (the PNG specification, IHDR).
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}

decode_slots = threading.BoundedSemaphore(DECODE_SLOTS)


class UploadRefused(ValueError):
    """The upload is not an image we store; the message says why, for the editor."""


class UploadBusy(RuntimeError):
    """Every decoding slot stayed taken for DECODE_WAIT_SECONDS: the image was not read."""


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
    data, kind = clean_image(upload)
    return default_storage.save(stored_name(data, kind), ContentFile(data))


def stored_name(data, kind):
    return f"{UPLOAD_DIR}/{hashlib.sha256(data).hexdigest()[:32]}.{FORMATS[kind][0]}"


def clean_image(upload):
    """(bytes, Pillow format) of the image in the file object `upload`, decoded, scaled down and
    encoded again with pixels only. Raises UploadRefused or UploadBusy."""
    if upload.size > MAX_BYTES:
        raise UploadRefused(f"the image is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    with decoding_slot():
        image, kind = _open(upload)
        with image:
            _decoding(lambda: _scale_down(image))
            try:
                data = _encode(image, kind)
            except Exception as error:  # as in _decoding: a file Pillow cannot handle is refused, not a 500
                raise UploadRefused("the image could not be converted; save it again as JPEG or PNG.") from error
    if non_pixel_parts(data, kind):  # our own encoder's output: never expected, never stored
        raise UploadRefused("the image could not be converted without its metadata; save it again as PNG.")
    return data, kind


def check_encoded_image(data, extension):
    """Check an image that arrives already encoded and named by its hash (a content directory's
    images, files moved from the old upload directory): the upload's checks (what Pillow reads,
    size, decoded size, a full decode), and the form an upload is stored in: pixels only, no
    side over MAX_SIDE. It is not encoded again, since its name, which pages link to, is the
    hash of these very bytes; a file not in that form is refused, to be uploaded again.
    Returns the Pillow format; raises UploadRefused or UploadBusy."""
    if len(data) > MAX_BYTES:
        raise UploadRefused(f"the image is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    with decoding_slot():
        image, kind = _open(io.BytesIO(data))
        with image:
            if FORMATS[kind][0] != extension:
                raise UploadRefused(f"the file is a {kind} image, but its name ends in .{extension}.")
            if max(image.size) > MAX_SIDE:
                raise UploadRefused(f"the image is {image.width} × {image.height} pixels; stored images "
                                    f"are at most {MAX_SIDE} pixels on a side.")
            _decoding(image.load)
    extra = non_pixel_parts(data, kind)
    if extra:
        raise UploadRefused(f"the file holds more than pixels ({'; '.join(extra)}).")
    return kind


class decoding_slot:
    """Hold one of the process's decoding slots, waiting up to DECODE_WAIT_SECONDS for it."""

    def __enter__(self):
        if not decode_slots.acquire(timeout=DECODE_WAIT_SECONDS):
            raise UploadBusy("other images are being converted; try again in a minute.")

    def __exit__(self, *exc_info):
        decode_slots.release()


def decoded_bytes(image, header):
    """The memory a full decode of `image` (opened, not loaded) takes, from its header.

    Counted at the larger of Pillow's pixel size for the image's mode and the file's own bits
    per pixel: a 16-bit channel takes two bytes wherever a decoder keeps it at full depth, and
    Pillow narrowing 16-bit colour to 8 bits as it reads is not counted on. A 4898 × 4898
    16-bit RGBA PNG (187 KB of zeros) is 192 MB by this count.
    """
    width, height = image.size
    held = PILLOW_PIXEL_BYTES.get(image.mode, 4)
    if image.format == "PNG":  # IHDR is the first chunk: bit depth and colour type at bytes 24–25
        file_bits = header[24] * PNG_CHANNELS.get(header[25], 4)
    else:
        file_bits = getattr(image, "bits", 8) * len(image.getbands())
    return width * height * max(held, -(-file_bits // 8))


def _open(stream):
    """Open (not decode) an image and check its header; return (image, Pillow format)."""
    stream.seek(0)
    header = stream.read(32)
    stream.seek(0)
    image = _decoding(lambda: Image.open(stream, formats=list(FORMATS)))
    kind = image.format
    try:
        if kind not in FORMATS:  # e.g. an MPO that Pillow's JPEG reader opened
            raise UploadRefused("only JPEG, PNG and WebP images can be uploaded.")
        needed = decoded_bytes(image, header)
        if needed > MAX_DECODED_BYTES:
            width, height = image.size
            raise UploadRefused(
                f"the image is {width} × {height} pixels of {image.mode}, {needed / 1e6:.0f} MB once "
                f"decoded; the limit is {MAX_DECODED_BYTES / 1e6:.0f} MB. Save it smaller, or as 8-bit colour.")
    except BaseException:
        image.close()
        raise
    return image, kind


def _decoding(step):
    """Run a step that reads image data; any decoder error means "not an image we accept"."""
    try:
        return step()
    except UploadRefused:
        raise
    except Image.DecompressionBombError as error:
        raise UploadRefused("the image has too many pixels.") from error
    except Exception as error:
        # Decoders for hostile or damaged files raise many kinds of error (OSError, SyntaxError,
        # ValueError, EOFError, struct.error, …); each one means "not an image we accept".
        raise UploadRefused("the file is not a JPEG, PNG or WebP image that can be read.") from error


def _scale_down(image):
    # A JPEG can be decoded straight at a half, quarter or eighth of its size: a 6000 × 4000
    # photo then takes a quarter of the memory. thumbnail() decodes the rest and shrinks in place.
    image.draft(None, (MAX_SIDE, MAX_SIDE))
    image.thumbnail((MAX_SIDE, MAX_SIDE))


def _encode(image, kind):
    ImageOps.exif_transpose(image, in_place=True)  # keep phone photos upright once EXIF is dropped
    image = _in_srgb(image)
    transparency = image.info.get("transparency")
    out = io.BytesIO()
    if kind == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        # Pillow writes back what it read unless told otherwise (a JPEG's comment, a PNG's
        # colour profile): the pixels go out with an empty info.
        image.info = {}
        image.save(out, "JPEG", quality=85, optimize=True)
    elif kind == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
            transparency = None
        image.info = {}
        extra = {"transparency": transparency} if transparency is not None else {}
        image.save(out, "PNG", optimize=True, **extra)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        image.info = {}
        image.save(out, "WEBP", quality=85)
    return out.getvalue()


def _in_srgb(image):
    """The image's colours in sRGB, the profile browsers assume once the file's own is dropped."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        return ImageCms.profileToProfile(image, io.BytesIO(profile), ImageCms.createProfile("sRGB"),
                                         outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a profile lcms cannot read: the pixels are kept as they are
