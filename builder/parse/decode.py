"""Bytes of a plan file → text, in the encodings these documents really come in.

Guarantees: a UTF-8 byte-order mark is dropped; UTF-16 with a mark is read; otherwise UTF-8 is
tried first and GB18030 (a superset of GBK and GB2312) second. CR LF and lone CR become LF.
Bytes that no supported encoding reads raise :class:`~builder.errors.ParseError` at the first
byte UTF-8 cannot read, by line and column.
"""

from __future__ import annotations

import codecs

from builder.errors import ParseError


def decode_plan_bytes(data: bytes, file: str) -> str:
    """Decode a plan file's bytes; see the module docstring for the rules."""
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


def _strict(data: bytes, encoding: str, file: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _undecodable(data, error.start, file, encoding) from None


def _undecodable(data: bytes, offset: int, file: str, encoding: str | None = None) -> ParseError:
    before = data[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    prefix = data[line_start:offset].decode("utf-8", errors="replace")
    expected = encoding.upper() if encoding else "UTF-8, GBK or GB18030 text"
    return ParseError(
        file, line, len(prefix) + 1,
        f"expected {expected}, found byte 0x{data[offset]:02X} that "
        + ("it does not decode" if encoding else "none of them decodes"),
    )
