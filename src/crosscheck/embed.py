"""Sentence embeddings, loaded once per process, offline.

The model is WordLlama (``wordllama`` on PyPI, MIT): static token embeddings distilled from a large language
model's input layer, averaged and normalised. Its 16 MB of weights ship inside the wheel; it is loaded from the
installed package's own folder with downloads disabled, so nothing is fetched at run time. It embeds about 15,000
sentences a second on one core, which is what lets a story of hundreds of articles be compared sentence by
sentence. (The README says how it was chosen against the alternatives.)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

#: Dimensions kept (WordLlama's embeddings are Matryoshka-trained: a prefix is a smaller model of its own).
DIMENSIONS = 256


@lru_cache(maxsize=1)
def model():  # type: ignore[no-untyped-def]
    """The loaded WordLlama model (weights from the installed package; never downloads)."""
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=256,
                          trunc_dim=DIMENSIONS if DIMENSIONS < 256 else None)


def embed(texts: list[str]) -> np.ndarray:
    """One unit-length row per text (a zero row for an empty text), float32."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with np.errstate(invalid="ignore", divide="ignore"):  # an empty text has a zero vector, normalised to NaN
        vecs = np.asarray(model().embed(texts, norm=True), dtype=np.float32)
    return np.nan_to_num(vecs)
