"""What every extractor reads: the parsed document, its article, the publication date and the knowledge."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from crosscheck.knowledge import Knowledge
from crosscheck.model import Article

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: str | None) -> date | None:
    """The publication day of an article from an ISO 8601 string or the formats real corpora hold."""
    if not value:
        return None
    m = _ISO_DAY.search(value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    import dateparser  # slow to import; only for odd formats

    parsed = dateparser.parse(value, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None


@dataclass
class DocContext:
    doc: Doc
    article: Article
    kb: Knowledge
    pub: date | None = None
    sent_of: list[int] = field(default_factory=list)  # token index -> sentence index
    sents: list[Span] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)  # token index -> inside quotation marks
    #: the document's text, computed once: spaCy rebuilds ``Doc.text`` from every token at each access
    text: str = ""

    @classmethod
    def build(cls, doc: Doc, article: Article, kb: Knowledge) -> DocContext:
        ctx = cls(doc=doc, article=article, kb=kb, pub=parse_published(article.published), text=doc.text)
        ctx.sents = list(doc.sents)
        sent_of = [0] * len(doc)
        for k, s in enumerate(ctx.sents):
            for i in range(s.start, s.end):
                sent_of[i] = k
        ctx.sent_of = sent_of
        ctx.quoted = _quoted_tokens(ctx.tokens, ctx.text)
        return ctx

    @cached_property
    def tokens(self) -> list[Token]:
        """The document's tokens, made once: spaCy makes a new Token object at every ``doc[i]`` and at every step of
        ``for tok in doc``, and the extractors walk the document a dozen times (14 Token objects per token)."""
        return list(self.doc)

    def sentence(self, token: Token) -> Span:
        return self.sents[self.sent_of[token.i]]

    def token_at(self, char: int) -> Token | None:
        """The token that holds the character at ``char`` (or the next one, inside whitespace)."""
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def line_bounds(self, start: int, end: int | None = None) -> tuple[int, int]:
        """Where the line holding ``text[start:end]`` begins, and where it ends (its newline, or the text's end)."""
        first = self.text.rfind("\n", 0, start) + 1
        last = self.text.find("\n", start if end is None else end)
        return first, len(self.text) if last < 0 else last

    def line(self, start: int, end: int | None = None) -> str:
        """The line holding ``text[start:end]``, stripped."""
        first, last = self.line_bounds(start, end)
        return self.text[first:last].strip()


OPEN_QUOTES = {"“": "”", '"': '"', "«": "»", "„": "“"}
_OPENER = re.compile("''|[" + "".join(OPEN_QUOTES) + "]")
#: where a quotation opened by each mark stops: its closing mark, the paragraph's end, or (after a straight mark) a
#: curly opening mark
_STOPS = {o: re.compile("[" + re.escape(c) + "\n" + ("“" if o == '"' else "") + "]") for o, c in OPEN_QUOTES.items()}


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (inside the marks) of double-quoted passages; an unclosed quote runs to the paragraph's end
    and, where the next paragraph opens with a quotation mark, continues there (the newswire convention)."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        m = _OPENER.search(text, i)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if text.startswith("''", i) and (i == 0 or not text[i - 1].isalnum()):  # ''typewritten double quotes''
            j = text.find("''", i + 2)
            stop = text.find("\n", i + 2)
            end = j if j >= 0 and (stop < 0 or j < stop) else (stop if stop >= 0 else n)
            if end > i + 2:
                spans.append((i + 2, end))
            i = end + 2 if end == j else end
            continue
        if ch in OPEN_QUOTES:
            close = OPEN_QUOTES[ch]
            stop = _STOPS[ch].search(text, i + 1)
            j = stop.start() if stop else n
            if j < n and text[j] == close:
                if j > i + 1:
                    spans.append((i + 1, j))
                i = j + 1
                continue
            # unclosed at the paragraph's end
            if j > i + 1:
                spans.append((i + 1, j))
            i = j
            continue
        i += 1
    return spans


def _quoted_tokens(tokens: list[Token], text: str) -> list[bool]:
    mask = [False] * len(tokens)
    spans = quote_spans(text)
    if not spans:
        return mask
    k = 0
    for tok in tokens:
        while k < len(spans) and spans[k][1] <= tok.idx:
            k += 1
        if k < len(spans) and spans[k][0] <= tok.idx < spans[k][1]:
            mask[tok.i] = True
    return mask
