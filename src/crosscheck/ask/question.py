"""What a question asks: its kind (from its wh-word), its content words, and the names it mentions.

What this module decides:

- whether a question can be asked at all: an empty one, one over :data:`MAX_CHARS` characters, one with no words
  and one in another language than English are refused with one line (:class:`BadQuestion`); anything else,
  including full-text syntax (quotes, ``*``, ``NEAR``, ``-``, ``:``, parentheses) and SQL-looking text, is reduced
  to its words;
- the kind of answer it wants: ``number`` (how many, how much), ``date`` (when, on what day), ``reason`` (why),
  ``place`` (where), ``who`` (who, which people or companies), ``said`` (what did X say, how did X respond or
  react), else ``what``; and whether it asks about what is to come or could come ("What happens next?",
  "What is X expected to face?", "What could happen if ...?"), whose answers are the articles' upcoming and
  hypothetical statements;
- its content words (stop words and question words out) and the names it mentions (runs of capitalised words),
  matched later against the articles' resolved actors by name or last name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosscheck.align import similarity as sim
from crosscheck.errors import CrosscheckError

#: Longest question answered (characters); a longer text is not a question.
MAX_CHARS = 500

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?", re.UNICODE)
#: words a question asks with, that say nothing about its subject
QUESTION_WORDS = frozenset({
    "what", "who", "whom", "whose", "which", "why", "when", "where", "how", "many", "much", "did", "does", "do",
    "has", "have", "is", "are", "was", "were", "happen", "happened", "happens", "next", "say", "said", "tell", "told",
    "around", "time", "day", "date", "reason", "kind", "sort", "take", "get", "make", "play",
})
#: English words nearly every English question has one of (a question without any, in a detected other language,
#: is refused rather than answered from words that match nothing)
_ENGLISH = frozenset({"what", "who", "whom", "whose", "which", "why", "when", "where", "how", "did", "does", "do",
                      "is", "are", "was", "were", "the", "a", "an", "of", "to", "in", "on", "has", "have", "will",
                      "can", "could", "would", "should", "and", "about", "for", "with"})
#: the language model's probability of another language over which a question without English words is refused
OTHER_LANGUAGE = 0.5
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"\bhow (many|much|long|often|big|large)\b|\bwhat (number|amount|percentage|share|sum)\b")),
    ("date", re.compile(r"^when\b|^(on|in|at|by|until|since) (what|which|when)\b|\b(what|which) (day|date|month|year)\b")),
    ("reason", re.compile(r"\bwhy\b|\bfor what reason\b|\bwhat (was|is|were|are) the reasons?\b|\bwhat (led|prompted|caused)\b")),
    ("place", re.compile(r"\bwhere\b|\b(what|which) (place|city|country|state|town)\b")),
    ("who", re.compile(r"\bwho(m|se)?\b|\bwhich (\w+ )?(person|people|officials?|compan(y|ies)|groups?|organi[sz]ations?"
                       r"|countr(y|ies)|lawmakers?|senators?|members?|agenc(y|ies))\b")),
    ("said", re.compile(r"\b(what|how) (did|does|do|has|have|had|will|would) .*\b(say|said|says|tell|told|claim|claimed"
                        r"|promise|promised|respond|responded|react|reacted|answer|answered|defend|defended|argue"
                        r"|argued|explain|explained|describe|described|think)\b")),
)


class BadQuestion(CrosscheckError):
    """A question that cannot be asked; the message is one line."""


@dataclass(frozen=True)
class Question:
    """A question as ``ask`` uses it."""

    text: str
    kind: str
    #: content words (raw, lower case) for the full-text index
    terms: tuple[str, ...]
    #: their stems, for overlap with claims
    stems: tuple[str, ...]
    #: names mentioned, each as its lower-case words (possessives off, "Jr." and the like kept out)
    names: tuple[tuple[str, ...], ...]
    #: for a what-did-X-say question, who X is: the names in it (not a possessor's: "Grimm's lawyer" is not Grimm)
    subject_names: tuple[tuple[str, ...], ...] = ()
    #: ... and the stems of its words: the head ("lawyer", "officials") first, then the rest
    subject_stems: tuple[str, ...] = ()
    #: it asks what is to come or could come ("What happens next ...?", "What charges is X expected to face?",
    #: "What could happen if ...?"): its answers are the statements the articles make about the future
    future: bool = False


def parse(text: str) -> Question:
    """The question's kind, words and names; :class:`BadQuestion` when it cannot be asked."""
    q = " ".join((text or "").split())
    if not q:
        raise BadQuestion("the question is empty: ask something, such as \"Who said ...?\"")
    if len(q) > MAX_CHARS:
        raise BadQuestion(f"the question is {len(q):,} characters long; ask it in at most {MAX_CHARS}")
    words = [w.rstrip(".") for w in _WORD.findall(q)]
    if not any(any(c.isalpha() for c in w) for w in words):
        raise BadQuestion("the question has no words to look for")
    _check_english(q, words)
    low = q.casefold().replace("’", "'")
    kind = next((k for k, pattern in _KINDS if pattern.search(low)), "what")
    stops = sim.stop_words() | QUESTION_WORDS
    terms = list(dict.fromkeys(w.casefold().removesuffix("'s").removesuffix("’s") for w in words))
    terms = [t for t in terms if t not in stops and len(t) > 1]
    names = _names(q)
    subject_names, subject_stems = _subject(q, names) if kind == "said" else ((), ())
    return Question(q, kind, tuple(terms), tuple(dict.fromkeys(sim.stem(t) for t in terms)), names, subject_names,
                    subject_stems, bool(_FUTURE.search(low)))


_SUBJECT = re.compile(r"^(?:what|how)\s+(?:did|does|do|has|have|had|will|would)\s+(?P<subject>.+?)\s+(?:say|said|says|tell"
                      r"|told|claim|claimed|promise|promised|respond|responded|react|reacted|answer|answered|defend"
                      r"|defended|argue|argued|explain|explained|describe|described|think)\b", re.IGNORECASE)

#: a question about what is to come or could come (not "can": what someone is able to do has happened or not)
_FUTURE = re.compile(r"\b(will|would|could|might|may|shall|going to|(expected|likely|set|due|scheduled) to|happens? next"
                     r"|next steps?|what next)\b")


def _subject(q: str, names: tuple[tuple[str, ...], ...]) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """Who a what-did-X-say question asks about: X's names and the stems of its words, the head first (in "Michael
    Grimm's lawyer" the head is "lawyer", and Grimm, the possessor, is no name of X)."""
    m = _SUBJECT.search(q)
    if not m:
        return (), ()
    phrase = m.group("subject")
    possessor, _, owned = phrase.replace("’", "'").rpartition("'s ")
    own = owned.casefold()
    words = [w.casefold() for w in _WORD.findall(own)]
    mine = tuple(n for n in names if all(w in words for w in n))
    stops = sim.stop_words() | QUESTION_WORDS
    content = [sim.stem(w) for w in words if w not in stops and len(w) > 1]
    named = {sim.stem(w) for n in mine for w in n}
    heads = [w for w in content if w not in named]
    possessed = [sim.stem(w.casefold()) for w in _WORD.findall(possessor)] if possessor else []
    stems = list(dict.fromkeys(heads[-1:] + content + [w for w in possessed if w not in stops]))
    return mine, tuple(stems)


def _check_english(q: str, words: list[str]) -> None:
    """A question with none of the commonest English words that the offline language model takes for another
    language, or written without Latin letters, is refused: its words would only match by accident. (A few names
    and nouns, "Biden Ryan debate date", are often taken for some other language with a low probability: they
    are asked.)"""
    if any(w.casefold() in _ENGLISH for w in words):
        return
    from crosscheck.ingest.language import _identifier

    code, probability = _identifier().classify(q)
    if code != "en" and probability >= OTHER_LANGUAGE or not any(c.isascii() and c.isalpha() for c in q):
        raise BadQuestion(f"crosscheck answers questions in English (this one looks like language code {code!r})")


def _names(q: str) -> tuple[tuple[str, ...], ...]:
    """Runs of capitalised words, not counting the question's first word; "'s" cut off."""
    tokens = [m.group(0) for m in re.finditer(r"[^\s,;:?!()\"“”]+", q)]
    runs: list[list[str]] = []
    current: list[str] = []
    for i, tok in enumerate(tokens):
        word = re.sub(r"['’]s$", "", tok).strip("'’.")
        capital = bool(word) and (word[0].isupper() or word.casefold() in _SUFFIXES and bool(current))
        if i > 0 and capital and word.casefold() not in QUESTION_WORDS:
            current.append(word.casefold())
            if tok.endswith(("'s", "’s")):
                runs.append(current)
                current = []
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return tuple(tuple(w for w in r) for r in runs if r)


def name_key(name: tuple[str, ...]) -> str:
    """The word a name goes by when shortened: its last word that is not a suffix ("Jesse Jackson Jr." → jackson)."""
    words = [w for w in name if w not in _SUFFIXES]
    return words[-1] if words else name[-1]
