"""From parsed documents to extraction records. No I/O and no state beyond the loaded pipeline and knowledge.

:func:`extract_articles` parses articles in batches (``nlp.pipe``) and runs the extractors on each document;
:func:`extract_doc` runs them on one parsed document. Order matters: time expressions and actors first, then the
quantities, quotes and events that refer to them.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from spacy.tokens import Doc

from crosscheck import errors, knowledge
from crosscheck.extract import actors, claims, events, quantities, quotes, timexes
from crosscheck.extract.context import DocContext
from crosscheck.model import Article, Extraction
from crosscheck.nlp import MAX_CHARS, parse

BATCH_SIZE = 32
#: Characters of text after which a batch is parsed without waiting for more articles.
BATCH_CHARS = 200_000
#: What a batch function (such as :func:`extract_batch`) gives for each article it does not fail on.
T = TypeVar("T")


def extract_doc(doc: Doc, article: Article) -> Extraction:
    """Every record crosscheck extracts from one parsed article."""
    ctx = DocContext.build(doc, article, knowledge.load())
    found_tx = timexes.find(ctx)
    table = actors.extract(ctx)
    qty, anchors = quantities.extract(ctx, found_tx)
    drafts = events.extract(ctx, table, found_tx, qty, anchors)
    quote_recs = quotes.extract(ctx, table)
    actor_recs, ids = actors.to_records(ctx, table)
    for q in quote_recs:
        if q.speaker and q.speaker.startswith("@"):
            q.speaker = ids.get(int(q.speaker[1:]))
    timex_recs = list(timexes.extract_from(ctx, found_tx))
    return Extraction(
        article=article.meta(),
        actors=actor_recs,
        events=events.to_records(ctx, drafts, ids),
        quotes=quote_recs,
        quantities=qty,
        timexes=timex_recs,
        claims=claims.extract(ctx, actor_recs, quote_recs, qty, timex_recs),
    )


def is_english(article: Article) -> bool:
    """Whether crosscheck's (English) pipeline runs on the article; an unknown language counts as English."""
    return article.language in (None, "en") or article.language.lower().startswith("en")


@dataclass(frozen=True)
class ExtractFailure:
    """An article the extractors failed on: a bug of ours, reported with the article instead of ending the run."""

    article_id: str
    message: str


class ExtractionError(RuntimeError):
    pass


def extract_batch(batch: list[Article]) -> list[Extraction | ExtractFailure]:
    """Extractions for a list of articles, in order: English ones parsed with one ``nlp.pipe`` call, the others
    passed through with their metadata and no records."""
    english = [a for a in batch if is_english(a) and len(a.text) <= MAX_CHARS]
    docs = iter(parse((a.text for a in english), batch_size=len(english) or 1))
    out: list[Extraction | ExtractFailure] = []
    for a in batch:
        if not is_english(a):
            out.append(Extraction(article=a.meta()))
            continue
        if len(a.text) > MAX_CHARS:
            out.append(ExtractFailure(a.id, errors.TEXT_TOO_LONG.format(size=len(a.text), limit=MAX_CHARS)))
            continue
        doc = next(docs)
        try:
            out.append(extract_doc(doc, a))
        except Exception as exc:  # noqa: BLE001 - one article's failure must not end a batch of thousands
            out.append(ExtractFailure(a.id, f"extraction failed ({type(exc).__name__}: {exc}); please report it"))
    return out


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Articles in batches of ``size``, a batch ending early once it holds :data:`BATCH_CHARS` characters of
    text (the parser's memory grows with the text it is given at once)."""
    batch: list[Article] = []
    chars = 0
    for a in articles:
        batch.append(a)
        chars += len(a.text)
        if len(batch) >= size or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def emit(results: list[T | ExtractFailure], on_error: Callable[[ExtractFailure], None] | None) -> Iterator[T]:
    """A batch's results; each failure goes to ``on_error``, or raises :class:`ExtractionError` without it."""
    for r in results:
        if isinstance(r, ExtractFailure):
            if on_error is None:
                raise ExtractionError(f"{r.article_id}: {r.message}")
            on_error(r)
        else:
            yield r


def extract_articles(articles: Iterable[Article], batch_size: int = BATCH_SIZE, processes: int = 1,
                     on_error: Callable[[ExtractFailure], None] | None = None) -> Iterator[Extraction]:
    """Extractions for a stream of articles, in input order, parsed in batches; with ``processes`` > 1 the batches
    are shared among that many worker processes (each loads the pipeline once), at most two batches per worker in
    flight so that memory stays bounded on any input size. An article the extractors fail on is passed to
    ``on_error`` and left out (without ``on_error`` the failure is raised)."""
    return run_batches(articles, extract_batch, batch_size, processes, on_error)


def run_batches(articles: Iterable[Article], work: Callable[[list[Article]], list[T | ExtractFailure]],
                batch_size: int = BATCH_SIZE, processes: int = 1,
                on_error: Callable[[ExtractFailure], None] | None = None) -> Iterator[T]:
    """What ``work`` gives for each article of a stream, in input order, the articles cut into :func:`batches`:
    :func:`extract_articles` with another batch function, one that extracts (:func:`extract_batch`) and does
    more with each extraction where it was made (a caller's, such as the ingest's, which prepares an article's
    rows for the store in the worker: this package never imports the store). ``work`` must be picklable (a
    module's function, or a :func:`functools.partial` of one) when ``processes`` > 1."""
    if processes <= 1:
        for batch in batches(articles, batch_size):
            yield from emit(work(batch), on_error)
        return
    context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        in_flight: deque[Future[list[T | ExtractFailure]]] = deque()
        for batch in batches(articles, batch_size):
            in_flight.append(pool.submit(work, batch))
            if len(in_flight) >= 2 * processes:
                yield from emit(in_flight.popleft().result(), on_error)
        while in_flight:
            yield from emit(in_flight.popleft().result(), on_error)


def extract_article(article: Article) -> Extraction:
    return next(extract_articles([article]))
