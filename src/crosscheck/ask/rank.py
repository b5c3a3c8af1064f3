"""Ranking: which stored claims answer a question, how well, and which of them say the same thing.

What this module decides:

- where to look: the store's full-text index over claims gives candidates for the question's words; an article's
  focus is the sum of its three best candidates' ranks, and the articles within ``focus_ratio`` of the best one
  (at most ``max_articles``) are searched whole, so an answer need not repeat the question's words;
- each claim's score, a weighted sum of features in [0, 1] (weights in ``knowledge/ask.yaml``): ``meaning`` (the
  embedding cosine with the question), ``words`` (the share of the question's rarity-weighted words it holds),
  ``bm25`` (its own full-text rank against the best), ``actors`` (the question's names among its resolved actors
  and speaker, by name or a person's last name), ``kind`` (it holds what the question asks for: a person or
  organisation for who, a number for how many, a date for when, a reason clause for why, a place for where, an
  attribution for what someone said), ``speaker`` (it is attributed to a name of the question) and ``focus``;
- which answers say the same thing: the fact similarity of :mod:`crosscheck.align.similarity` over the answers'
  embeddings, rarity-weighted words, actors, numbers and dates, against the grouping threshold; for a question
  asking for a count, a date or a place, what each answer gives (:func:`slot`) instead.

Articles are prepared (claims, their features and embeddings) once per store object and kept in a bounded cache.
"""

from __future__ import annotations

import math
import re
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml

from crosscheck.align import similarity as sim
from crosscheck.ask.question import Question, name_key
from crosscheck.embed import DIMENSIONS, embed
from crosscheck.model import Actor, Extraction
from crosscheck.store import Store

FEATURES = ("meaning", "topic", "words", "topic_words", "bm25", "actors", "kind", "speaker", "speaker_words", "said",
            "quote", "focus", "lead", "length", "subject", "other_speaker")
#: a clause that gives a reason or a purpose
REASON = re.compile(r"\b(because|as a result|in response to|in order to|so that|so as to|to avoid|aim(s|ed)? "
                    r"(to|at)|seek(s|ing)? to|sought to|hop(e|es|ed|ing) to|wants? to|wanted to|intended to"
                    r"|due to|prompted|reason|why|to (make|show|put|prevent|protect|stop|help|ensure"
                    r"|address|reduce|curb|keep|discuss|push|press))\b", re.IGNORECASE)
#: words that only may introduce a reason ("after", "over": often only a time or a topic)
MAYBE_REASON = re.compile(r"\b(since|after|amid|over|following)\b", re.IGNORECASE)
#: number words ("two-dozen" is a number too)
_NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                           "twelve", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million",
                           "millions", "billion", "billions", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                           "eighty", "ninety"})
_ANY_NUMBER = re.compile(r"\d|\b(" + "|".join(sorted(_NUMBER_WORDS)) + r")\b", re.IGNORECASE)
PLACE = re.compile(r"\b(in|at|from) (the )?[A-Z][a-z]+")
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
PERSONS = ("person", "organization", "group")
PLACES = ("location", "country")
CACHE_ARTICLES = 2000


@dataclass(frozen=True)
class Settings:
    rank: dict[str, float]
    select: dict[str, float]
    group: dict[str, float]


#: the kinds of question whose features weigh differently (the rest share "other"), and the features that do
KIND_GROUPS = ("said", "reason", "what", "other")
KIND_FEATURES = ("meaning", "topic", "words", "topic_words", "kind", "speaker", "actors", "said")


def kind_group(kind: str) -> str:
    return kind if kind in KIND_GROUPS else "other"


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The data file's settings; the rank weights flat, a kind's own additions as ``"KIND.FEATURE"``."""
    data = yaml.safe_load(resources.files("crosscheck.knowledge").joinpath("ask.yaml").read_text(encoding="utf-8"))
    ranks = {k: float(v) for k, v in data["rank"].items()}
    for kind, extra in (data.get("rank_by_kind") or {}).items():
        ranks.update({f"{kind}.{k}": float(v) for k, v in extra.items()})
    return Settings(ranks, *({k: float(v) for k, v in data[part].items()} for part in ("select", "group")))


@dataclass(frozen=True)
class Item:
    """One claim of one article, with what ranking and grouping need."""

    article: str
    outlet: str | None
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_names: tuple[tuple[str, ...], ...]
    #: stems of how the speaker is named and described (name, roles, the attribution's words)
    speaker_stems: frozenset[str]
    #: (name words, kind) of the actors inside it
    actors: tuple[tuple[tuple[str, ...], str], ...]
    actor_keys: frozenset[str]
    stems: frozenset[str]
    numbers: frozenset[float]
    dates: frozenset[str]
    has: frozenset[str]
    position: int
    #: stems of the words a number in it counts ("47 arrests" -> arrest; "23 executive actions" -> executive, action)
    counted: frozenset[str] = frozenset()


@dataclass
class Prepared:
    items: list[Item]
    vecs: np.ndarray


@dataclass
class Candidate:
    item: Item
    vec: np.ndarray
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    group: int = 0




@lru_cache(maxsize=1 << 17)
def _stem(word: str) -> str:
    return sim.stem(word)


def _content_words(text: str) -> list[str]:
    """:func:`crosscheck.align.similarity.content_words`, with the stems of words seen before remembered (preparing
    an article's claims spent most of its time stemming)."""
    stops = sim.stop_words()
    return [_stem(w) for w in (m.casefold() for m in sim.WORD.findall(text)) if w not in stops and len(w) >= 2]


def _counted(text: str) -> frozenset[str]:
    """The stems of the (up to three) content words after each number of a text."""
    if not _ANY_NUMBER.search(text):
        return frozenset()
    tokens = sim.WORD.findall(text)
    stops = sim.stop_words()
    out: set[str] = set()
    for i in _numbers(tokens):
        out.update(_stem(w.casefold()) for w in tokens[i + 1:i + 4] if w.casefold() not in stops)
    return frozenset(out)


def _numbers(tokens: list[str]) -> Iterator[int]:
    """The positions of the tokens that are numbers ("47", "twelve", "two-dozen")."""
    for i, tok in enumerate(tokens):
        if any(part[:1].isdigit() or part.casefold() in _NUMBER_WORDS for part in tok.split("-")):
            yield i


@lru_cache(maxsize=1 << 15)
def _words(name: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORDS.findall(re.sub(r"['’]s\b", "", name)))


def prepare(ext: Extraction, stored: dict[str, np.ndarray] | None = None) -> Prepared:
    """An article's claims ready to rank, with their embeddings (``stored``: by claim id, as ingest stored them;
    embedded here when any is missing)."""
    by = {a.id: a for a in ext.actors}
    qty = {q.id: q for q in ext.quantities}
    direct = {q.id for q in ext.quotes if q.direct}
    items = []
    for k, c in enumerate(ext.claims):
        inside: list[Actor] = [by[a] for a in c.actors if a in by]
        who = by.get(c.source or "")
        speaker = who.name if who is not None else c.source_text
        numbers = frozenset(v for v in sim.numbers_in(c.text) if not 1900 <= v <= 2100)
        has = set()
        if numbers or any(qty[i].category not in (None, "date") for i in c.quantities if i in qty):
            has.add("number")
        if c.dates or c.timexes:
            has.add("date")
        if REASON.search(c.text):
            has.add("reason")
        elif MAYBE_REASON.search(c.text):
            has.add("maybe_reason")
        if speaker or c.quote:
            has.add("said")
        if c.quote in direct:
            has.add("quote")
        described = " ".join([speaker or "", c.source_text or "", *(who.roles if who is not None else [])])
        if PLACE.search(c.text):
            has.add("place")
        if c.modality != "happened":  # upcoming or hypothetical: what a question about the future asks for
            has.add("future")
        items.append(Item(
            ext.article.id, ext.article.outlet, c.text, c.start, c.end, speaker,
            (_words(who.name),) if who is not None else ((_words(c.source_text),) if c.source_text else ()),
            frozenset(_content_words(described)) if described.strip() else frozenset(),
            tuple((_words(a.name), a.kind) for a in inside),
            frozenset(a.name.casefold() for a in inside if a.kind in PERSONS + ("country",)),
            frozenset(_content_words(c.text)), numbers, frozenset(c.dates), frozenset(has), k, _counted(c.text)))
    if stored and all(c.id in stored for c in ext.claims):
        vecs = np.stack([stored[c.id] for c in ext.claims]) if ext.claims else np.zeros((0, DIMENSIONS), np.float32)
    else:
        vecs = embed([i.text for i in items])
    return Prepared(items, vecs)


_cache: weakref.WeakKeyDictionary[Store, OrderedDict[str, Prepared]] = weakref.WeakKeyDictionary()


def prepared(store: Store, article_ids: Iterable[str]) -> dict[str, Prepared]:
    """The prepared articles (read and prepared on first use, then kept for this store object)."""
    cache = _cache.setdefault(store, OrderedDict())
    ids = list(dict.fromkeys(article_ids))
    missing = [a for a in ids if a not in cache]
    if missing:
        stored = store.claim_embeddings(missing)
        for ext in store.iter_extractions(missing):
            cache[ext.article.id] = prepare(ext, stored.get(ext.article.id))
    while len(cache) > CACHE_ARTICLES:
        cache.popitem(last=False)
    out = {}
    for a in ids:
        if a in cache:
            cache.move_to_end(a)
            out[a] = cache[a]
    return out


def matches(name: tuple[str, ...], actor: tuple[str, ...], kind: str = "person") -> bool:
    """Whether a name of the question is this actor: the same words, a person's last name, or one name inside the
    other word for word ("Nebraska" / "Nebraska Attorney General Jon Bruning" does not match: a name is not a
    title; "the White House" / "White House" does)."""
    if not name or not actor:
        return False
    if name == actor:
        return True
    if kind == "person" and name_key(name) == name_key(actor):
        return True
    short, long_ = (name, actor) if len(name) <= len(actor) else (actor, name)
    n = len(short)
    return kind != "person" and any(long_[i:i + n] == short for i in range(len(long_) - n + 1))


def features(q: Question, cands: list[Candidate], bm25: dict[tuple[str, int], float],
             focus: dict[str, float]) -> sim.Rarity:
    """Fills each candidate's features; returns the pool's word rarity (grouping uses it too)."""
    rarity = sim.Rarity(c.item.stems for c in cands)
    qweights = {s: rarity(s) for s in q.stems}
    total = sum(qweights.values()) or 1.0
    named = {w for n in q.names for w in n}
    topic = " ".join(t for t in q.terms if t not in named) or q.text
    tweights = {s: w for s, w in qweights.items() if s not in {sim.stem(n) for n in named}}
    ttotal = sum(tweights.values()) or 1.0
    qvecs = embed([q.text, topic])
    vecs = np.stack([c.vec for c in cands]) if cands else np.zeros((0, qvecs.shape[1]), dtype=np.float32)
    meaning, about = vecs @ qvecs[0], vecs @ qvecs[1]
    for c, cos, cos_topic in zip(cands, meaning, about, strict=True):
        it = c.item
        named = [n for n in q.names if any(matches(n, a, k) for a, k in it.actors)
                 or any(matches(n, s) for s in it.speaker_names)]
        c.features = {
            "meaning": float(cos),
            "topic": float(cos_topic),
            "words": sum(w for s, w in qweights.items() if s in it.stems) / total,
            "topic_words": sum(w for s, w in tweights.items() if s in it.stems) / ttotal,
            "bm25": bm25.get((it.article, it.start), 0.0),
            "actors": len(named) / len(q.names) if q.names else 0.0,
            "kind": float(_holds(q, it)),
            "speaker": float(any(matches(n, s) for n in q.names for s in it.speaker_names)),
            "speaker_words": float(any(s in it.speaker_stems for s in tweights)),
            "said": float(q.kind == "said" and (any(matches(n, s) for n in q.names for s in it.speaker_names)
                                                 or any(s in it.speaker_stems for s in tweights))),
            "quote": float(q.kind == "said" and "quote" in it.has),
            "focus": focus.get(it.article, 0.0),
            "lead": 1.0 / (1.0 + it.position / 3.0),
            "length": min(len(it.text) / 250.0, 1.0),
            **_subject(q, it),
        }
    return rarity


def _subject(q: Question, it: Item) -> dict[str, float]:
    """For a what-did-X-say question: ``subject``, whether the claim is X's (1: X's name or X's head word, "lawyer",
    in how its speaker is named and described; 0.5: another word of X, "Colorado" for "Colorado officials"), and
    ``other_speaker``, whether it is someone else the question names ("Nebraska" in "How did Colorado respond to
    Nebraska's lawsuit?")."""
    if q.kind != "said" or not q.subject_stems:
        return {"subject": 0.0, "other_speaker": 0.0}
    if any(matches(n, s) for n in q.subject_names for s in it.speaker_names) or q.subject_stems[0] in it.speaker_stems:
        subject = 1.0
    else:
        subject = 0.5 if any(s in it.speaker_stems for s in q.subject_stems) else 0.0
    others = [n for n in q.names if n not in q.subject_names]
    other = float(not subject and any(matches(n, s) for n in others for s in it.speaker_names))
    return {"subject": subject, "other_speaker": other}


def _holds(q: Question, it: Item) -> float:
    """Whether the claim holds the kind of thing the question asks for (for who: how many people and
    organisations it names besides the question's own, up to three; for how many: 1 for a number counting a word
    of the question, 0.5 for another number; for why: 1 for a reason clause, 0.5 for "after", "over" and the
    like; for a what-question about the future, "What happens next?", a claim about what is to come or could come,
    its modality upcoming or hypothetical)."""
    if q.kind == "who":
        others = {a for a, k in it.actors if k in PERSONS and not any(matches(n, a, k) for n in q.names)}
        return min(len(others), 3) / 3
    if q.kind == "place":
        return "place" in it.has or any(k in PLACES and not any(matches(n, a, k) for n in q.names) for a, k in it.actors)
    if q.kind == "number":  # a number counting a word of the question ("How many people were arrested?": "47 arrests")
        return 1.0 if any(s in it.counted for s in q.stems) else 0.5 * ("number" in it.has)
    if q.kind == "reason":
        return 1.0 if "reason" in it.has else 0.5 * ("maybe_reason" in it.has)
    if q.future and q.kind == "what":  # "What happens next?": a statement of what is to come or could come
        return float("future" in it.has)
    return float(q.kind in it.has)


def score(cands: list[Candidate], kind: str, weights: dict[str, float] | None = None) -> None:
    """Each candidate's score: the logistic of the weighted features (a feature's weight plus its addition for the
    question's kind), the estimated chance that it answers."""
    w = weights or settings().rank
    g = kind_group(kind)
    eff = {f: w.get(f, 0.0) + w.get(f"{g}.{f}", 0.0) for f in FEATURES}
    for c in cands:
        z = w.get("bias", 0.0) + sum(eff.get(f, 0.0) * v for f, v in c.features.items())
        c.score = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


#: how many of the best-scored candidates feedback raises
FEEDBACK_AMONG = 60


def feedback(cands: list[Candidate], weight: float, top: int) -> None:
    """Pseudo-relevance feedback: each of the best-scored candidates gains ``weight`` times its embedding cosine with
    the score-weighted centre of the ``top`` best (an answer like the most likely answers is more likely one; a
    sentence that only shares the question's words is not raised)."""
    if weight <= 0 or top <= 0 or not cands:
        return
    pool = sorted(cands, key=lambda c: -c.score)[:FEEDBACK_AMONG]
    centre = np.sum([c.score * c.vec for c in pool[:top]], axis=0)
    norm = float(np.linalg.norm(centre))
    if norm == 0.0:
        return
    centre = centre / norm
    for c in pool:
        c.score += weight * float(c.vec @ centre)


_VALUES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
           "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}


def _value(token: str) -> float | None:
    """A number token's value ("12", "twelve", "two-dozen" = 24); None for a word with no value of its own
    ("dozens")."""
    value = 1.0
    for part in token.casefold().replace(",", "").split("-"):
        if part[:1].isdigit():
            try:
                value *= float(part)
            except ValueError:
                return None
        elif part in _VALUES:
            value *= _VALUES[part]
        elif part in _NUMBER_WORDS:
            return None
    return value


def counts(text: str, stems: Iterable[str]) -> frozenset[float]:
    """The numbers of a text that count a word of these stems ("47 arrests" for arrest; "twelve" and "12" alike)."""
    wanted = set(stems)
    tokens = sim.WORD.findall(text) if _ANY_NUMBER.search(text) else []
    out = set()
    for i in _numbers(tokens):
        if any(_stem(w.casefold()) in wanted for w in tokens[i + 1:i + 4]):
            value = _value(tokens[i])
            if value is not None:
                out.add(value)
    return frozenset(out)


def group(cands: list[Candidate], rarity: sim.Rarity, threshold: float | None = None,
          min_meaning: float | None = None, q: Question | None = None) -> None:
    """Numbers the candidates' groups (1, 2, ... in rank order): an answer joins the group of the earlier answer
    it is most like, when the two score over the threshold, else it opens a group. For a question that asks for
    a count, a date or a place (``q``), answers that give one are grouped by what they give instead: one answer
    when they give the same, different answers when they do not, whatever else they say ("19 separate actions" /
    "23 executive actions"; a debate on Thursday / on Tuesday; an event in Norwalk / in Bridgeport)."""
    g = settings().group
    threshold = g["threshold"] if threshold is None else threshold
    min_meaning = g["min_meaning"] if min_meaning is None else min_meaning
    if not cands:
        return
    vecs = np.stack([c.vec for c in cands])
    cos = vecs @ vecs.T
    n_groups = 0
    for i, c in enumerate(cands):
        best, best_j = threshold, -1
        for j in range(i):
            a, b = c.item, cands[j].item
            if a.text == b.text:
                best, best_j = float("inf"), j
                break
            if cos[i, j] < min_meaning:
                continue
            s = sim.combine(float(cos[i, j]), sim.word_overlap(list(a.stems), list(b.stems), rarity),
                            len(a.actor_keys & b.actor_keys), len(a.numbers & b.numbers), len(a.dates & b.dates))
            if s >= best:
                best, best_j = s, j
        if best_j >= 0:
            c.group = cands[best_j].group
        else:
            n_groups += 1
            c.group = n_groups
    if q is not None and q.kind in SLOT_KINDS:
        _group_by_slot(cands, q, n_groups)


#: the kinds of question whose answers are grouped by what they give (a count, a date, a place)
SLOT_KINDS = ("number", "date", "place")


def slot(q: Question, it: Item) -> frozenset[object]:
    """What an answer gives for a question asking for a count (the counts of what it asks about: "47 arrests"), a
    date (the claim's dated time expressions' values) or a place (the places it names that the question does not);
    empty when it gives none."""
    if q.kind == "number":
        return frozenset(counts(it.text, q.stems))
    if q.kind == "date":
        return frozenset(it.dates)
    if q.kind == "place":
        return frozenset(a for a, k in it.actors if k in PLACES and not any(matches(n, a, k) for n in q.names))
    return frozenset()


def _group_by_slot(cands: list[Candidate], q: Question, n_groups: int) -> None:
    """Regroups the answers by what they give (:func:`slot`), each value a new group (those giving none keep their
    similarity groups, which no answer giving one is in any more)."""
    by_value: list[tuple[frozenset[object], int]] = []
    for c in cands:
        mine = slot(q, c.item)
        if not mine:
            continue
        same = next((g for given, g in by_value if given & mine), None)
        if same is None:
            n_groups += 1
            same = n_groups
        by_value.append((mine, same))
        c.group = same
