"""PDF syntax read token by token, as a viewer's lexer reads it, for what pypdf's parser smooths
over: a dictionary with the same key twice (pypdf keeps the first value, most viewers the last,
so ``/S /GoTo ... /S /Launch`` would be checked as a go-to and run as a launch), and the names an
object holds, whatever pypdf made of it.

Comments count as whitespace, as in any PDF lexer (ISO 32000-1, 7.2.3)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

# Whitespace and comments: what separates tokens (a comment runs to the end of its line).
SEPARATION = re.compile(rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*(?:\r\n|\r|\n|$))*")
DELIMITERS = b"()<>[]{}/%"
REGULAR = re.compile(rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]*")
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
GAP = rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*[\r\n])+"
REFERENCE_TAIL = re.compile(GAP + rb"[0-9]+" + GAP + rb"R(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")  # "0 R" after "5"
MAX_DEPTH = 100
MAX_TOKENS = 200_000  # one object's dictionary; a page of a statement has a few hundred


class DuplicateKey(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class _Stop(Exception):
    """The bytes stop being PDF syntax: read no further (pypdf judges the object itself)."""


def name_text(raw: bytes) -> str:
    """A name token (``/Ja#76aScript``) as the name it spells (``/JavaScript``)."""
    return NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


def _run_at(pattern: re.Pattern[bytes], data: bytes, at: int) -> re.Match[bytes]:
    """The run of ``pattern`` at ``at``: SEPARATION and REGULAR match the empty string, so a match
    is always there (an empty one where the run is absent)."""
    run = pattern.match(data, at)
    assert run is not None, "a pattern that matches the empty string always matches"
    return run


class _Lexer:
    def __init__(self, data: bytes, position: int, on_name: Callable[[str], None]):
        self.data, self.position, self.on_name, self.tokens = data, position, on_name, 0

    def skip(self) -> None:
        self.position = _run_at(SEPARATION, self.data, self.position).end()
        self.tokens += 1
        if self.tokens > MAX_TOKENS or self.position >= len(self.data):
            raise _Stop

    def value(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise _Stop
        self.skip()
        data, at = self.data, self.position
        if data.startswith(b"<<", at):
            self.position += 2
            self.dictionary(depth)
        elif data[at : at + 1] == b"[":
            self.position += 1
            while True:
                self.skip()
                if self.data[self.position : self.position + 1] == b"]":
                    self.position += 1
                    return
                self.value(depth + 1)
        elif data[at : at + 1] == b"(":
            self.literal_string()
        elif data[at : at + 1] == b"<":
            end = data.find(b">", at)
            if end < 0:
                raise _Stop
            self.position = end + 1
        elif data[at : at + 1] == b"/":
            self.on_name(self.name())
        else:
            token = _run_at(REGULAR, data, at).group(0)
            if not token:
                raise _Stop  # ) > ] } or another stray delimiter
            self.position += len(token)
            if token.isdigit() and (tail := REFERENCE_TAIL.match(data, self.position)):
                self.position = tail.end()  # "5 0 R": one value

    def name(self) -> str:
        token = _run_at(REGULAR, self.data, self.position + 1).group(0)
        self.position += 1 + len(token)
        return name_text(b"/" + token)

    def dictionary(self, depth: int) -> None:
        keys: set[str] = set()
        while True:
            self.skip()
            if self.data.startswith(b">>", self.position):
                self.position += 2
                return
            if self.data[self.position : self.position + 1] != b"/":
                raise _Stop
            key = self.name()
            self.on_name(key)
            if key in keys:
                raise DuplicateKey(key)
            keys.add(key)
            self.value(depth + 1)

    def literal_string(self) -> None:
        data, at, nesting = self.data, self.position + 1, 1
        while nesting:
            if at >= len(data):
                raise _Stop
            byte = data[at]
            if byte == 0x5C:  # backslash: the next byte is escaped
                at += 2
                continue
            nesting += 1 if byte == 0x28 else -1 if byte == 0x29 else 0
            at += 1
        self.position = at


def scan_object(data: bytes, position: int, on_name: Callable[[str], None]) -> None:
    """Read the object written at ``position`` in ``data`` (up to its end, or to where the bytes
    stop being PDF syntax), calling ``on_name`` for every name in it; raise ``DuplicateKey`` for
    a dictionary with the same key twice."""
    with contextlib.suppress(_Stop):
        _Lexer(data, position, on_name).value(0)
