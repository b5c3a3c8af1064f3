"""Bytes to text: UTF-8 first (with or without a byte-order mark), then the encoding charset-normalizer finds
(Latin-1, Windows-1252 ...). Binary data is refused."""

from __future__ import annotations

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


def decode(raw: bytes) -> str:
    if looks_binary(raw):
        raise DecodeError(errors.BINARY)
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
