"""Default values that the command line shows in its options and help, defined here once and imported by the
modules that use them (:mod:`crosscheck.store`, :mod:`crosscheck.ingest`, :mod:`crosscheck.ingest.dedup`). This
module imports nothing, so that ``crosscheck --help`` and each command's ``--help`` start without loading spaCy,
SQLAlchemy, numpy or datasketch: the command line imports those inside the commands that use them."""

from __future__ import annotations

#: The store when neither --db nor CROSSCHECK_DB names one: a SQLite file in the working folder.
DEFAULT_URL = "sqlite:///crosscheck.db"

#: The largest file, page or JSON Lines record read (--max-bytes).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: MinHash similarity from which two articles are linked as the same copy (--near-duplicate).
DEFAULT_THRESHOLD = 0.8
