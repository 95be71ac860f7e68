"""Bytes of a plan file → text, in the encodings these documents really come in.

Guarantees: a UTF-8 byte-order mark is dropped; UTF-16 with a mark is read; otherwise UTF-8 is
tried first and GB18030 (a superset of GBK and GB2312) second. CR LF and lone CR become LF.
Bytes that no supported encoding reads raise :class:`~builder.errors.ParseError` at the first
byte that cannot be read, by line and column (in characters of the text before it, with line
breaks counted as the parser counts them).

A plan is at most :data:`MAX_PLAN_BYTES` (20 MB; the genre's plans are under 200 KB): anything
larger is refused before it is decoded, so memory and time stay bounded whatever the input.
:func:`read_plan_file` reads a file without ever holding more than that limit in memory.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from builder.errors import ParseError

#: The largest plan file accepted, in bytes (20 MB).
MAX_PLAN_BYTES = 20 * 1024 * 1024


def read_plan_file(path: Path, file: str) -> bytes:
    """A plan file's bytes, refusing a file over :data:`MAX_PLAN_BYTES` without reading it all.

    ``file`` names the file in error messages. ``OSError`` propagates to the caller.
    """
    with open(path, "rb") as stream:
        data = stream.read(MAX_PLAN_BYTES + 1)
        if len(data) > MAX_PLAN_BYTES:
            size = max(os.fstat(stream.fileno()).st_size, len(data))
            raise _too_large(size, file)
    return data


def decode_plan_bytes(data: bytes, file: str) -> str:
    """Decode a plan file's bytes; see the module docstring for the rules."""
    if len(data) > MAX_PLAN_BYTES:
        raise _too_large(len(data), file)
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[len(codecs.BOM_UTF8):], "utf-8", file)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", file)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise _undecodable(data, utf8_error.start, file) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _too_large(size: int, file: str) -> ParseError:
    limit = MAX_PLAN_BYTES / (1024 * 1024)
    found = f"{size / (1024 * 1024):.1f} MB"
    if float(found.split()[0]) <= limit:  # just over the limit: 20.0 MB would read as within it
        found = f"{size:,} bytes"
    return ParseError(file, 1, 1, f"expected a plan of at most {limit:g} MB, found {found}")


def _strict(data: bytes, encoding: str, file: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _undecodable(data, error.start, file, encoding) from None


def _undecodable(data: bytes, offset: int, file: str, encoding: str | None = None) -> ParseError:
    # The bytes before ``offset`` decode (the decoder stopped at ``offset``): count lines and
    # columns in their text, so UTF-16 positions come out right too.
    before = data[:offset].decode(encoding or "utf-8", errors="replace")
    before = before.replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    expected = encoding.upper() if encoding else "UTF-8, GBK or GB18030 text"
    return ParseError(
        file, line, col,
        f"expected {expected}, found byte 0x{data[offset]:02X} that "
        + ("it does not decode" if encoding else "none of them decodes"),
    )
