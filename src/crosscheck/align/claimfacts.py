"""Facts: the claims of a story's articles that say the same thing, grouped across sources.

Every claim of every article is compared with the claims of every other source (copies of one text count as one
source) by :mod:`crosscheck.align.similarity`. Two claims are linked when they score over the threshold; links are
joined strongest first into facts, and a join that would give a fact more than a few claims of one source is
refused, so that a chain of looser links never makes one "fact" of half an article. A fact with two or more
sources is an agreement, a fact of one source is what only that source reports.

Claims are compared within blocks: only pairs whose embeddings are close enough are scored on words, actors and
numbers, so a story of hundreds of articles stays fast and small.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations

import numpy as np
from scipy import sparse

from crosscheck.align import similarity as sim
from crosscheck.align.facts import (
    CASUALTIES,
    UNDATED_HORIZON_DAYS,
    Group,
    Item,
    actor_key,
    date_range,
    overlaps,
    stance,
)
from crosscheck.embed import DIMENSIONS, embed
from crosscheck.extract.context import parse_published
from crosscheck.model import Article, Claim, Event, Evidence, Extraction

#: actor kinds that identify what a claim is about (a place or a vague group does less)
NAMED_KINDS = ("person", "organization", "country", "group")
@dataclass
class ClaimItem:
    """One claim of one article, with what the comparison needs."""

    article: Article
    ext: Extraction
    claim: Claim
    position: int
    source: str
    words: list[str]
    tokens: list[str]
    actors: frozenset[str]
    numbers: frozenset[float]
    dates: frozenset[str]
    kind: str
    speaker: str | None

    @property
    def evidence(self) -> Evidence:
        return Evidence(article=self.article.id, text=self.claim.text, start=self.claim.start, end=self.claim.end)


@dataclass
class ClaimFact:
    """Claims of one or more sources that state the same thing, and the line that sums it up."""

    items: list[ClaimItem] = field(default_factory=list)
    summary: str = ""

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(i.source for i in self.items))

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(i.article.id for i in self.items))


def claim_items(article: Article, ext: Extraction, source: str | None = None) -> list[ClaimItem]:
    """The claims of one article, ready to compare (``source``: the original of a copy, else the article)."""
    by = {a.id: a for a in ext.actors}
    quotes = {q.id: q for q in ext.quotes}
    qty = {q.id: q for q in ext.quantities}
    events = sorted((e.start, e.end) for e in ext.events if e.actor)
    out = []
    for k, c in enumerate(ext.claims):
        named = [by[a] for a in c.actors if a in by and by[a].kind in NAMED_KINDS]
        q = quotes.get(c.quote or "")
        speaker = by[c.source].name if c.source in by else c.source_text
        if q is not None and q.direct:
            kind = "quote"
        elif speaker:
            kind = "statement"
        elif any(s <= c.start < e or c.start <= s < c.end for s, e in events):
            kind = "event"
        elif any(qty[i].category in CASUALTIES + ("money",) for i in c.quantities if i in qty):
            kind = "quantity"
        else:
            kind = "claim"
        nums = frozenset(v for v in sim.numbers_in(c.text) if not 1900 <= v <= 2100)
        out.append(ClaimItem(article, ext, c, k, source or article.id, sim.content_words(c.text), sim.tokens(c.text),
                             frozenset(actor_key(a) for a in named), nums, frozenset(c.dates), kind, speaker))
    return out


#: rows of the cosine matrix computed at once (memory: CHUNK x number of claims floats)
CHUNK = 512


@dataclass(frozen=True)
class Link:
    a: int
    b: int
    score: float


#: stored claim embeddings: {article id: {claim id: vector}} (:meth:`crosscheck.store.Store.claim_embeddings`)
Vectors = Mapping[str, Mapping[str, np.ndarray]]


def claim_vectors(items: list[ClaimItem], stored: Vectors | None = None) -> np.ndarray:
    """Each claim's sentence embedding at float16 precision, as the store keeps them: the stored vector where
    ``stored`` has it (the same numbers: an embedding does not depend on the texts embedded with it), else
    computed now. One row per item, float32."""
    out = np.empty((len(items), DIMENSIONS), dtype=np.float32)
    missing = []
    for n, it in enumerate(items):
        v = (stored or {}).get(it.article.id, {}).get(it.claim.id)
        if v is None or v.shape != (DIMENSIONS,):
            missing.append(n)
        else:
            out[n] = v
    if missing:
        out[missing] = embed([items[n].claim.text for n in missing]).astype("<f2").astype(np.float32)
    return out


def align(items: list[ClaimItem], weights: sim.Weights | None = None, vectors: Vectors | None = None) -> list[ClaimFact]:
    """Groups claims into facts (every claim is in exactly one fact, most in a fact of their own). ``vectors``:
    stored claim embeddings to use instead of embedding those claims again (see :func:`claim_vectors`)."""
    w = weights or sim.weights()
    if not items:
        return []
    vecs = claim_vectors(items, vectors)
    rarity = sim.Rarity(i.words for i in items)
    source_of = {src: k for k, src in enumerate(dict.fromkeys(it.source for it in items))}
    src = np.array([source_of[it.source] for it in items])
    vocab: dict[str, int] = {}
    weight: list[float] = []  # each word's rarity, computed once
    rows, cols, vals = [], [], []
    stems = []  # how many different stems each claim has
    for n, it in enumerate(items):
        unique = set(it.words)
        stems.append(len(unique))
        for word in unique:
            j = vocab.get(word)
            if j is None:
                j = vocab[word] = len(vocab)
                weight.append(rarity(word))
            rows.append(n)
            cols.append(j)
            vals.append(weight[j])
    weighted = sparse.csr_matrix((vals, (rows, cols)), shape=(len(items), max(len(vocab), 1)), dtype=np.float32)
    present = weighted.copy()
    present.data[:] = 1.0
    mass = np.asarray(weighted.sum(axis=1)).ravel()
    # blocking: the pairs of claims of different sources whose meaning is close enough, found chunk by chunk of
    # the cosine matrix (never all of it in memory); only they are scored on words, actors, numbers and dates
    first, second, cosines = [], [], []
    for start in range(0, len(items), CHUNK):
        block = vecs[start:start + CHUNK] @ vecs.T
        ii, jj = np.nonzero(block >= w.min_meaning)
        keep = (jj > ii + start) & (src[ii + start] != src[jj])
        first.append(ii[keep] + start)
        second.append(jj[keep])
        cosines.append(block[ii[keep], jj[keep]])
    left, right, cos = np.concatenate(first), np.concatenate(second), np.concatenate(cosines)
    shared = np.asarray(weighted[left].multiply(present[right]).sum(axis=1)).ravel()
    denom = mass[left] + mass[right]
    words = np.divide(2 * shared, denom, out=np.zeros_like(shared), where=denom > 0)
    max_run = w.run * (w.run_cap - w.run_from + 1)
    links: list[Link] = []
    for k in np.flatnonzero(words >= w.min_words):
        na, nb = int(left[k]), int(right[k])
        x, y = items[na], items[nb]
        if min(stems[na], stems[nb]) < w.min_stems:
            continue
        meaning, overlap = float(cos[k]), float(words[k])
        base = (meaning, overlap, len(x.actors & y.actors), len(x.numbers & y.numbers), len(x.dates & y.dates))
        if sim.combine(*base, w) + max_run < w.threshold:
            continue  # not even the longest shared run of words could lift it
        score = sim.combine(*base, w, sim.shared_run(x.tokens, y.tokens))
        if sim.same_fact(meaning, overlap, score, w):
            links.append(Link(na, nb, score))
    links.extend(_copy_links(items))
    return _components(items, links, w)


def _copy_links(items: list[ClaimItem]) -> list[Link]:
    """A claim a copy repeats word for word is the same statement as its original's (one source, one fact)."""
    first: dict[tuple[str, str], int] = {}
    out = []
    for n, it in enumerate(items):
        key = (it.source, " ".join(it.claim.text.split()).casefold())
        if key in first and items[first[key]].article.id != it.article.id:
            out.append(Link(first[key], n, float("inf")))
        first.setdefault(key, n)
    return out


def _components(items: list[ClaimItem], links: list[Link], w: sim.Weights) -> list[ClaimFact]:
    """Union of linked claims, strongest links first; a fact never takes two claims of one source that are far
    apart in meaning through a chain of weaker links, and a big fact takes in only claims linked to a good share of
    it (``dense_from``, ``dense_share``)."""
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    counts: list[Counter[str]] = [Counter([it.source]) for it in items]
    members: list[list[int]] = [[n] for n in range(len(items))]
    near: dict[int, set[int]] = {}  # each claim's linked claims, filled the first time a fact grows big

    def linked_to(small: int, big: int) -> int:
        """How many claims of fact ``big`` the claims of fact ``small`` are linked to."""
        if not near:
            for lk in links:
                near.setdefault(lk.a, set()).add(lk.b)
                near.setdefault(lk.b, set()).add(lk.a)
        return len({m for n in members[small] for m in near.get(n, ()) if find(m) == big})

    for link in sorted(links, key=lambda lk: -lk.score):
        ra, rb = find(link.a), find(link.b)
        if ra == rb:
            continue
        merged = counts[ra] + counts[rb]
        if link.score != float("inf") and max(merged.values()) > w.max_per_source:
            continue  # a chain of looser links would make one "fact" of a source's many sentences
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        if link.score != float("inf") and len(members[ra]) >= w.dense_from \
                and linked_to(rb, ra) < w.dense_share * len(members[ra]):
            continue  # a big fact grows by what states it, not by a loose link to one of its claims
        parent[rb] = ra
        counts[ra] = merged
        members[ra].extend(members[rb])
        members[rb] = []
    groups: dict[int, list[ClaimItem]] = {}
    for n, it in enumerate(items):
        groups.setdefault(find(n), []).append(it)
    return [ClaimFact(g) for g in groups.values()]


def story_facts(items: list[tuple[Article, Extraction]], copies: Mapping[str, str] | None = None,
                weights: sim.Weights | None = None, vectors: Vectors | None = None) -> list[ClaimFact]:
    """The facts of a story's articles; copies of one text count as one source (``vectors``: see :func:`align`)."""
    copies = copies or {}
    all_items = [it for a, e in items for it in claim_items(a, e, copies.get(a.id, a.id))]
    return align(all_items, weights, vectors)


def _claim_index(facts: list[ClaimFact]) -> tuple[dict[str, list[ClaimItem]], dict[int, int]]:
    """Each article's claims, and the fact each claim is in (by the claim's identity)."""
    by_article: dict[str, list[ClaimItem]] = {}
    fact_of: dict[int, int] = {}
    for n, f in enumerate(facts):
        for it in f.items:
            by_article.setdefault(it.article.id, []).append(it)
            fact_of[id(it)] = n
    return by_article, fact_of


def facts_of_groups(groups: list[Group], facts: list[ClaimFact]) -> list[ClaimFact]:
    """Agreements found by the record alignment (the same count in two sources: :mod:`crosscheck.align.facts`) whose
    sentences claim similarity left apart: one fact each, of the claims that hold the aligned records."""
    by_article, fact_of = _claim_index(facts)
    claim_sets = []
    for g in groups:
        claims = []
        for rec in g.items:
            it = next((c for c in by_article.get(rec.article.id, ())
                       if c.claim.start <= rec.evidence.start < c.claim.end), None)
            if it is not None:
                claims.append(it)
        claim_sets.append(claims)
    return _new_facts(claim_sets, fact_of)


#: a day that lies this many days or more from an article's publication day is a past (or coming) happening's date,
#: not "today" or "yesterday" of the news
PAST_DAY = 2


def facts_of_days(facts: list[ClaimFact]) -> list[ClaimFact]:
    """Claims of two or more sources that give the same day, away from their publication days ("the shooting on
    Aug. 9" in reports of Aug. 20 and 21): they date one happening, whatever else their sentences say."""
    fact_of = {id(it): n for n, f in enumerate(facts) for it in f.items}
    by_day: dict[str, list[ClaimItem]] = {}
    for f in facts:
        for it in f.items:
            pub = parse_published(it.article.published)
            for d in dict.fromkeys(it.claim.dates):
                try:
                    day = date.fromisoformat(d)
                except ValueError:
                    continue
                if pub is None or abs((pub - day).days) >= PAST_DAY:
                    by_day.setdefault(d, []).append(it)
    return _new_facts(list(by_day.values()), fact_of)


#: event modes too common to tell one happening from another ("meets", "talks"): their events need a date both give
BROAD_MODES = frozenset({"meet", "talk", "consult", "request", "aid", "cooperate", "reject", "demand"})
#: a claim's modality as an event's stance
_MODALITY_OF = {"happened": "asserted", "upcoming": "future", "hypothetical": "hypothetical"}


def _news_days(article: Article) -> tuple[date, date] | None:
    """An undated happening an article reports: the weeks before its publication (None when it has no date)."""
    pub = parse_published(article.published)
    return (pub - timedelta(days=UNDATED_HORIZON_DAYS), pub) if pub else None


def _people(*claims: ClaimItem) -> set[str]:
    return {actor_key(a) for c in claims for a in c.ext.actors if a.kind == "person"}


def facts_of_events(events: list[Item], facts: list[ClaimFact]) -> list[ClaimFact]:
    """Claims of two or more sources that state one happening in other words ("Trump's recent call with Putin" /
    "the president had spoken by phone with Putin"): coded events of the same type and mode, between the same two
    or more named participants, both past or both coming, on days that do not differ; one fact each pair of
    claims that claim similarity had left apart."""
    by_article, fact_of = _claim_index(facts)
    held = []
    for rec in events:
        ev = rec.obj
        if not isinstance(ev, Event) or not ev.mode or ev.modality == "hypothetical" or len(rec.keys) < 2:
            continue
        claims = [c for c in by_article.get(rec.article.id, ()) if c.claim.start < ev.end and ev.start < c.claim.end
                  and len(c.actors & rec.keys) >= 2]
        if claims:  # the clause that states it: its tense, the event's word, its participants
            cue = ev.mode.split()[0]
            held.append((rec, max(claims, key=lambda c: (_MODALITY_OF.get(c.claim.modality) == stance(ev),
                                                         cue in c.claim.text.lower(), len(c.actors & rec.keys)))))
    buckets: dict[tuple[object, ...], list[int]] = {}  # compared only with events sharing two participants
    for n, (rec, _) in enumerate(held):
        ev = rec.obj
        assert isinstance(ev, Event)
        for pair in combinations(sorted(rec.keys), 2):
            buckets.setdefault((ev.type, ev.mode, ev.negated, stance(ev), pair), []).append(n)
    sets, seen = [], set()
    for members in buckets.values():
        for x, y in combinations(members, 2):
            (ra, ca), (rb, cb) = held[x], held[y]
            if ca.source == cb.source or (x, y) in seen:
                continue
            seen.add((x, y))
            ea, eb = ra.obj, rb.obj
            assert isinstance(ea, Event) and isinstance(eb, Event)
            da = date_range(ea) or _news_days(ca.article)
            db = date_range(eb) or _news_days(cb.article)
            if da is None or db is None or not overlaps(da, db) or not (ra.keys & rb.keys & _people(ca, cb)) \
                    or (ea.date is None or eb.date is None) and ea.mode in BROAD_MODES:
                continue
            sets.append([ca, cb])
    return _new_facts(sets, fact_of)


def additions(facts: list[ClaimFact], weights: sim.Weights | None = None) -> list[ClaimFact]:
    """What a source's sentence adds to a fact others share: each claim of a shared fact that names an actor, a
    number or a date no other source's claim in the fact names, with ``adds_words`` or more content words they lack
    ("Romney, with whom Netanyahu worked in the mid-1970s, ..." where the others only say Romney criticised him), as
    a fact of that one claim. Rewording alone (a dozen / 12, indicted / accused) adds nothing."""
    w = weights or sim.weights()
    out = []
    for f in facts:
        if len(f.sources) < 2:
            continue
        for it in f.items:
            rest = [o for o in f.items if o.source != it.source]
            new_words = set(it.words).difference(*(o.words for o in rest))
            specific = (it.actors.difference(*(o.actors for o in rest)) or it.numbers.difference(*(o.numbers for o in rest))
                        or it.dates.difference(*(o.dates for o in rest)))
            if specific and len(new_words) >= w.adds_words:
                out.append(ClaimFact(items=[it], summary=trim(it.claim.text)))
    return out


def _new_facts(claim_sets: list[list[ClaimItem]], fact_of: Mapping[int, int]) -> list[ClaimFact]:
    """A fact of each set's first claim per source, where two or more sources take part and claim similarity had
    not already put them in one fact."""
    out = []
    for claims in claim_sets:
        per_source: dict[str, ClaimItem] = {}
        for it in claims:
            per_source.setdefault(it.source, it)
        if len(per_source) > 1 and len({fact_of[id(it)] for it in per_source.values()}) > 1:
            out.append(ClaimFact(items=list(per_source.values())))
    return out


# ---------------------------------------------------------------- summaries and ranking

_LEAD_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:\([^)]*\))?\s*[—–-]+\s*")
SUMMARY_CHARS = 220


#: how much a better-sourced article's wording is preferred for a fact's summary (per point of its source score)
STANDING_WEIGHT = 5.0


def summary_of(fact: ClaimFact, standing: Mapping[str, float] | None = None) -> str:
    """The fact's clearest statement, trimmed (see :func:`clearest`)."""
    return trim(clearest(fact, standing).claim.text)


def clearest(fact: ClaimFact, standing: Mapping[str, float] | None = None) -> ClaimItem:
    """The fact's clearest statement: the member claim closest to the others, short rather than long, from the
    better-sourced article (``standing``: article id -> its source score) and not first-person colour; trimmed."""
    items = fact.items
    standing = standing or {}

    def clarity(it: ClaimItem) -> float:
        others = [o for o in items if o.source != it.source] or items
        shared = sum(len(set(it.words) & set(o.words)) for o in others) / len(others) if len(items) > 1 else 0.0
        colour = 3.0 if it.kind != "quote" and _FIRST_PERSON.search(it.claim.text) else 0.0
        return shared - 0.02 * max(0, len(it.claim.text) - 160) + STANDING_WEIGHT * standing.get(it.article.id, 0.0) - colour

    return max(items, key=clarity)


#: what a clause split from its sentence may start with that a summary does without: a bullet, a dash, a
#: semicolon, a joining "and" / "but" / "plus"
_LEAD_JOIN = re.compile(r"^(?:[-–—•*;,:]+\s*|(?:and|but|plus)\s+(?=\w))+", re.I)


def trim(text: str, limit: int = SUMMARY_CHARS) -> str:
    """One line, no dateline, no leading bullet or joining word, starting with a capital, cut at a word boundary
    with an ellipsis when long."""
    text = _LEAD_JOIN.sub("", _LEAD_DATELINE.sub("", " ".join(text.split())))
    text = text[:1].upper() + text[1:]
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return cut + "…"


def specificity(fact: ClaimFact) -> int:
    """How much a fact pins down: named actors, numbers and dates it states."""
    return max(len(i.actors) + len(i.numbers) + len(i.dates) for i in fact.items)


_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|my|me|myself|we|our|us)\b|\bI’(?:m|ve|d)\b")
_BOILERPLATE = re.compile(r"\b(?:click|subscribe|sign up|newsletter|follow us|copyright|all rights reserved|"
                          r"contributed to this report|this (?:story|article) has been updated|read more|"
                          r"a version of this (?:article|story) appears? in print|"
                          r"did not (?:immediately )?(?:respond|return)|could not be reached)\b", re.I)


@lru_cache(maxsize=1)
def importance_weights() -> dict[str, float]:
    return {k: float(v) for k, v in sim.facts_knowledge()["importance"].items()}


def importance(it: ClaimItem, w: dict[str, float] | None = None) -> float:
    """How much a claim matters to a reader of the story, for ranking what only one source reports: its place in
    the article (the lead first), the named actors, numbers and dates it states, a named source; first-person
    colour, boilerplate and very short claims rank last. The weights are data (``knowledge/facts.yaml``)."""
    w = w or importance_weights()
    words = len(it.claim.text.split())
    score = w["lead"] / (1 + it.position / w["lead_span"])
    score += w["actor"] * min(len(it.actors), 3) + w["number"] * min(len(it.numbers), 2) + w["date"] * min(len(it.dates), 1)
    if it.speaker and it.claim.source:
        score += w["named_source"]
    if it.kind == "event":
        score += w["event"]
    narration = it.claim.text if it.kind != "quote" else ""
    if _FIRST_PERSON.search(narration):
        score -= w["first_person"]
    if _BOILERPLATE.search(it.claim.text):
        score -= w["boilerplate"]
    if words < 7:
        score -= w["fragment"]
    return score
