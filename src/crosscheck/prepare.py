"""Articles made ready for the store where they are parsed: the ingest's batch function.

An ingest with ``--processes N`` parses in N worker processes while one process writes the store. Whatever that
writer computes per article competes with the workers for the machine's cores (about 40 ms an article of MinHash
signature, claim embeddings, actor rows and JSON, measured on two cores), so :func:`prepare_batch` computes it all
in the worker, next to the extraction: the writer is left with the near-duplicate match against
its index and the transaction. A one-process ingest runs the same function in its own process, so both store the
same rows. (This module joins the extractors and the store; neither imports the other.)
"""

from __future__ import annotations

from dataclasses import dataclass

from crosscheck.extract import ExtractFailure, extract_batch, is_english
from crosscheck.ingest.dedup import signature
from crosscheck.model import Article
from crosscheck.store import PreparedArticle, prepare_article


@dataclass(frozen=True)
class ReadyArticle:
    """An extracted article with what the store writes of it (:func:`crosscheck.store.prepare_article`; no
    extraction for an article in another language) and its MinHash signature (None when near-duplicate detection
    is off)."""

    prepared: PreparedArticle
    minhash: bytes | None = None

    @property
    def article_id(self) -> str:
        return self.prepared.article.id


def prepare_batch(batch: list[Article], minhash: bool = True) -> list[ReadyArticle | ExtractFailure]:
    """:func:`crosscheck.extract.extract_batch`'s results, each extraction made ready for the store; with
    ``minhash``, each article's signature too. A failure stays a failure."""
    out: list[ReadyArticle | ExtractFailure] = []
    for article, result in zip(batch, extract_batch(batch), strict=True):
        if isinstance(result, ExtractFailure):
            out.append(result)
            continue
        out.append(ReadyArticle(prepare_article(article, result if is_english(article) else None),
                                signature(article.text) if minhash else None))
    return out
