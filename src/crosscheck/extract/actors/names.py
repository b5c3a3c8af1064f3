"""Names: which entity spans are names, cleaned of determiners, possessives and line breaks, split at scores,
brackets and hyphenated pairs, and which capitalised words are headings or words of a title instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span, Token

from crosscheck.extract.actors.table import LEADING_DROP
from crosscheck.extract.context import DocContext


def _clean(span: Span) -> Span | None:
    """Drops leading determiners and capitalised common words ("Recent Russian"), a trailing possessive, and
    anything past a line break from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    for t in span:
        if "\n" in t.text or (t.i > start and "\n" in doc[t.i - 1].whitespace_):
            end = t.i
            break
    while start < end and (doc[start].lower_ in LEADING_DROP or (doc[start].pos_ in ("ADJ", "ADV", "VERB", "NOUN")
                                                                   and end - start > 1 and doc[start].is_sent_start)):
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in ".":
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _hard_break(t: Token) -> bool:
    """A token no name runs across: a number or score, a bracket, a comma, a spaced dash ("Romania - Cosmin Contra",
    "Haitai 2 Samsung 0", "Scott Draper ( Australia")."""
    if t.like_num or any(ch.isdigit() for ch in t.text) or t.text in ("(", ")", "[", "]", ",", ";", "|", "/"):
        return True
    return t.text in ("-", "–", "—") and (bool(t.whitespace_) or (t.i > 0 and bool(t.doc[t.i - 1].whitespace_)))


def _split(span: Span, at: Callable[[Token], bool]) -> list[Span]:
    doc = span.doc
    out, cur = [], span.start
    for t in span:
        if at(t):
            if cur < t.i:
                out.append(doc[cur:t.i])
            cur = t.i + 1
    if cur < span.end:
        out.append(doc[cur:span.end])
    return out


_SCORE = re.compile(r"^\d+(?:[-–]\d+)?$")


SPORT_VERBS = frozenset({"beat", "defeat", "draw", "win", "lose", "play", "edge", "thrash", "trounce", "rout", "tie",
                         "overcome", "outplay", "score", "concede", "sign", "field"})


def _plays(span: Span) -> bool:
    """A town as the subject or object of a sports verb ("Leeds beat Newcastle"): the team."""
    root = span.root
    return root.dep_ in ("nsubj", "dobj") and root.head.lemma_.lower() in SPORT_VERBS


def _followed_by_score(span: Span) -> bool:
    doc = span.doc
    return span.end < len(doc) and bool(_SCORE.match(doc[span.end].text))


def _pieces(ctx: DocContext, span: Span) -> list[Span]:
    """The names in an entity span: split at numbers, brackets, commas and spaced dashes always; at a possessive
    ("Trump’s Oval Office") when each side is a name; at an unspaced hyphen ("Trump-Putin") only when each side is a
    name we know, so that "Anne-Gaelle Sidot" and "Chester-le-Street" stay whole."""
    out: list[Span] = []
    for chunk in _split(span, _hard_break):
        chunk = _clean(chunk)
        if chunk is None or not any(ch.isalpha() for ch in chunk.text):
            continue
        parts = _split(chunk, lambda t: t.tag_ == "POS")
        if len(parts) > 1 and (ctx.kb.country_code(chunk.text) or not all(_resolvable(ctx, p) for p in parts)):
            # (a name written with a possessive stays whole: "the Democratic People's Republic of Korea")
            parts = [chunk]
        for part in parts:
            pieces = _split(part, lambda t, first=part.start: t.text == "-" and t.whitespace_ == "" and t.i > first)
            if len(pieces) > 1 and all(_resolvable_known(ctx, p.text) for p in pieces):
                out.extend(pieces)
            else:
                out.append(part)
    return out


_DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}\s+\d{4}-\d\d-\d\d$")


def _in_heading(ctx: DocContext, span: Span) -> bool:
    """Whether an unknown name sits in a heading line ("Key Milestones in 2025"): headings capitalise every word,
    so the recogniser's guesses there are noise. Known names are kept."""
    if _resolvable_known(ctx, span.text):
        return False
    line = ctx.line(span.start_char, span.end_char)
    words = line.split()
    if not words or len(words) > 12 or line[-1:] in ".!?\"”:":
        return False
    # lists, tables and datelines ("1. Linford Christie ( Britain ) 38.87", "Hull 4 2 2 0 4 2 8",
    # "BELGRADE 1996-08-22") capitalise their names too, but they are not headings
    if any(c in line for c in ",()|") or sum(1 for w in words if any(ch.isdigit() for ch in w)) >= 2 or _DATELINE.match(line):
        return False
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return caps / len(words) >= 0.6


def _part_of_title(ctx: DocContext, span: Span) -> bool:
    """ "State" in "Secretary of State", "General" in "Secretary General": a word of a title, not a name."""
    doc = span.doc
    for k in (1, 2, 3):
        if span.start - k < 0:
            break
        if " ".join(t.lower_ for t in doc[span.start - k:span.end]) in ctx.kb.roles:
            return True
    return False


def _resolvable_known(ctx: DocContext, text: str) -> bool:
    return bool(ctx.kb.known(text) or ctx.kb.country_code(text) or ctx.kb.place(text))


def _resolvable(ctx: DocContext, span: Span) -> bool:
    t = span.text
    return bool(ctx.kb.known(t) or ctx.kb.country_code(t) or ctx.kb.place(t) or span[0].pos_ == "PROPN")


_INITIAL = re.compile(r"^[A-Z]\.$")
