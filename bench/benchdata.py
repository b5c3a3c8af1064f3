"""What the benchmark scripts share: the bench articles they start from."""

from __future__ import annotations

from pathlib import Path

from crosscheck.ingest import read_inputs
from crosscheck.model import Article


def first_articles(path: Path, n: int) -> list[Article]:
    """The first n English articles of a file (JSON Lines, gzipped or not), as crosscheck reads them."""
    out = []
    for item in read_inputs([str(path)]):
        if isinstance(item, Article) and (item.language or "en").startswith("en"):
            out.append(item)
            if len(out) == n:
                break
    return out
