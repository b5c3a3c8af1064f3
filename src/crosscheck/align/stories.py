"""Stories: articles about the same happening, grouped incrementally.

Each article joins the most similar open story or opens a new one. Candidates come from an inverted index of the
actors a story names (blocking), restricted to a window of days around the article's date, so an article is never
compared with every other. Similarity mixes the actors two texts share (weighted by how often each names them)
with the cosine of their content words weighted by inverse document frequency.
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from crosscheck.extract.context import parse_published
from crosscheck.model import Article, Extraction, Story

STOPWORDS = frozenset(["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "said", "says", "say", "told", "also", "new", "one", "two", "year", "years", "time"])
WORD = re.compile(r"[a-z][a-z'-]{2,}")


@dataclass(frozen=True)
class StoryOptions:
    """Knobs of the grouping: a window of days, and the similarity an article needs to join a story."""

    window_days: int = 3
    threshold: float = 0.20
    #: the similarity an article without a publication date needs: no window keeps it from stories of other
    #: years, so it joins one only when it is clearly about the same happening
    undated_threshold: float = 0.35
    actor_weight: float = 0.3
    max_actors: int = 12
    #: the heaviest terms kept in an article's and a story's word vector (sparse vectors keep comparisons cheap)
    article_terms: int = 200
    story_terms: int = 600
    #: an undated article (or an undated story) is compared with at most this many of the latest stories per actor
    undated_candidates: int = 20
    #: an article this close to a second story as well joins the two: it reports what both are about (without it,
    #: the order articles arrive in decides whether one story is told as two)
    bridge: float = 0.25
    #: once all have arrived, an article left alone joins the story it is this close to
    settle: float = 0.20


def actor_keys(ext: Extraction, limit: int = 12) -> Counter[str]:
    """The actors an article is about, by canonical name, weighted by mentions."""
    c: Counter[str] = Counter()
    for a in ext.actors:
        if a.kind == "location" and a.country is None:
            continue
        c[sys.intern(a.name.lower())] += len(a.mentions)
    return Counter(dict(c.most_common(limit)))


def content_words(text: str) -> Counter[str]:
    """The text's content words with their counts; each word is interned, so that the thousands of stories a big
    store groups share one copy of a word instead of one per article that used it."""
    return Counter(sys.intern(w) for w in WORD.findall(text.lower()) if w not in STOPWORDS)


def _top(vec: dict[str, float], k: int) -> dict[str, float]:
    if len(vec) <= k:
        return vec
    return dict(sorted(vec.items(), key=lambda kv: -kv[1])[:k])


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = _dot(a, b)
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


@dataclass
class _Cluster:
    id: int
    members: list[str] = field(default_factory=list)
    actors: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    titles: list[str] = field(default_factory=list)
    #: the number of articles seen when this story last took one in
    touched: int = 0
    # the weighted word vector and its norm, cached until the story grows by a tenth or the collection by a quarter
    vec: dict[str, float] | None = None
    norm: float = 0.0
    vec_docs: int = 0
    vec_members: int = 0


class StoryGrouper:
    """Incremental grouping: :meth:`add` puts one article into a story and returns the story's number."""

    def __init__(self, options: StoryOptions = StoryOptions()) -> None:
        self.options = options
        self.clusters: list[_Cluster] = []
        self.alias: list[int] = []  # a story joined into another points to it
        self.by_actor_day: dict[tuple[str, int], set[int]] = {}
        self.undated: dict[str, deque[int]] = {}
        self.recent_by_actor: dict[str, deque[int]] = {}
        self.df: Counter[str] = Counter()
        self.n_docs = 0

    def _idf(self, w: str) -> float:
        return math.log((1 + self.n_docs) / (1 + self.df.get(w, 0))) + 1.0

    def _weighted(self, words: Counter[str]) -> dict[str, float]:
        return {w: (1 + math.log(c)) * self._idf(w) for w, c in words.items()}

    def _vector(self, c: _Cluster) -> tuple[dict[str, float], float]:
        if c.vec is None or self.n_docs > c.vec_docs * 1.25 + 10 or len(c.members) > c.vec_members * 1.1 + 1:
            c.vec = _top(self._weighted(c.words), self.options.story_terms)
            c.norm = math.sqrt(sum(v * v for v in c.vec.values()))
            c.vec_docs = self.n_docs
            c.vec_members = len(c.members)
        return c.vec, c.norm

    def add(self, article: Article, ext: Extraction) -> int:
        o = self.options
        actors = actor_keys(ext, o.max_actors)
        words = content_words((article.title or "") + "\n" + article.text)
        day = parse_published(article.published)
        self.n_docs += 1
        self.df.update(words.keys())
        best, best_sim = None, 0.0
        wv = _top(self._weighted(words), o.article_terms)
        wn = math.sqrt(sum(v * v for v in wv.values()))
        close: list[tuple[float, int]] = []
        for cid in self._candidates(actors, day):
            c = self.clusters[cid]
            sim = self._similarity(wv, wn, actors, c)
            if sim < (o.threshold if day and c.first else o.undated_threshold):
                continue  # without a date on both sides, no window keeps stories of other years apart
            close.append((sim, cid))
            if sim > best_sim:
                best, best_sim = cid, sim
        if best is None:
            best = len(self.clusters)
            self.clusters.append(_Cluster(id=best))
            self.alias.append(best)
        for sim, cid in close:
            if cid != best and sim >= o.bridge:
                self._merge(best, cid)
        c = self.clusters[best]
        c.touched = self.n_docs
        c.members.append(article.id)
        c.actors.update(actors)
        c.words.update(words)
        if article.title:
            c.titles.append(article.title)
        if day:
            c.first = min(c.first, day) if c.first else day
            c.last = max(c.last, day) if c.last else day
        for k in actors:
            _remember(self.recent_by_actor, k, best, o.undated_candidates)
            if day is None:
                _remember(self.undated, k, best, o.undated_candidates)
            else:
                self.by_actor_day.setdefault((k, day.toordinal()), set()).add(best)
        return best

    def _candidates(self, actors: Counter[str], day: date | None) -> set[int]:
        """The live stories worth comparing with a text naming ``actors`` on ``day`` (blocking)."""
        o, cands = self.options, set()
        if day is None:  # no date to block on: the stories that last named each actor
            for k in actors:
                cands.update(self.recent_by_actor.get(k, ()))
        else:  # blocking by actor and day: only stories with a member naming the actor within the window
            base = day.toordinal()
            for k in actors:
                cands.update(self.undated.get(k, ()))
                for d in range(base - o.window_days, base + o.window_days + 1):
                    cands |= self.by_actor_day.get((k, d), set())
        live = {self._live(x) for x in cands}
        return live if day is None else {cid for cid in live if self._within(self.clusters[cid], day)}

    def _within(self, c: _Cluster, day: date) -> bool:
        """Whether ``day`` lies within the window around story ``c``'s days (an undated story has no window)."""
        w = self.options.window_days
        return not (c.first and c.last) or ((c.first - day).days <= w and (day - c.last).days <= w)

    def _similarity(self, wv: dict[str, float], wn: float, actors: Counter[str], c: _Cluster) -> float:
        """How close a text (its weighted word vector, the vector's norm, its actors) is to story ``c``."""
        cv, cn = self._vector(c)
        text_sim = _dot(wv, cv) / (wn * cn) if wn and cn else 0.0
        return self.options.actor_weight * _cos(dict(actors), dict(c.actors)) + (1 - self.options.actor_weight) * text_sim

    def _live(self, cid: int) -> int:
        """The story a story id stands for now (a story joined into another lives on as that one)."""
        while self.alias[cid] != cid:
            self.alias[cid] = self.alias[self.alias[cid]]
            cid = self.alias[cid]
        return cid

    def _merge(self, into: int, other: int) -> None:
        a, b = self.clusters[into], self.clusters[other]
        a.members.extend(b.members)
        a.actors.update(b.actors)
        a.words.update(b.words)
        a.titles.extend(b.titles)
        days = [d for d in (a.first, a.last, b.first, b.last) if d]
        a.first, a.last = (min(days), max(days)) if days else (None, None)
        a.vec = None
        a.touched = self.n_docs
        b.members, b.actors, b.words, b.titles = [], Counter(), Counter(), []
        self.alias[other] = into

    def settle(self) -> None:
        """A second look at every dated story of one article once all have arrived: it joins the dated story it is
        now closest to when that one is close enough. An article that came before the others of its story could only be
        compared with what had arrived; the story that grew since may now hold it (the order articles arrive in
        should not decide whether a story is told as one)."""
        o = self.options
        for lone in range(len(self.clusters)):
            c = self.clusters[lone]
            if self._live(lone) != lone or len(c.members) != 1 or c.first is None:
                continue  # an undated article was compared with every recent story of its actors already
            best, best_sim = None, 0.0
            wv = _top(self._weighted(c.words), o.article_terms)  # the article's vector, as add() weighs it
            wn = math.sqrt(sum(v * v for v in wv.values()))
            for cid in self._candidates(c.actors, c.first) - {lone}:
                other = self.clusters[cid]
                if other.touched <= c.touched or len(other.members) < 2:
                    continue  # as it was when this article came: compared then, or a lone article compared with it
                sim = self._similarity(wv, wn, c.actors, other)
                if other.first and sim >= o.settle and sim > best_sim:
                    best, best_sim = cid, sim
            if best is not None:
                self._merge(best, lone)

    def stories(self) -> list[Story]:
        out = []
        for c in self.clusters:
            if not c.members:
                continue
            sid = "s-" + hashlib.sha1("\n".join(sorted(c.members)).encode()).hexdigest()[:10]
            title = c.titles[0] if c.titles else ", ".join(k.title() for k, _ in c.actors.most_common(3))
            out.append(Story(id=sid, title=title, articles=list(c.members),
                             first_published=c.first.isoformat() if c.first else None,
                             last_published=c.last.isoformat() if c.last else None))
        return out


def _remember(index: dict[str, deque[int]], key: str, story: int, size: int) -> None:
    """Keeps the ``size`` stories that last named ``key``, latest last."""
    latest = index.setdefault(key, deque(maxlen=size))
    if not latest or latest[-1] != story:
        latest.append(story)


def arrival_order(article_id: str, published: str | None) -> tuple[date, str]:
    """The order articles are grouped in: oldest first (undated before all), then by id."""
    return parse_published(published) or date.min, article_id


def group_in_order(items: Iterable[tuple[Article, Extraction]], options: StoryOptions = StoryOptions()) -> list[Story]:
    """Groups articles that arrive already in :func:`arrival_order` (a stream: nothing but the stories is kept)."""
    grouper = StoryGrouper(options)
    for article, ext in items:
        grouper.add(article, ext)
    grouper.settle()
    return grouper.stories()


def group_stories(items: list[tuple[Article, Extraction]], options: StoryOptions = StoryOptions()) -> list[Story]:
    """Groups articles into stories, oldest first so that stories grow as the news did."""
    return group_in_order(sorted(items, key=lambda x: arrival_order(x[0].id, x[0].published)), options)
