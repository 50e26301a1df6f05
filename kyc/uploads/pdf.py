"""PDFs: read with a real parser (pypdf), every object and every stream under every filter, and
refused when anything in them could act (run a script, open a link, launch a program, carry a
file, send a form) or when they are built to exhaust the server.

The bytes are also read token by token (``pdf_syntax``), as a viewer's lexer reads them, for what
pypdf smooths over: comments inside an object's header, a dictionary with the same key twice.
An object the cross-reference table lists that neither pypdf nor the lexer can read makes the
file damaged. Values are resolved before they are judged (``/Type 6 0 R``).

Every object counts, wherever it sits: listed in the cross-reference table or not (a reader
that repairs a file finds unlisted ones), written plain or packed in an object stream, in the
last revision or an earlier one. Streams are decoded through all their filters (ASCIIHex,
ASCII85, LZW, Flate with or without a predictor, RunLength) in bounded steps: no stream may
unpack to more than ``STREAM_LIMIT`` bytes, nor all of them to more than ``TOTAL_LIMIT``, and a
stream past the limit is abandoned as soon as the decoder reaches it, never inflated whole.
Picture codecs (JPEG, JPEG 2000, JBIG2, fax) are not decoded: their size is their image's,
checked by its pixels like an uploaded image.

The limits live in a pypdf ``Configuration`` applied to this check's context only, and the
whole check has ``SECONDS`` to finish; a file that needs more is refused.
"""

from __future__ import annotations

import io
import re
import time
import zlib
from collections.abc import Iterator

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.filters import ASCII85Decode, ASCIIHexDecode, FlateDecode, LZWDecode, RunLengthDecode
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    PdfObject,
    StreamObject,
    read_object,
)

from .codestreams import declared_pixels
from .pdf_syntax import DuplicateKey, scan_object
from .refusal import HIDDEN_MARKUP, MAX_PIXELS, REPRINT, UploadRefused, hides_markup

MiB = 1 << 20
STREAM_LIMIT = 48 * MiB  # a 400 dpi A4 colour page, uncompressed, is 46 MB
TOTAL_LIMIT = 192 * MiB
SECONDS = 5.0
MAX_OBJECTS = 50_000  # a 300-page statement has a few thousand
MAX_DEPTH = 100  # arrays and dictionaries inside one another

# The names that make a PDF act, with what the staff member is told.
ACTIVE = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/OpenAction": "an action run on opening",
    "/AA": "an action run automatically",
    "/Launch": "a program launch",
    "/EmbeddedFile": "an attached file",
    "/EmbeddedFiles": "an attached file",
    "/EF": "an attached file",
    "/FileAttachment": "an attached file",
    "/RichMedia": "rich media",
    "/RichMediaExecute": "rich media",
    "/XFA": "an XFA form",
    "/URI": "a web link",
    "/SubmitForm": "a form that sends its data",
    "/ImportData": "a data import",
    "/GoToR": "a link to another file",
    "/GoToE": "a link to another file",
    "/Rendition": "a media action",
    "/Movie": "a media action",
    "/Sound": "a media action",
    "/3D": "3D content, which can run scripts",
    "/URL": "a web link",  # a file specification that is a web address (/FS /URL)
    "/PS": "PostScript, which printers run",
}
DECODERS = {
    "/FlateDecode": lambda data, params: FlateDecode.decode(data, params),
    "/Fl": lambda data, params: FlateDecode.decode(data, params),
    "/LZWDecode": lambda data, params: LZWDecode.decode(data, params),
    "/LZW": lambda data, params: LZWDecode.decode(data, params),
    "/ASCIIHexDecode": lambda data, params: ASCIIHexDecode.decode(data),
    "/AHx": lambda data, params: ASCIIHexDecode.decode(data),
    "/ASCII85Decode": lambda data, params: ASCII85Decode.decode(data),
    "/A85": lambda data, params: ASCII85Decode.decode(data),
    "/RunLengthDecode": lambda data, params: RunLengthDecode.decode(data, params),
    "/RL": lambda data, params: RunLengthDecode.decode(data, params),
}
PICTURE_CODECS = {"/DCTDecode", "/DCT", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/CCF"}
# The limits of pypdf's own decoders (each stops at its limit instead of inflating a bomb whole).
LIMITS = {
    "zlib_maximum_output_length": STREAM_LIMIT,
    "zlib_maximum_recovery_input_length": 256 * 1024,
    "lzw_maximum_output_length": STREAM_LIMIT,
    "run_length_maximum_output_length": STREAM_LIMIT,
    "maximum_declared_stream_length": 8 * MiB,
    "stream_decoding_work_maximum_length": 3 * STREAM_LIMIT,
    "stream_filters_maximum_length": 8,
    "jbig2dec_binary": None,  # never run an external program on an upload
}
# A PDF lexer takes a comment for whitespace: "5 0%x\nobj" is object 5's header to a viewer.
WHITESPACE = re.compile(rb"(?:[\s\x00]|%[^\r\n]*[\r\n])*")
SEPARATOR = rb"(?:[\s\x00]|%[^\r\n]*[\r\n])+"
OBJECT_HEADER = re.compile(rb"(?<![0-9])([0-9]{1,10})" + SEPARATOR + rb"([0-9]{1,5})" + SEPARATOR + rb"obj\b")
TRAILER = re.compile(rb"\btrailer\b")
STREAM_BODY = re.compile(rb"\bstream\r?\n.*?\bendstream\b", re.DOTALL)
XREF_ENTRY = re.compile(rb"[0-9]{10} [0-9]{5} [nf]")
OBJECT_END = re.compile(rb"\bendobj\b|\bstream\b")
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
ACTIVE_TEXT = re.compile(rb"/[A-Za-z0-9]+\b")

DAMAGED = "This PDF is damaged or incomplete: save it again as PDF and upload it again."
BOMB = (
    "This PDF is built to swell when opened (a decompression bomb: it unpacks to more than "
    f"{STREAM_LIMIT // MiB} MB in one part or {TOTAL_LIMIT // MiB} MB in all): {REPRINT}."
)
TOO_LARGE_IMAGE = (
    f"This PDF holds an image too large in pixels to be a document scan (at most 40 megapixels): {REPRINT}."
)
HIDES_MARKUP = "This PDF hides a web page or a script: upload a plain scan."
TOO_COMPLEX = f"This PDF is too complex to check (too many objects, too deeply nested or too slow): {REPRINT}."


def _refuse_bomb() -> None:
    raise UploadRefused(BOMB)


def _inflated_size(data: bytes) -> int:
    """What ``data`` inflates to, counted a MiB at a time and kept nowhere: a bomb is refused
    having cost a MiB of memory, not the limit's worth."""
    inflater, pending, total = zlib.decompressobj(), data, 0
    try:
        while True:
            chunk = inflater.decompress(pending, MiB)
            total += len(chunk)
            if total > STREAM_LIMIT:
                _refuse_bomb()
            pending = inflater.unconsumed_tail
            if inflater.eof or not (pending or chunk):
                return total
    except zlib.error:
        return total  # damaged data: pypdf's decoder recovers what it can, within the same limit


def _run_length_size(data: bytes) -> int:
    """What run-length ``data`` unpacks to (2 bytes can say 128), counted without unpacking."""
    index, total, end = 0, 0, len(data)
    while index < end and (length := data[index]) != 128:
        if length < 128:
            total, index = total + length + 1, index + length + 2
        else:
            total, index = total + 257 - length, index + 2
        if total > STREAM_LIMIT:
            _refuse_bomb()
    return total


class _Reader(PdfReader):
    """pypdf's reader, noting where a header the cross-reference table points to could not be
    read: lenient pypdf drops such an entry as "wrong pointing", the check must not."""

    def __init__(self, stream: io.BytesIO):
        self.unreadable_headers: list[int] = []
        super().__init__(stream, strict=False)

    def read_object_header(self, stream) -> tuple[int, int]:
        at = stream.tell()
        try:
            return super().read_object_header(stream)
        except ValueError:
            self.unreadable_headers.append(at)
            raise


class _Check:
    """One PDF's walk: the running total of decoded bytes, the objects seen, the clock."""

    def __init__(self, data: bytes, deadline: float | None):
        self.data = data
        own = time.monotonic() + SECONDS
        self.deadline = own if deadline is None else min(own, deadline)
        self.decoded = 0
        self.objects = 0
        self.reader = _Reader(io.BytesIO(data))

    def tick(self) -> None:
        self.objects += 1
        if self.objects > MAX_OBJECTS or time.monotonic() > self.deadline:
            raise UploadRefused(TOO_COMPLEX)

    def top_level_objects(self) -> Iterator[object]:
        """Every object of the file outside object streams: those the cross-reference sections
        list, then any other ``n g obj`` in the bytes (unlisted, or of an earlier revision)."""
        listed = [
            (number, generation, offset)
            for generation, table in self.reader.xref.items()
            for number, offset in table.items()
        ]
        if len(listed) > MAX_OBJECTS:
            raise UploadRefused(TOO_COMPLEX)
        for number, generation, offset in listed:
            self.tick()
            header = OBJECT_HEADER.match(self.data, offset) if isinstance(offset, int) else None
            if header:
                self.scan(self.data, header.end())
            found: object | None = IndirectObject(number, generation, self.reader).get_object()
            if found is None or isinstance(found, NullObject):
                # pypdf gave up on it (or it is null): read it at its offset, as a lenient
                # viewer would. An object the table lists that cannot be read there is a
                # damaged file, never one to skip: a viewer may read what pypdf could not.
                if header is None:
                    raise UploadRefused(DAMAGED)
                found = self._parsed_at(header.end())
            yield found
        for offset in self.reader.unreadable_headers:
            # listed, but pypdf could not read its header: a viewer's lexer may (a comment in
            # "5 0%x\nobj" is whitespace to it), or the file is damaged.
            self.tick()
            header = OBJECT_HEADER.match(self.data, offset)
            if header is None:
                raise UploadRefused(DAMAGED)
            self.scan(self.data, header.end())
            yield self._parsed_at(header.end())
        offsets = {offset for _, _, offset in listed}
        for match in OBJECT_HEADER.finditer(self.data):
            if match.start() not in offsets:
                self.tick()
                self.scan(self.data, match.end())
                yield self._parsed_at(match.end(), lenient=True)
        for match in TRAILER.finditer(self.data):
            self.scan(self.data, match.end())

    def scan(self, source: bytes, position: int) -> None:
        """The object at ``position`` token by token, as a viewer's lexer reads it: no name that
        could act, no dictionary with the same key twice."""
        try:
            scan_object(source, position, _refuse_if_active)
        except DuplicateKey as duplicate:
            raise UploadRefused(
                f"This PDF has a dictionary with the same key twice ({duplicate.key}), which viewers read "
                f"differently: {REPRINT}."
            ) from duplicate

    def _parsed_at(self, position: int, source: bytes | None = None, *, lenient: bool = False) -> object | None:
        """The object written at ``position`` in ``source`` (the file by default). Bytes that do
        not parse are refused as damaged; with ``lenient`` (an unlisted header, which may be
        binary data that looks like one), their dictionary text is only searched for active
        names, in case a reader more tolerant than pypdf would take them for an object."""
        source = self.data if source is None else source
        start = _whitespace_end(source, position)
        stream = io.BytesIO(source)
        stream.seek(start)
        try:
            return read_object(stream, self.reader)
        except (UploadRefused, LimitReachedError, RecursionError):
            raise
        except Exception as error:
            if not lenient:
                raise UploadRefused(DAMAGED) from error
        end = OBJECT_END.search(source, start, start + 65_536)
        text = source[start : end.start() if end else start + 65_536]
        for found in ACTIVE_TEXT.finditer(NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), text)):
            _refuse_if_active(found.group(0).decode("latin-1"))
        return None

    def decoded_stream(self, stream: StreamObject, *, keep: bool = True) -> bytes | None:
        """The stream's bytes through all its filters, or None for a picture codec's data (whose
        own header is held to the pixel limit). Its size counts towards the total either way;
        ``keep=False`` (an image's pixels, offsets): a last Flate filter is only counted, its
        output never held."""
        filters = _resolved(stream, "/Filter", ArrayObject())
        filters = list(filters) if isinstance(filters, ArrayObject) else [filters]
        params = _resolved(stream, "/DecodeParms", ArrayObject())
        params = list(params) if isinstance(params, ArrayObject) else [params]
        data = stream._data
        for index, entry in enumerate(filters):
            if not isinstance(entry, PdfObject):
                raise UploadRefused(DAMAGED)  # a reference to no object, which pypdf reads as None
            name = entry.get_object()
            if isinstance(name, str) and name in PICTURE_CODECS:
                _refuse_large_picture(name, data)
                return None
            if not isinstance(name, str) or name not in DECODERS:
                raise UploadRefused(f"This PDF uses a compression that cannot be checked ({name}): {REPRINT}.")
            if name in ("/FlateDecode", "/Fl"):
                size = _inflated_size(data)
                if not keep and index == len(filters) - 1:
                    self.count(size)
                    return None
            if name in ("/RunLengthDecode", "/RL"):
                _run_length_size(data)
            if name in ("/ASCII85Decode", "/A85") and 4 * data.count(b"z") + len(data) > STREAM_LIMIT:
                _refuse_bomb()  # each "z" is four zero bytes
            given = params[index] if index < len(params) else None
            param = given.get_object() if isinstance(given, PdfObject) else None
            data = DECODERS[name](data, param if isinstance(param, DictionaryObject) else None)
            if len(data) > STREAM_LIMIT:
                _refuse_bomb()
            if time.monotonic() > self.deadline:
                raise UploadRefused(TOO_COMPLEX)
        self.count(len(data))
        return data

    def count(self, size: int) -> None:
        self.decoded += size
        if self.decoded > TOTAL_LIMIT:
            _refuse_bomb()

    def inner_objects(self, container: StreamObject, data: bytes, *, lenient: bool = False) -> Iterator[object]:
        """The objects packed in an object stream (all of them, listed or not). ``lenient``: a
        stream that only may be one (not typed /ObjStm): what does not parse is let go, but
        what parses is checked."""
        first = _resolved(container, "/First", 0)
        count = _resolved(container, "/N", 0)
        if not isinstance(first, int) or not 0 <= first <= len(data):
            first = 0  # no numbers: refused below, unless /N says there is no object either
        numbers = data[:first].split()
        if not isinstance(count, int) or count > MAX_OBJECTS or count < 0 or len(numbers) < 2 * count:
            if lenient:
                return
            raise UploadRefused(TOO_COMPLEX if isinstance(count, int) and count > MAX_OBJECTS else DAMAGED)
        for index in range(count):
            self.tick()
            offset = numbers[2 * index + 1]
            if not offset.isdigit():
                if lenient:
                    return
                raise UploadRefused(DAMAGED)
            self.scan(data, first + int(offset))
            yield self._parsed_at(first + int(offset), data, lenient=lenient)

    def inspect(self, root: object) -> None:
        """Refuse if ``root`` (an object and what it holds directly) could act."""
        pending = [(root, 0)]
        while pending:
            value, depth = pending.pop()
            if depth > MAX_DEPTH:
                raise UploadRefused(TOO_COMPLEX)
            if isinstance(value, NameObject):
                _refuse_if_active(value)
            elif isinstance(value, DictionaryObject):
                for key, item in value.items():
                    _refuse_if_active(key)
                    pending.append((item, depth + 1))
                if isinstance(value, StreamObject):
                    self.inspect_stream(value)
            elif isinstance(value, ArrayObject):
                pending.extend((item, depth + 1) for item in value)

    def inspect_stream(self, stream: StreamObject) -> None:
        # Every value read here is resolved first: "/Type 6 0 R" with object 6 the name /ObjStm
        # is an object stream to a viewer.
        kind, subtype = _resolved(stream, "/Type"), _resolved(stream, "/Subtype")
        if subtype == "/Image":
            width, height = _resolved(stream, "/Width", 0), _resolved(stream, "/Height", 0)
            if not isinstance(width, (int, float)) or not isinstance(height, (int, float)):
                raise UploadRefused(DAMAGED)
            if width * height > MAX_PIXELS:
                raise UploadRefused(TOO_LARGE_IMAGE)
        data = self.decoded_stream(stream, keep=subtype != "/Image" and kind != "/XRef")
        if data is None:
            return
        if HIDDEN_MARKUP.search(data):
            raise UploadRefused(HIDES_MARKUP)
        # A stream typed /ObjStm must be one; any other with /N and /First is read as one too,
        # in case a viewer takes it for one.
        if kind == "/ObjStm" or ("/N" in stream and "/First" in stream):
            for inner in self.inner_objects(stream, data, lenient=kind != "/ObjStm"):
                self.inspect(inner)


def _whitespace_end(source: bytes, position: int) -> int:
    """Where the whitespace and comments at ``position`` end (``position`` itself if none)."""
    run = WHITESPACE.match(source, position)
    assert run is not None, "WHITESPACE matches the empty string, so always matches"
    return run.end()


def _resolved(dictionary: DictionaryObject, key: str, default: object = None) -> object:
    """``dictionary[key]`` with an indirect reference followed, as a viewer follows it."""
    value = dictionary.get(key, default)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _refuse_large_picture(codec: str, data: bytes) -> None:
    """A picture codec's data is held to the pixel limit by its own header, whatever the
    image's dictionary says; JPEG and JPEG 2000 data without a readable size is damaged."""
    pixels = declared_pixels(codec, data)
    if pixels is None and codec in ("/DCTDecode", "/DCT", "/JPXDecode"):
        raise UploadRefused(DAMAGED)
    if pixels is not None and pixels > MAX_PIXELS:
        raise UploadRefused(TOO_LARGE_IMAGE)


def _refuse_if_active(name: str) -> None:
    if name in ACTIVE:
        raise UploadRefused(f"This PDF contains active content ({ACTIVE[name]}): {REPRINT}.")


def _refuse_too_many_objects(data: bytes) -> None:
    """Before pypdf reads the cross-reference table (in Python, entry by entry), count object
    headers and table entries in the bytes, which is quick."""
    for pattern in (OBJECT_HEADER, XREF_ENTRY):
        if sum(1 for _ in pattern.finditer(data)) > MAX_OBJECTS:
            raise UploadRefused(TOO_COMPLEX)


def _refuse_glued_or_damaged(data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise UploadRefused(DAMAGED)
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise UploadRefused(DAMAGED)
    if data[end + 5 :].strip(b" \t\r\n\x00\x0c"):
        raise UploadRefused(f"Another file is glued after this PDF's end: {REPRINT}.")
    if HIDDEN_MARKUP.search(data) or hides_markup(STREAM_BODY.sub(b" ", data)):
        # Markup in the file's own text (outside stream bodies, which are binary) is what a
        # browser would render if it ever took the file for a page.
        raise UploadRefused(HIDES_MARKUP)


def checked_pdf(data: bytes, *, deadline: float | None = None) -> bytes:
    """``data`` unchanged when it is a PDF without active content, or ``UploadRefused``. The
    check stops at ``SECONDS`` or at ``deadline`` (``time.monotonic()``), whichever is first."""
    _refuse_glued_or_damaged(data)
    _refuse_too_many_objects(data)
    with apply_configuration(None, **LIMITS):  # None: over the current configuration
        try:
            check = _Check(data, deadline)
            if check.reader.is_encrypted:
                raise UploadRefused("This PDF is protected by a password: upload an unprotected copy.")
            check.inspect(check.reader.trailer)
            for found in check.top_level_objects():
                check.inspect(found)
        except UploadRefused:
            raise
        except LimitReachedError as error:
            raise UploadRefused(BOMB) from error
        except (RecursionError, MemoryError) as error:
            raise UploadRefused(TOO_COMPLEX) from error
        except Exception as error:
            raise UploadRefused(DAMAGED) from error
    return data
