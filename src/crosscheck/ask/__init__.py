"""``crosscheck ask``: a question answered with the stored sentences that answer it, grouped by what each source says.

What this package decides, in order: whether the question can be asked and what it asks for
(:mod:`crosscheck.ask.question`); which claims are candidates (the store's full-text index, then the articles most
about the question searched whole), how each is scored (then raised a little by its likeness to the best few:
feedback) and which say the same thing (:mod:`crosscheck.ask.rank`);
and here, which answers are shown: the best first, an answer of a group already shown a little lower, none far
under the best, and whether the stored articles answer the question at all. When they do not (the best score is
under ``answer_threshold``, or a name the question mentions is in no stored claim), the closest sentences come back
marked ``answered: false``: "no answer in the stored articles", not a confident wrong answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from crosscheck.ask import rank
from crosscheck.ask.question import BadQuestion, Question, name_key, parse
from crosscheck.ask.rank import Candidate
from crosscheck.errors import CrosscheckError
from crosscheck.store import SEARCH_WINDOW, Store

__all__ = ["AskAnswer", "AskResult", "BadQuestion", "NO_ANSWER", "NoClaims", "ask", "retrieve", "select"]

NO_ANSWER = "no answer in the stored articles"
DEFAULT_LIMIT = 10
MAX_LIMIT = 100


class NoClaims(CrosscheckError):
    """The store holds articles but no claims: they were stored before claims were extracted."""

    def __init__(self) -> None:
        super().__init__("the stored articles have no claims to answer from (they were stored before 2026-11-26, when "
                         "claims were added): ingest them again into a new store")


class AskAnswer(BaseModel):
    """One answer: a sentence (or clause) of a stored article, who it is attributed to, its group and score."""

    article: str
    outlet: str | None = None
    text: str
    start: int
    end: int
    speaker: str | None = None
    group: int
    score: float


class AskResult(BaseModel):
    """The answers to a question in rank order; ``answered`` is false when the stored articles do not answer it
    (the answers are then only the closest sentences)."""

    question: str
    answered: bool
    answers: list[AskAnswer]


@dataclass
class Retrieved:
    """A question's candidates with their features (what ranking weighs), before scoring."""

    question: Question
    candidates: list[Candidate]
    rarity: object
    names_found: bool


def retrieve(store: Store, q: Question, article_ids: list[str] | None = None) -> Retrieved:
    """Candidates for a parsed question, with their features filled in."""
    sel = rank.settings().select
    # the newest SEARCH_WINDOW matches, as the web app's search ranks them: a question of common words would
    # otherwise rank millions of claims in a large store (a story's articles are searched whole)
    hits = store.search_claims(" ".join(q.terms), article_ids, limit=int(sel["candidates"]),
                               newest=SEARCH_WINDOW) if q.terms else []
    texts = [h.text.casefold() for h in hits]
    # a name the candidates hold is stored; only the others are looked up (a ranked search costs the most)
    names_found = all(any(name_key(n) in t for t in texts)
                      or bool(store.search_claims(name_key(n), article_ids, limit=1, newest=1))  # whether any matches
                      for n in q.names)
    if not hits:
        return Retrieved(q, [], None, names_found)
    per_article: dict[str, list[float]] = {}
    for h in hits:
        per_article.setdefault(h.article_id, []).append(h.score)
    focus_raw = {a: sum(sorted(s, reverse=True)[:3]) for a, s in per_article.items()}
    best = max(focus_raw.values()) or 1.0
    chosen = sorted((a for a, f in focus_raw.items() if f >= sel["focus_ratio"] * best), key=lambda a: -focus_raw[a])
    chosen = chosen[: int(sel["max_articles"])]
    top = max(h.score for h in hits) or 1.0
    bm25 = {(h.article_id, h.start): h.score / top for h in hits}
    focus = {a: focus_raw[a] / best for a in chosen}
    cands = [Candidate(it, p.vecs[k]) for a, p in rank.prepared(store, chosen).items() for k, it in enumerate(p.items)]
    rarity = rank.features(q, cands, bm25, focus)
    return Retrieved(q, cands, rarity, names_found)


def select(r: Retrieved, limit: int = DEFAULT_LIMIT, weights: dict[str, float] | None = None,
           options: dict[str, float] | None = None, grouping: dict[str, float] | None = None) -> AskResult:
    """Scores, groups and cuts the candidates into the answer (``weights``, ``options`` and ``grouping`` override
    the data file's, for fitting)."""
    sel = {**rank.settings().select, **(options or {})}
    g = {**rank.settings().group, **(grouping or {})}
    rank.score(r.candidates, r.question.kind, weights)
    if not r.candidates:
        return AskResult(question=r.question.text, answered=False, answers=[])
    # whether the articles answer it is the best claim's own score, before feedback from the best ones raises them
    answered = r.names_found and max(c.score for c in r.candidates) >= sel["answer_threshold"]
    rank.feedback(r.candidates, sel["feedback"], int(sel["feedback_top"]))
    pool = sorted(r.candidates, key=lambda c: (-c.score, c.item.article, c.item.start))[: max(3 * limit, 30)]
    rank.group(pool, r.rarity, g["threshold"], g["min_meaning"], r.question)  # type: ignore[arg-type]
    best = pool[0].score
    shown: list[Candidate] = []
    seen: dict[int, int] = {}
    rest = list(pool)
    while rest and len(shown) < limit:
        pick = max(rest, key=lambda c: c.score - sel["diversity"] * seen.get(c.group, 0))
        if answered and shown and pick.score < max(sel["keep_min"], sel["keep_ratio"] * best):
            break
        rest.remove(pick)
        shown.append(pick)
        seen[pick.group] = seen.get(pick.group, 0) + 1
    renumber: dict[int, int] = {}
    answers = [AskAnswer(article=c.item.article, outlet=c.item.outlet, text=c.item.text, start=c.item.start,
                         end=c.item.end, speaker=c.item.speaker, group=renumber.setdefault(c.group, len(renumber) + 1),
                         score=round(c.score, 4)) for c in shown]
    return AskResult(question=r.question.text, answered=answered, answers=answers)


def ask(store: Store, question: str, article_ids: list[str] | None = None, limit: int = DEFAULT_LIMIT) -> AskResult:
    """The answers to ``question`` from the stored articles (``article_ids``: only these); :class:`BadQuestion`
    (one line) for a question that cannot be asked."""
    q = parse(question)
    limit = max(1, min(int(limit), MAX_LIMIT))
    found = retrieve(store, q, article_ids)
    if not found.candidates and not store.has_claims() and store.count():
        raise NoClaims()
    return select(found, limit)
