"""The size a picture codec's own data declares, read from its header: a PDF's image dictionary
may say 8 × 8 while the JPEG, JPEG 2000 or JBIG2 data inside says 65,000 × 65,000, and a viewer
allocates what the data says. Nothing is decoded.

``declared_pixels`` gives the largest image the data declares, ``None`` when the data has no
header this module can read."""

from __future__ import annotations

import struct

JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
JPX_SIZ = b"\xff\x4f\xff\x51"  # start of codestream, then the image and tile size marker
JP2_HEADER = b"ihdr"
JBIG2_PAGE_INFORMATION = 48
MAX_SEGMENTS = 1_000


def jpeg_pixels(data: bytes) -> int | None:
    """Width × height of every frame header (SOF) before the first scan, the largest."""
    if not data.startswith(b"\xff\xd8"):
        return None
    at, largest = 2, None
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return largest
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header after
            return largest
        (length,) = struct.unpack_from(">H", data, at + 2)
        if marker in JPEG_FRAMES and at + 9 <= len(data):
            height, width = struct.unpack_from(">HH", data, at + 5)
            largest = max(largest or 0, width * height)
        at += 2 + length
    return largest


def jpx_pixels(data: bytes) -> int | None:
    """A JPEG 2000 codestream's image size (SIZ), or a JP2 file's image header (ihdr)."""
    largest = None
    at = data.find(JPX_SIZ)
    if at >= 0 and at + 4 + 36 <= len(data):
        width, height, left, top = struct.unpack_from(">IIII", data, at + 8)
        largest = max(width - left, 0) * max(height - top, 0)
    header = data.find(JP2_HEADER)
    if header >= 0 and header + 12 <= len(data):
        height, width = struct.unpack_from(">II", data, header + 4)
        largest = max(largest or 0, width * height)
    return largest


def jbig2_pixels(data: bytes) -> int | None:
    """The page information segments of an embedded JBIG2 stream (no file header): each says
    its page's width and height (a height of 0xFFFFFFFF, not known yet, counts as the width)."""
    at, largest = 0, None
    for _ in range(MAX_SEGMENTS):
        if at + 6 > len(data):
            break
        number, flags, referred = struct.unpack_from(">IBB", data, at)
        at += 6
        count = referred >> 5
        if count == 7:  # the long form: a 4-byte count, then retention bits
            if at + 3 > len(data):
                break
            count = struct.unpack_from(">I", data, at - 1)[0] & 0x1FFFFFFF
            at += 3 + (count + 8) // 8
        reference_size = 1 if number <= 256 else 2 if number <= 65536 else 4
        at += count * reference_size + (4 if flags & 0x40 else 1)
        if at + 4 > len(data):
            break
        (length,) = struct.unpack_from(">I", data, at)
        at += 4
        if flags & 0x3F == JBIG2_PAGE_INFORMATION and at + 8 <= len(data):
            width, height = struct.unpack_from(">II", data, at)
            largest = max(largest or 0, width * (width if height == 0xFFFFFFFF else height))
        if length == 0xFFFFFFFF:  # an immediate region of unknown length: stop reading headers
            break
        at += length
    return largest


READERS = {
    "/DCTDecode": jpeg_pixels,
    "/DCT": jpeg_pixels,
    "/JPXDecode": jpx_pixels,
    "/JBIG2Decode": jbig2_pixels,
}


def declared_pixels(codec: str, data: bytes) -> int | None:
    reader = READERS.get(codec)
    return reader(data) if reader else None
