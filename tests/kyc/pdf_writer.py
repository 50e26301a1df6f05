"""A small PDF writer for the upload tests: objects written plain or packed in an object stream,
every stream under any chain of the standard filters, a classic xref table or an xref stream.

Enough of ISO 32000 to build the files an attacker would: a reader (pypdf, a browser's viewer)
opens them, and whatever they hide is only visible after decoding.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from dataclasses import dataclass, field

FLATE, AHX, A85, LZW, RL = "/FlateDecode", "/ASCIIHexDecode", "/ASCII85Decode", "/LZWDecode", "/RunLengthDecode"
PNG_UP = "png-up"  # FlateDecode with a PNG predictor (Up, 5 columns), as xref streams are usually written


def flate(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def png_up(data: bytes, columns: int = 5) -> bytes:
    """Rows of ``columns`` bytes, each with the PNG "Up" filter, deflated (Predictor 12)."""
    data += b"\x00" * (-len(data) % columns)
    rows, previous = [], bytes(columns)
    for start in range(0, len(data), columns):
        row = data[start : start + columns]
        rows.append(b"\x02" + bytes((a - b) % 256 for a, b in zip(row, previous, strict=True)))
        previous = row
    return flate(b"".join(rows))


def ascii_hex(data: bytes) -> bytes:
    return binascii.hexlify(data) + b">"


def ascii85(data: bytes) -> bytes:
    return base64.a85encode(data) + b"~>"


def run_length(data: bytes) -> bytes:
    out = bytearray()
    for start in range(0, len(data), 128):
        chunk = data[start : start + 128]
        out += bytes([len(chunk) - 1]) + chunk
    return bytes(out + b"\x80")


def lzw_codes(data: bytes) -> list[int]:
    """The LZW codes of ``data`` (8-bit, with the clear code at the start and when the table fills)."""
    table = {bytes([i]): i for i in range(256)}
    codes, current, next_code = [256], b"", 258
    for byte in data:
        candidate = current + bytes([byte])
        if candidate in table:
            current = candidate
            continue
        codes.append(table[current])
        table[candidate], next_code = next_code, next_code + 1
        current = bytes([byte])
        if next_code == 4095:
            codes.append(256)
            table, next_code = {bytes([i]): i for i in range(256)}, 258
    if current:
        codes.append(table[current])
    return [*codes, 257]


def lzw_pack(codes: list[int]) -> bytes:
    """Pack LZW codes with the PDF's code widths (EarlyChange 1: 9 to 12 bits)."""
    bits, count, out, table_size = 0, 0, bytearray(), 258
    first = True
    for code in codes:
        width = 9 if table_size < 511 else 10 if table_size < 1023 else 11 if table_size < 2047 else 12
        bits, count = (bits << width) | code, count + width
        while count >= 8:
            count -= 8
            out.append((bits >> count) & 0xFF)
        bits &= (1 << count) - 1
        if code == 256:
            table_size, first = 258, True
        elif code != 257:
            if not first:
                table_size += 1
            first = False
    if count:
        out.append((bits << (8 - count)) & 0xFF)
    return bytes(out)


def lzw(data: bytes) -> bytes:
    return lzw_pack(lzw_codes(data))


ENCODERS = {FLATE: flate, AHX: ascii_hex, A85: ascii85, LZW: lzw, RL: run_length, PNG_UP: png_up}


def encode(data: bytes, filters: tuple[str, ...]) -> tuple[bytes, bytes]:
    """``data`` encoded so that decoding with ``filters`` in order gives it back; and the
    dictionary entries (/Filter, /DecodeParms) that say so."""
    for name in reversed(filters):
        data = ENCODERS[name](data)
    if not filters:
        return data, b""
    names = b" ".join((FLATE if name == PNG_UP else name).encode() for name in filters)
    params = b" ".join(b"<< /Predictor 12 /Columns 5 >>" if name == PNG_UP else b"null" for name in filters)
    if len(filters) == 1:
        return data, b" /Filter " + names + (b" /DecodeParms " + params if PNG_UP in filters else b"")
    return data, b" /Filter [" + names + b"] /DecodeParms [" + params + b"]"


def stream(dictionary: bytes, data: bytes, filters: tuple[str, ...] = (FLATE,)) -> bytes:
    """A stream object's text: ``dictionary`` is the inside of its << >> without /Length."""
    encoded, entries = encode(data, filters)
    return (
        b"<< " + dictionary + entries + b" /Length " + str(len(encoded)).encode() + b" >>\nstream\n"
        b"" + encoded + b"\nendstream"
    )


@dataclass
class Pdf:
    """Objects by number (their text between ``obj`` and ``endobj``); ``packed`` ones go into an
    object stream encoded with ``packed_filters``; an object stream needs an xref stream."""

    objects: dict[int, bytes] = field(default_factory=dict)
    packed: set[int] = field(default_factory=set)
    packed_filters: tuple[str, ...] = (FLATE,)
    xref_stream: bool = False
    xref_filters: tuple[str, ...] = (PNG_UP,)
    trailer: bytes = b""

    def build(self) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        size = max(self.objects) + 3
        offsets: dict[int, tuple[int, int, int]] = {}
        for number in sorted(set(self.objects) - self.packed):
            offsets[number] = (1, len(out), 0)
            out += b"%d 0 obj\n" % number + self.objects[number] + b"\nendobj\n"
        if self.packed:
            container = size - 2
            heads, bodies = [], bytearray()
            for index, number in enumerate(sorted(self.packed)):
                heads.append(b"%d %d" % (number, len(bodies)))
                bodies += self.objects[number] + b"\n"
                offsets[number] = (2, container, index)
            head = b" ".join(heads) + b"\n"
            offsets[container] = (1, len(out), 0)
            body = stream(
                b"/Type /ObjStm /N %d /First %d" % (len(heads), len(head)), head + bodies, self.packed_filters
            )
            out += b"%d 0 obj\n" % container + body + b"\nendobj\n"
        root = b"/Root 1 0 R" + self.trailer
        if self.xref_stream or self.packed:
            xref = size - 1
            offsets[xref] = (1, len(out), 0)
            rows = b"".join(
                bytes([kind]) + position.to_bytes(3, "big") + index.to_bytes(1, "big")
                for kind, position, index in (offsets.get(number, (0, 0, 0)) for number in range(size))
            )
            dictionary = b"/Type /XRef /Size %d /W [1 3 1] " % size + root
            out += b"%d 0 obj\n" % xref + stream(dictionary, rows, self.xref_filters) + b"\nendobj\n"
            return bytes(out + b"startxref\n%d\n%%%%EOF\n" % offsets[xref][1])
        start = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            kind, position, _ = offsets.get(number, (0, 0, 0))
            out += b"%010d 00000 n \n" % position if kind else b"0000000000 65535 f \n"
        return bytes(out + b"trailer\n<< /Size %d " % size + root + b" >>\nstartxref\n%d\n%%%%EOF\n" % start)


PAGE_TEXT = b"BT /F1 12 Tf 72 712 Td (Passport scan) Tj ET"


def document(catalog: bytes = b"", page: bytes = b"", extra: dict[int, bytes] | None = None, **options) -> Pdf:
    """A one-page document: 1 catalog, 2 pages, 3 the page, 4 its content; ``catalog`` and
    ``page`` add entries to those dictionaries, ``extra`` adds objects (5 and up)."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R " + page + b">>",
        4: stream(b"", PAGE_TEXT),
        **(extra or {}),
    }
    return Pdf(objects=objects, **options)
