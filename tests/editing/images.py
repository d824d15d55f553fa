"""Image files for the upload tests and bench/upload_memory.py, written byte by byte where Pillow
cannot write them (16-bit RGBA PNGs) or would not (a header that lies about its size)."""
import io
import struct
import zlib

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RGBA = 6  # PNG colour type


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_of_zeros(width, height, bit_depth=16, color_type=RGBA):
    """A real, fully decodable PNG of transparent black: 4898 × 4898 at 16-bit RGBA is 187 KB."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color_type]
    row = b"\x00" * (1 + width * channels * bit_depth // 8)  # filter byte, then the pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return PNG_SIGNATURE + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def png_header_only(width, height, bit_depth=8, color_type=2):
    """A PNG that claims `width` × `height` pixels: the header is all a bomb needs."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return (PNG_SIGNATURE + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\x00" * 10))
            + png_chunk(b"IEND", b""))


def image_bytes(kind, size=(40, 30), mode="RGB", **save):
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None).save(out, kind, **save)
    return out.getvalue()
