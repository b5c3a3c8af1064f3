"""Imported, for its effect, by the forkserver that starts ``--processes`` parse workers: it loads the spaCy
pipeline and the knowledge files there once and runs one short article through the extractors (which build some
of their matchers on first use), so that every worker forked from it starts ready (sharing that memory with it
until written) instead of importing spaCy and loading everything on its own, which took seconds of each worker's
time. See :func:`crosscheck.jobs.preload_workers`."""

from __future__ import annotations

from crosscheck.extract import extract_articles
from crosscheck.model import Article

list(extract_articles([Article(id="preload", text="Rutte met Trump in Washington on Wednesday, officials said.")]))
