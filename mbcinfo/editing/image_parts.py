"""What an image file holds besides its pixels: comments, colour profiles, text chunks, EXIF, XMP.

A stored image must hold pixels only: a JPEG comment or a PNG text chunk can carry a patient's
name, and a phone's EXIF its location. Pillow skips parts it does not know (private PNG chunks,
bytes after the end of the image) without a word, so the file's own structure is walked here,
segment by segment, and anything not on the short list of what a decoder needs is named.
"""

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_PIXEL_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}

# JPEG markers a decoder needs: frame headers (SOF0–SOF15) and, in the same range, Huffman tables
# (DHT) and arithmetic conditioning (DAC) but not the reserved JPG; quantisation tables, restart
# interval, scan header.
JPEG_PIXEL_MARKERS = {*range(0xC0, 0xD0), 0xDB, 0xDD, 0xDA} - {0xC8}
JPEG_SOS, JPEG_EOI = 0xDA, 0xD9
# The JFIF header as Pillow writes it: version, density, and no thumbnail (a thumbnail is a
# second, unchecked picture).
JFIF_LENGTH = 14

WEBP_PIXEL_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}


def non_pixel_parts(data, kind):
    """Names of the parts of `data` (a JPEG, PNG or WebP file) that are not pixel data; [] when
    the file holds pixels only."""
    return {"PNG": _png, "JPEG": _jpeg, "WEBP": _webp}[kind](data)


def _png(data):
    if not data.startswith(PNG_SIGNATURE):
        return ["no PNG signature"]
    found, at = [], len(PNG_SIGNATURE)
    while at + 8 <= len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        kind = data[at + 4:at + 8]
        if kind not in PNG_PIXEL_CHUNKS:
            found.append(f"PNG chunk {kind.decode('latin-1')!r}")
        at += 12 + length  # length, type, data, CRC
        if kind == b"IEND":
            return found + (["data after the end of the image"] if at != len(data) else [])
    return found + ["no end of image"]


def _jpeg(data):
    if not data.startswith(b"\xff\xd8"):
        return ["no JPEG start of image"]
    found, at = [], 2
    while at + 1 < len(data):
        if data[at] != 0xFF:
            return found + ["bytes outside any segment"]
        marker = data[at + 1]
        if marker == 0xFF:  # a fill byte before a marker
            at += 1
            continue
        at += 2
        if marker == JPEG_EOI:
            return found + (["data after the end of the image"] if at != len(data) else [])
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # restart markers and TEM have no body
            continue
        length = int.from_bytes(data[at:at + 2], "big")
        body = data[at + 2:at + length]
        if marker == 0xE0 and body.startswith(b"JFIF\x00") and len(body) == JFIF_LENGTH:
            pass
        elif marker not in JPEG_PIXEL_MARKERS:
            found.append(_jpeg_marker_name(marker))
        at += length
        if marker == JPEG_SOS:
            at = _end_of_scan(data, at)
    return found + ["no end of image"]


def _end_of_scan(data, at):
    """Where the compressed data after a scan header ends: at the first marker that is not a
    stuffed 0xFF00 or a restart marker."""
    while (at := data.find(b"\xff", at)) != -1 and at + 1 < len(data):
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            at += 2
        elif following == 0xFF:
            at += 1
        else:
            return at
    return len(data)


def _jpeg_marker_name(marker):
    if 0xE0 <= marker <= 0xEF:
        return f"JPEG APP{marker - 0xE0} segment (application data such as EXIF, XMP or an ICC profile)"
    if marker == 0xFE:
        return "JPEG COM segment (a comment)"
    return f"JPEG segment 0xFF{marker:02X}"


def _webp(data):
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return ["no WebP header"]
    found, at = [], 12
    end = 8 + int.from_bytes(data[4:8], "little")
    if end != len(data):
        found.append("data after the end of the image")
    while at + 8 <= min(end, len(data)):
        kind = data[at:at + 4]
        length = int.from_bytes(data[at + 4:at + 8], "little")
        if kind not in WEBP_PIXEL_CHUNKS:
            found.append(f"WebP chunk {kind.decode('latin-1')!r}")
        at += 8 + length + (length & 1)  # chunks are padded to an even length
    return found
