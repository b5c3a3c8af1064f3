"""Duplicates: exact ones by canonical URL (normalised with courlan) and near-duplicates by MinHash LSH (datasketch).

The same agency copy run by many outlets differs by a headline, a byline or a trailing paragraph; its word
5-gram shingles still overlap far more than two articles about the same event written apart. Near-duplicates are
linked to the first stored copy (the group's root), never dropped, so that a story can say how many outlets ran
the same copy and count it once as evidence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from courlan import normalize_url
from datasketch import MinHash, MinHashLSH

from crosscheck.defaults import DEFAULT_THRESHOLD

NUM_PERM = 128
#: datasketch's permutation scheme, fixed so that signatures stored by one version are read back the same way.
SCHEME = "affine32"
SHINGLE = 5

_WORD = re.compile(r"\w+", re.UNICODE)


def url_key(url: str | None) -> str | None:
    """A key equal for the same page behind different spellings of its URL (case of the host, tracking parameters,
    fragments), or None without a URL."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    try:
        canonical = normalize_url(url, strict=True)
    except (ValueError, TypeError):
        canonical = url
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def shingles(text: str) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of a text's word 5-grams, as bytes for the store."""
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return m.hashvalues.astype(np.uint32).tobytes()


def _minhash(sig: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(sig, dtype=np.uint32), scheme=SCHEME)


@dataclass(frozen=True)
class Match:
    root: str
    similarity: float


class NearDuplicateIndex:
    """An LSH index of signatures: :meth:`match` finds the stored copy a new text repeats, :meth:`add` records one.

    ``threshold`` is the estimated Jaccard similarity of shingles from which two texts count as the same copy.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"the near-duplicate threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._hashes: dict[str, MinHash] = {}
        self._root: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def add(self, article_id: str, sig: bytes, root: str | None = None) -> None:
        if article_id in self._hashes:
            return
        m = _minhash(sig)
        self._lsh.insert(article_id, m)
        self._hashes[article_id] = m
        self._root[article_id] = root or article_id

    def match(self, sig: bytes) -> Match | None:
        """The root of the most similar stored copy at or over the threshold, or None."""
        m = _minhash(sig)
        best: Match | None = None
        for candidate in self._lsh.query(m):
            sim = m.jaccard(self._hashes[candidate])
            if sim >= self.threshold and (best is None or sim > best.similarity):
                best = Match(self._root[candidate], sim)
        return best
