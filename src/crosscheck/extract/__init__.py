"""From parsed documents to extraction records. No I/O and no state beyond the loaded pipeline and knowledge.

:func:`extract_articles` parses articles in batches (``nlp.pipe``) and runs the extractors on each document;
:func:`extract_doc` runs them on one parsed document. Order matters: time expressions and actors first, then the
quantities, quotes and events that refer to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from crosscheck import knowledge
from crosscheck.extract import actors, events, quantities, quotes, timexes
from crosscheck.extract.context import DocContext
from crosscheck.model import Article, Extraction
from crosscheck.nlp import pipeline

BATCH_SIZE = 32


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
    return Extraction(
        article=article.meta(),
        actors=actor_recs,
        events=events.to_records(ctx, drafts, ids),
        quotes=quote_recs,
        quantities=qty,
        timexes=[t for t in timexes.extract_from(ctx, found_tx)],
    )


def extract_articles(articles: Iterable[Article], batch_size: int = BATCH_SIZE) -> Iterator[Extraction]:
    """Extractions for a stream of articles, parsed in batches; articles not in English are passed through with
    their metadata and no records."""
    nlp = pipeline()
    english = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(english, as_tuples=True, batch_size=batch_size):
        if article.language not in (None, "en"):
            yield Extraction(article=article.meta())
            continue
        yield extract_doc(doc, article)


def extract_article(article: Article) -> Extraction:
    return next(extract_articles([article]))
