"""Bytes to text: UTF-8 first (with or without a byte-order mark), then the encoding charset-normalizer finds
(Latin-1, Windows-1252 ...). Binary data is refused."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from crosscheck import errors


class DecodeError(ValueError):
    pass


def looks_binary(raw: bytes) -> bool:
    sample = raw[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


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


def decode(raw: bytes, declared: str | None = None) -> str:
    """Text from bytes: the declared encoding when it is known and fits, else UTF-8, else the detected one."""
    if looks_binary(raw):
        raise DecodeError(errors.BINARY)
    if declared:
        try:
            codecs.lookup(declared)
            return raw.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8-sig")
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
