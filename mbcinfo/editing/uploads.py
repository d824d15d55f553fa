"""Images uploaded from the editor: only JPEG, PNG and WebP, as Pillow reads them, re-encoded.

The browser's content type and the file's name are ignored: Pillow decides what the bytes are,
and the image is decoded and encoded again, so what is stored is pixels we wrote ourselves (no
script in an SVG, no HTML posing as a picture) and nothing else: no EXIF location from a phone,
no comment, colour profile or text chunk (image_parts.py checks the result).

Decoding is where an image costs memory: a 187 KB PNG can claim 24 million 16-bit pixels. The
header is read first and the image refused when decoding and scaling it down would take more
than MAX_DECODE_MEMORY, and each process converts at most CONVERSION_THREADS images at a time.

A stored image is named by the hash of its bytes, so a name never changes meaning: pages,
browsers and every server can keep it for good.
"""
import hashlib
import io
import threading
from concurrent.futures import ThreadPoolExecutor

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from PIL import Image, ImageCms, ImageOps

from .image_parts import non_pixel_parts

MAX_BYTES = 5 * 1024 * 1024
# Memory one image may take to decode and scale down, as decode_memory() counts it: 4000 × 4000
# RGB or 2828 × 2828 RGBA as a PNG or WebP; a JPEG is decoded at a half or a quarter of its size,
# so a phone's 48-megapixel photo fits. The peak measured is at most about 1.7 times the count
# (bench/upload_memory.py): with one conversion at a time, a worker stays about 110 MB above idle.
MAX_DECODE_MEMORY = 64_000_000
MAX_SIDE = 2000  # stored images are scaled down to this: pages are at most 46rem wide
# One conversion at a time per process: four editors uploading at once wait in turn (each takes
# a second or two) rather than holding four images in memory together (bench/upload_memory.py).
CONVERSION_THREADS = 1
CONVERSION_WAIT_SECONDS = 20  # then the editor is told to try again: a request must not hang
UPLOAD_DIR = "uploads"
# Pillow format → (stored extension, content type). Nothing else is accepted.
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = dict(FORMATS.values())
STORED_NAME = r"[0-9a-f]{32}\.(?:jpg|png|webp)"

# Bytes a pixel takes in Pillow's memory, by mode; every mode not listed takes 4 (RGB included:
# Pillow keeps a spare fourth byte).
PILLOW_PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
# PNG colour type → channels (the PNG specification, IHDR).
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}

# Conversions run on these threads, not the request's own: malloc gives each thread its own
# arena and keeps what is freed there, so conversions spread over gunicorn's four request threads
# left a worker at 285 MB where the same conversions on one thread peaked at 164 MB.
converter = ThreadPoolExecutor(max_workers=CONVERSION_THREADS, thread_name_prefix="image-conversion")


class UploadRefused(ValueError):
    """The upload is not an image we store; the message says why, for the editor."""


class UploadBusy(RuntimeError):
    """No conversion thread was free for CONVERSION_WAIT_SECONDS: the image was not read."""


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
    data, kind = converted(lambda: _convert(upload))
    if non_pixel_parts(data, kind):  # our own encoder's output: never expected, never stored
        raise UploadRefused("the image could not be converted without its metadata; save it again as PNG.")
    return data, kind


def _convert(upload):
    image, kind = _open(upload)
    with image:
        _decoding(lambda: _scale_down(image))
        try:
            return _encode(image, kind), kind
        except Exception as error:  # as in _decoding: a file Pillow cannot handle is refused, not a 500
            raise UploadRefused("the image could not be converted; save it again as JPEG or PNG.") from error


def check_encoded_image(data, extension):
    """Check an image that arrives already encoded and named by its hash (a content directory's
    images, files moved from the old upload directory): the upload's checks (what Pillow reads,
    size, decoding memory, a full decode), and the form an upload is stored in: pixels only, no
    side over MAX_SIDE. It is not encoded again, since its name, which pages link to, is the
    hash of these very bytes; a file not in that form is refused, to be uploaded again.
    Only commands call this (loadcontent, a migration), one file at a time, so it decodes on the
    calling thread: starting the conversion thread would leave a thread behind that stops the
    command's index build from forking (see index.py). Returns the Pillow format; raises
    UploadRefused."""
    if len(data) > MAX_BYTES:
        raise UploadRefused(f"the image is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    kind = _check_decodes(data, extension)
    extra = non_pixel_parts(data, kind)
    if extra:
        raise UploadRefused(f"the file holds more than pixels ({'; '.join(extra)}).")
    return kind


def _check_decodes(data, extension):
    image, kind = _open(io.BytesIO(data), draft=False)
    with image:
        if FORMATS[kind][0] != extension:
            raise UploadRefused(f"the file is a {kind} image, but its name ends in .{extension}.")
        if max(image.size) > MAX_SIDE:
            raise UploadRefused(f"the image is {image.width} × {image.height} pixels; stored images "
                                f"are at most {MAX_SIDE} pixels on a side.")
        _decoding(image.load)
    return kind


def converted(work):
    """work(), run on a conversion thread once one is free; UploadBusy when none is free within
    CONVERSION_WAIT_SECONDS. Exceptions from work() are raised here."""
    started = threading.Event()

    def run():
        started.set()
        return work()

    job = converter.submit(run)
    if not started.wait(CONVERSION_WAIT_SECONDS) and job.cancel():
        raise UploadBusy("other images are being converted; try again in a minute.")
    return job.result()


def decode_memory(image, header, full_size=None):
    """The memory decoding `image` (opened, not loaded, a JPEG drafted) and scaling it down takes,
    from its header; `full_size` is a drafted JPEG's size in the file.

    - The decoded pixels, at the larger of Pillow's pixel size for the image's mode and the
      file's own bits per pixel: a 16-bit channel takes two bytes wherever a decoder keeps it at
      full depth, and Pillow narrowing 16-bit colour to 8 bits as it reads is not counted on.
    - With an alpha channel, a second copy: resizing works on a premultiplied copy of the whole image.
    - A JPEG is counted at the size it will be decoded at (see _open); a progressive one also
      keeps two bytes a pixel of coefficients for the whole image while it decodes.

    A 4898 × 4898 16-bit RGBA PNG (187 KB of zeros) counts 288 MB: 192 MB decoded, 96 MB copied.
    """
    width, height = image.size
    held = PILLOW_PIXEL_BYTES.get(image.mode, 4)
    if image.format == "PNG":  # colour type: IHDR's byte after the bit depth
        file_bits = bit_depth(image, header) * PNG_CHANNELS.get(header[25], 4)
    else:
        file_bits = bit_depth(image, header) * len(image.getbands())
    memory = width * height * max(held, -(-file_bits // 8))
    if image.mode in ("LA", "RGBA"):
        memory += width * height * held
    if image.format == "JPEG" and image.info.get("progressive"):
        full_width, full_height = full_size or image.size
        memory += full_width * full_height * 2
    return memory


def bit_depth(image, header):
    """Bits per channel in the file. A PNG's IHDR is its first chunk: the bit depth is byte 24."""
    return header[24] if image.format == "PNG" else getattr(image, "bits", 8)


def _open(stream, draft=True):
    """Open (not decode) an image and check its header; return (image, Pillow format). With
    `draft`, a large JPEG is set up to decode at a fraction of its size."""
    stream.seek(0)
    header = stream.read(32)
    stream.seek(0)
    image = _decoding(lambda: Image.open(stream, formats=list(FORMATS)))
    kind = image.format
    try:
        if kind not in FORMATS:  # e.g. an MPO that Pillow's JPEG reader opened
            raise UploadRefused("only JPEG, PNG and WebP images can be uploaded.")
        width, height = image.size
        if kind == "JPEG" and draft:
            # Decoded straight at a half, quarter or eighth of its size when that still covers
            # MAX_SIDE: a 6000 × 4000 photo then takes a quarter of the memory.
            image.draft(None, (MAX_SIDE, MAX_SIDE))
        needed = decode_memory(image, header, (width, height))
        if needed > MAX_DECODE_MEMORY:
            raise UploadRefused(
                f"the image is {width} × {height} pixels ({image.mode}, {bit_depth(image, header)} bits a "
                f"channel); converting it would take "
                f"{needed / 1e6:.0f} MB of memory, and the limit is {MAX_DECODE_MEMORY / 1e6:.0f} MB. "
                "Save it smaller, or as 8-bit colour.")
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
    image.thumbnail((MAX_SIDE, MAX_SIDE))  # decodes, and shrinks in place


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
