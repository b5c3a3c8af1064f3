"""Whether two statements say the same thing: one similarity for facts, conflicts and grouped answers.

Two claims are compared on four kinds of evidence, each in [0, 1] or a count:

- ``meaning``: the cosine of their sentence embeddings (:mod:`crosscheck.embed`), which catches paraphrase
  ("indicted 12 Russian intelligence officers" / "accusing a dozen Kremlin intelligence officers");
- ``words``: the content words they share, weighted by rarity in the story (a name every sentence repeats says
  little; "Biton" or "straw donors" say a lot), as a weighted Dice coefficient over crude stems;
- ``actors``: the resolved actors they share (by name, a country and its people as one side);
- ``numbers``: the numbers they share (a value with its unit), and ``dates`` the day or month values.

The weights and the threshold are data (``knowledge/facts.yaml``), fitted on development gold and reported with the
figures they give.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

import yaml

#: a word: letters or digits, with inner apostrophes, points and hyphens ("U.S.", "Kremlin's", "two-dozen")
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "hundred": 100}


@dataclass(frozen=True)
class Weights:
    """How the kinds of evidence add up to one score, and the score two claims need to state one fact."""

    meaning: float
    words: float
    actors: float
    numbers: float
    dates: float
    #: per word of the longest run of words both texts share (a quotation or a phrase two outlets took from one
    #: source), counted from ``run_from`` words and capped at ``run_cap``
    run: float
    run_from: float
    run_cap: float
    bias: float
    threshold: float
    #: below this embedding cosine two claims are never one fact, whatever else they share
    min_meaning: float
    #: below this weighted word overlap two claims are never one fact
    min_words: float
    #: the most claims of one source a fact may hold (an article may state a fact more than once, not ten times)
    max_per_source: float
    #: a claim with fewer distinct content words ("And you exemplify it.") states too little to be one fact with
    #: another source's claim
    min_stems: float
    #: a fact this many claims large takes in more claims only where they link to at least ``dense_share`` of its
    #: claims: in a story of hundreds of articles, one loose link after another would otherwise chain a hundred
    #: sentences about different things into one "fact"
    dense_from: float = 12
    dense_share: float = 0.5
    #: a claim of a shared fact that names an actor, number or date the other sources' claims do not, with this many
    #: content words they lack, adds something only its source reports (listed after what that source alone reports)
    adds_words: float = 4


@lru_cache(maxsize=1)
def facts_knowledge() -> dict:
    """``knowledge/facts.yaml``, read once: the similarity weights and the only-in importance weights."""
    return yaml.safe_load(resources.files("crosscheck.knowledge").joinpath("facts.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def weights() -> Weights:
    return Weights(**{k: float(v) for k, v in facts_knowledge()["similarity"].items()})


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"said", "says", "say", "told", "according", "mr", "ms", "mrs", "also", "would",
                                    "could", "including", "like", "just", "new"}


@lru_cache(maxsize=1 << 17)  # a word's stem is asked for again and again (every sentence of every brief)
def stem(word: str) -> str:
    """A crude stem that joins inflections ("indicted"/"indictment"/"indicts" stay apart, "charges"/"charged"
    meet): lower case, no possessive, common suffixes off."""
    w = word.casefold().replace("’", "'")
    w = w.removesuffix("'s").removesuffix("'")
    for suffix in ("ingly", "edly", "ings", "ing", "ied", "ies", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
    return w


def content_words(text: str) -> list[str]:
    """The stems of a text's content words (no stop words, no single characters)."""
    stops = stop_words()
    out = []
    for w in WORD.findall(text):
        lw = w.casefold()
        if lw in stops or len(lw) < 2:
            continue
        out.append(stem(lw))
    return out


def numbers_in(text: str) -> set[float]:
    """The numbers a text states in digits or words (years and one-digit numbers in words included)."""
    out: set[float] = set()
    for m in re.finditer(r"\d[\d,]*(?:\.\d+)?", text):
        try:
            out.add(float(m.group(0).replace(",", "")))
        except ValueError:
            continue
    for w in WORD.findall(text.casefold()):
        if w in _NUMBER_WORDS:
            out.add(float(_NUMBER_WORDS[w]))
    return out


class Rarity:
    """Inverse document frequency of stems over a set of texts (the sentences of one story)."""

    def __init__(self, docs: Iterable[Iterable[str]]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for d in docs:
            df.update(set(d))
            n += 1
        self.n = max(n, 1)
        self.df = df

    def __call__(self, word: str) -> float:
        return math.log((self.n + 1) / (self.df.get(word, 0) + 1)) + 0.1


def word_overlap(a: Sequence[str], b: Sequence[str], rarity: Rarity) -> float:
    """Weighted Dice coefficient of two bags of stems (each stem counted once)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    shared = sum(rarity(w) for w in sa & sb)
    total = sum(rarity(w) for w in sa) + sum(rarity(w) for w in sb)
    return 2 * shared / total if total else 0.0


def combine(meaning: float, words: float, actors: int, numbers: int, dates: int, w: Weights | None = None,
            run: int = 0) -> float:
    """The score of a pair from its evidence (a weighted sum: higher means more likely one fact)."""
    w = w or weights()
    phrase = min(max(run - w.run_from + 1, 0), w.run_cap - w.run_from + 1) if run >= w.run_from else 0
    return (w.bias + w.meaning * meaning + w.words * words + w.actors * min(actors, 3) + w.numbers * min(numbers, 2)
            + w.dates * min(dates, 1) + w.run * phrase)


def tokens(text: str) -> list[str]:
    """A text's words, folded, in order (for shared runs of words)."""
    return [w.casefold().replace("’", "'") for w in WORD.findall(text)]


def shared_run(a: list[str], b: list[str]) -> int:
    """The length of the longest run of words two texts share."""
    if not a or not b:
        return 0
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def same_fact(meaning: float, words: float, score: float, w: Weights | None = None) -> bool:
    w = w or weights()
    return score >= w.threshold and meaning >= w.min_meaning and words >= w.min_words
