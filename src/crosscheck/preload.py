"""Imported, for its effect, by the forkserver that starts ``--processes`` parse workers: it loads the spaCy
pipeline and the knowledge files there once and runs one short article through the extractors (which build some
of their matchers on first use), so that every worker forked from it starts ready (sharing that memory with it
until written) instead of importing spaCy and loading everything on its own, which took seconds of each worker's
time. The article goes through an ingest's batch function (:func:`crosscheck.prepare.prepare_batch`), so the
sentence-embedding model and the store's modules, which an ingest's workers use, are loaded there too. See
:func:`crosscheck.jobs.preload_workers`."""

from __future__ import annotations

from crosscheck.model import Article
from crosscheck.prepare import prepare_batch

prepare_batch([Article(id="preload", text="Rutte met Trump in Washington on Wednesday, officials said.")])
