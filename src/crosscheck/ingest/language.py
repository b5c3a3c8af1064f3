"""Offline language identification with py3langid (a langid.py model shipped inside the package, no downloads).

Articles whose language is not declared get the detected ISO 639-1 code; crosscheck runs its English pipeline on
English articles only and stores the others marked with their language.
"""

from __future__ import annotations

from functools import lru_cache

from py3langid import langid

#: Below this probability the language is reported as unknown (None) rather than guessed; an unknown language is
#: treated as English downstream, so a doubtful guess never keeps an English article from being extracted.
MIN_CONFIDENCE = 0.9
#: Characters of text looked at: enough for a reliable guess, cheap on long articles.
SAMPLE = 4000


@lru_cache(maxsize=1)
def _identifier() -> langid.LanguageIdentifier:
    identifier = langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)
    # ISO 639-1 languages only: the model's few three-letter ones (Nigerian Pidgin, ...) take English sports
    # tables and wire copy for their own
    identifier.set_languages([code for code in identifier.nb_classes if len(code) == 2])
    return identifier


def detect(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when the text is too short or mixed to tell."""
    sample = text[:SAMPLE].strip()
    if len(sample) < 20:
        return None
    code, probability = _identifier().classify(sample)
    if code == "en":
        return "en"
    return str(code) if probability >= MIN_CONFIDENCE else None
