"""Bytes to text: a byte-order mark first (UTF-8, UTF-16, UTF-32), then the declared encoding when it decodes
sensibly, then UTF-8, then the encoding charset-normalizer finds (Latin-1, Windows-1252 ...). Binary data is
refused."""

from __future__ import annotations

import codecs
import importlib
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from crosscheck import errors


class DecodeError(ValueError):
    pass


#: Byte-order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: Above this share of odd characters (charset-normalizer's mess ratio) a declared encoding is not believed.
MAX_MESS = 0.2
#: Characters looked at to judge a decoding.
SAMPLE = 16384


def bom_encoding(raw: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``raw`` names (it removes the mark when decoding), or None."""
    for bom, codec in BOMS:
        if raw.startswith(bom):
            return codec
    return None


def ascii_head(raw: bytes, size: int = 4096) -> bytes:
    """The first bytes of a document as UTF-8, for sniffing its kind: a UTF-16 or UTF-32 document (with a
    byte-order mark) is decoded first, so that ``<rss`` or ``{`` is found whatever the encoding."""
    codec = bom_encoding(raw)
    head = raw[: size * 4]
    if codec in ("utf-16", "utf-32"):
        return head.decode(codec, errors="ignore")[:size].encode("utf-8")
    return head[:size].removeprefix(codecs.BOM_UTF8)


def looks_binary(raw: bytes) -> bool:
    """Whether bytes (without a byte-order mark) are binary data rather than text: NUL bytes, or more than 5% of
    control characters other than tab, line breaks, form feed and escape."""
    sample = raw[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05


def _looks_binary_text(text: str) -> bool:
    sample = text[:8192]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\x0c\r\x1b")
    return control > len(sample) * 0.05


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")


def charset_of(content_type: str) -> str | None:
    """The charset parameter of a Content-Type value, if any."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def html_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` element near its top."""
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii") if m else None


def xml_encoding(raw: bytes) -> str | None:
    """The encoding an XML declaration names (``<?xml version="1.0" encoding="..."?>``), if any."""
    m = _XML_ENCODING.match(raw[:1024])
    return m.group(1).decode("ascii") if m else None


def _ascii_compatible(codec: str) -> bool:
    """Whether the codec writes ASCII as ASCII (UTF-16, UTF-32 and EBCDIC code pages do not)."""
    try:
        return "<a =1>".encode(codec) == b"<a =1>"
    except (LookupError, UnicodeError):
        return False


def _declared(raw: bytes, declared: str) -> str | None:
    """The text in the declared encoding when that decodes sensibly: the codec is known, reads ASCII as ASCII (a
    page without a byte-order mark that declares UTF-16 is UTF-8 or ASCII, as browsers assume), decodes every
    byte, is not a single-byte code page for bytes that are valid multi-byte UTF-8, and leaves no more odd
    characters than charset-normalizer accepts. None otherwise (detection decides)."""
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None
    if not _ascii_compatible(codec):
        return None
    if _is_single_byte(codec) and not raw.isascii():
        try:
            return raw.decode("utf-8")  # valid multi-byte UTF-8 is not a single-byte page by chance
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    if not raw.isascii() and mess_ratio(text[:SAMPLE], MAX_MESS) >= MAX_MESS:
        return None
    return text


def _is_single_byte(codec: str) -> bool:
    """Whether the codec is a single-byte code page (Latin-1, Windows-1252, ISO 8859-x, KOI8 ...)."""
    if codec in ("iso8859-1", "ascii"):
        return True
    try:
        module = importlib.import_module(f"encodings.{codec.replace('-', '_')}")
    except ImportError:
        return False
    return hasattr(module, "decoding_table")


def decode(raw: bytes, declared: str | None = None) -> str:
    """Text from bytes: a byte-order mark decides first; then the declared encoding when it decodes sensibly (see
    :func:`_declared`), else UTF-8, else the detected one. Raises :class:`DecodeError` for binary data."""
    codec = bom_encoding(raw)
    if codec is not None:
        text = raw.decode(codec, errors="replace")  # a mark is a promise; a cut-off last character is replaced
        if _looks_binary_text(text):
            raise DecodeError(errors.BINARY)
        return text
    if looks_binary(raw):
        raise DecodeError(errors.BINARY)
    if declared:
        text = _declared(raw, declared)
        if text is not None:
            return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(raw)
    best = matches.best()
    if best is None:
        raise DecodeError(errors.UNDECODABLE)
    # short Western texts fit several single-byte code pages equally well: prefer the common Windows-1252/Latin-1
    western = next((m for m in matches if m.encoding in WESTERN), None)
    if western is not None and best.encoding in SINGLE_BYTE_LATIN:
        return str(western)
    return str(best)


WESTERN = ("cp1252", "latin_1", "iso8859_15")
SINGLE_BYTE_LATIN = WESTERN + ("cp1250", "iso8859_2", "cp1257", "iso8859_4", "iso8859_13", "mac_roman", "cp850",
                               "cp437", "iso8859_9", "cp1254")
