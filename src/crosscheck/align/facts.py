"""Facts across the articles of a story: which agree, which only one source reports, where they contradict.

Events align when they have the same type, compatible participants (the same actors, or a person and the country
they serve) and overlapping dates; quotes when their normalised words mostly coincide; quantities when they count
the same thing for the same event. Every fact keeps its sentence in every article it comes from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz

from crosscheck.extract.context import parse_published
from crosscheck.model import Actor, Article, Event, Evidence, Extraction, Quantity, Quote, normalise_text

CASUALTIES = ("killed", "injured", "arrested", "displaced", "missing")
VERBS = {"AGREE": "agrees with", "SUPPORT": "supports", "CONCEDE": "concedes to", "COOPERATE": "cooperates with",
         "AID": "gives aid to", "RETREAT": "retreats from", "REQUEST": "asks", "ACCUSE": "accuses", "REJECT": "rejects",
         "THREATEN": "threatens", "PROTEST": "protests against", "SANCTION": "sanctions", "MOBILIZE": "mobilises against",
         "COERCE": "coerces", "ASSAULT": "attacks"}


def date_range(ev: Event) -> tuple[date, date] | None:
    if ev.date_range:
        a, b = _bounds(ev.date_range[0]), _bounds(ev.date_range[1])
        return (a[0], b[1]) if a and b else None
    return _bounds(ev.date)


def _bounds(value: str | None) -> tuple[date, date] | None:
    if not value:
        return None
    try:
        if len(value) >= 10:
            d = date.fromisoformat(value[:10])
            return d, d
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return date(y, m, 1), nxt - timedelta(days=1)
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def overlaps(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


@dataclass
class Item:
    """One fact of one article."""

    article: Article
    ext: Extraction
    kind: str
    obj: Event | Quote | Quantity
    evidence: Evidence
    keys: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    summary: str = ""
    #: the quote's text folded for comparing, computed once
    norm: str = ""


@dataclass
class Group:
    items: list[Item] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(i.article.id for i in self.items))


def actor_key(a: Actor) -> str:
    """A participant as sources can share it: a country and a group of its people ("Russia", "Russian forces") are
    one side; anyone else is their name."""
    if a.kind in ("country", "group") and a.country:
        return f"@{a.country}"
    return a.name.lower()


def _names(ext: Extraction, ids: list[str]) -> list[str]:
    by = {a.id: a for a in ext.actors}
    return [by[i].name for i in ids if i in by]


def sentence_evidence(article: Article, start: int, end: int) -> Evidence:
    """The sentence (or line) around a span, as evidence."""
    text = article.text
    s = max(text.rfind("\n", 0, start) + 1, _sentence_start(text, start))
    e_candidates = [i for i in (text.find("\n", end), _sentence_end(text, end)) if i >= 0]
    e = min(e_candidates) if e_candidates else len(text)
    return Evidence(article=article.id, text=text[s:e].strip(), start=s, end=e)


def _sentence_start(text: str, i: int) -> int:
    j = i
    while j > 0:
        if text[j - 1] in ".!?" and j < len(text) and text[j] in " \n" and not text[max(0, j - 4):j].endswith(("U.S", "p.m", "a.m")):
            return j + 1 if text[j] == " " else j
        j -= 1
    return 0


def _sentence_end(text: str, i: int) -> int:
    j = i
    while j < len(text):
        if text[j] in ".!?" and (j + 1 == len(text) or text[j + 1] in " \n”\"") and not text[max(0, j - 3):j + 1].endswith(("U.S.", "p.m.", "a.m.")):
            return j + 1 + (1 if j + 1 < len(text) and text[j + 1] in "”\"" else 0)
        j += 1
    return len(text)


def event_items(article: Article, ext: Extraction) -> list[Item]:
    by = {a.id: a for a in ext.actors}
    out = []
    for ev in ext.events:
        parts = [by[i] for i in ev.actor + ev.recipient if i in by]
        if not parts:
            continue
        keys = frozenset(actor_key(a) for a in parts)
        countries = frozenset(a.country for a in parts if a.country)
        who = " and ".join(_names(ext, ev.actor)) or "someone"
        whom = ", ".join(_names(ext, ev.recipient))
        verb = ("meets with" if ev.mode in ("meet", "summit", "talk", "negotiate") else "talks by phone with"
                if ev.mode == "phone" else "visits" if ev.mode == "visit" else "consults") if ev.type == "CONSULT" \
            else VERBS.get(ev.type, ev.type.lower())
        tense = " (planned)" if ev.modality == "future" else " (hypothetical)" if ev.modality == "hypothetical" else ""
        neg = "not " if ev.negated else ""
        summary = f"{who} {neg}{verb} {whom}".strip() + tense
        ev_evidence = _clip_evidence(article, ev)
        out.append(Item(article, ext, "event", ev, ev_evidence, keys, countries, summary))
    return out


def _clip_evidence(article: Article, ev: Event) -> Evidence:
    return Evidence(article=article.id, text=article.text[ev.start:ev.end].strip(), start=ev.start, end=ev.end)


def quote_items(article: Article, ext: Extraction) -> list[Item]:
    by = {a.id: a for a in ext.actors}
    out = []
    for q in ext.quotes:
        speaker = by[q.speaker].name if q.speaker in by else (q.speaker_text or "unattributed")
        ev = Evidence(article=article.id, text=q.text, start=q.start, end=q.end)
        keys = frozenset([by[q.speaker].name.lower()]) if q.speaker in by else frozenset()
        out.append(Item(article, ext, "quote", q, ev, keys, frozenset(), f"{speaker}: “{q.text}”", normalise_text(q.text)))
    return out


def quantity_items(article: Article, ext: Extraction) -> list[Item]:
    out = []
    for n in ext.quantities:
        if n.category in (None, "duration", "percent") or n.category == n.unit and n.category not in ("people",):
            continue
        if n.category == "word count":
            continue
        ev = sentence_evidence(article, n.start, n.end)
        qual = f"{n.qualifier} " if n.qualifier else ""
        what = n.category if n.category in CASUALTIES or n.category == "money" else (n.unit or n.category or "")
        value = f"{n.value:,}" if isinstance(n.value, int) else str(n.value)
        money = f" {n.unit}" if n.category == "money" else ""
        out.append(Item(article, ext, "quantity", n, ev, frozenset([n.category or ""]), frozenset(),
                        f"{qual}{value}{money} {what}".strip()))
    return out


def participants_compatible(a: Item, b: Item) -> bool:
    """The same participants, allowing a person for the country they serve and a missing side."""
    if a.keys & b.keys and (len(a.keys & b.keys) >= min(len(a.keys), len(b.keys), 2)) and min(len(a.keys), len(b.keys)) >= 2:
        return True
    if a.keys == b.keys:
        return True
    shared = a.keys & b.keys
    if not shared:
        return False
    rest_a, rest_b = a.keys - shared, b.keys - shared
    by_a = {actor_key(x): x for x in a.ext.actors}
    by_b = {actor_key(x): x for x in b.ext.actors}
    ca = {by_a[k].country for k in rest_a if k in by_a}
    cb = {by_b[k].country for k in rest_b if k in by_b}
    return bool(ca & cb - {None})


def stance(ev: Event) -> str:
    """What a source claims about an event: that it happened ("asserted", also when the source reports someone
    saying so), that it is coming ("future") or that it might ("hypothetical")."""
    return "asserted" if ev.modality == "reported" else ev.modality


def events_align(a: Item, b: Item) -> bool:
    """The same happening: same type, compatible participants, and dates that overlap. One shared participant is
    enough only when both events are dated; undated events need two participants in common."""
    ea, eb = a.obj, b.obj
    assert isinstance(ea, Event) and isinstance(eb, Event)
    if ea.type != eb.type or stance(ea) != stance(eb) or ea.negated != eb.negated:
        return False
    ra, rb = date_range(ea), date_range(eb)
    if ra and rb:
        return overlaps(ra, rb) and participants_compatible(a, b)
    if _long_before_other(ra, b) or _long_before_other(rb, a):
        return False
    return len(a.keys & b.keys) >= 2 and participants_compatible(a, b)


#: An undated past mention is taken to be about the news of its day: it does not align with an event another
#: source dates this many days or more before that day ("By March, Rutte visited Washington" is not October's trip).
UNDATED_HORIZON_DAYS = 21


def _long_before_other(dated: tuple[date, date] | None, undated: Item) -> bool:
    if dated is None:
        return False
    pub = parse_published(undated.article.published)
    ev = undated.obj
    assert isinstance(ev, Event)
    return pub is not None and ev.modality == "asserted" and (pub - dated[1]).days >= UNDATED_HORIZON_DAYS


def align_score(a: Item, b: Item) -> float:
    """How well two aligned events match: shared participants, the same mode, dates of the same precision."""
    ea, eb = a.obj, b.obj
    assert isinstance(ea, Event) and isinstance(eb, Event)
    score = len(a.keys & b.keys) + (1.0 if ea.mode == eb.mode else 0.0)
    if ea.date and eb.date and ea.date == eb.date:
        score += 2.0
    return score


def quotes_align(a: Item, b: Item) -> bool:
    qa, qb = a.norm, b.norm
    if min(len(qa), len(qb)) < 12:
        return False
    return fuzz.partial_ratio(qa, qb) >= 85 if min(len(qa), len(qb)) >= 25 else qa == qb


def quantities_align(a: Item, b: Item) -> bool:
    na, nb = a.obj, b.obj
    assert isinstance(na, Quantity) and isinstance(nb, Quantity)
    return na.category == nb.category and na.value == nb.value and na.unit == nb.unit


def block_keys(it: Item) -> frozenset[str]:
    """What two items must share to be compared at all: an event's participants, a run of three words of a quote
    (two renderings of one quotation share most of them), a count's category, value and unit."""
    if it.kind == "quote":
        words = re.findall(r"\w+", it.norm)
        return frozenset(" ".join(words[i:i + 3]) for i in range(len(words) - 2)) or frozenset([it.norm])
    if it.kind == "quantity":
        n = it.obj
        assert isinstance(n, Quantity)
        return frozenset([f"{n.category}|{n.value}|{n.unit}"])
    return it.keys


def group(items: list[Item], same) -> list[Group]:  # type: ignore[no-untyped-def]
    """Greedy alignment: each item joins the group whose items from other articles it aligns with best; an article
    may mention one happening several times ("Rutte's surprise trip", "the meeting for Wednesday"), so a group
    holds every mention. A group left with one article joins the best cross-source group one of its items aligns
    with, so that a repeated mention is not reported as what only that source says. Only groups sharing a
    :func:`block_keys` key with an item are compared with it, so a story of hundreds of articles stays fast."""
    groups: list[Group] = []
    index: dict[str, list[int]] = defaultdict(list)  # block key -> groups holding an item with it
    for it in items:
        keys = block_keys(it)
        cands = sorted({g for k in keys for g in index.get(k, ())})
        home, _ = _best_home(it, [groups[g] for g in cands], same)
        if home is None:
            home = Group()
            groups.append(home)
            gi = len(groups) - 1
        else:
            gi = next(c for c in cands if groups[c] is home)
        home.items.append(it)
        for k in keys:
            if not index[k] or index[k][-1] != gi:
                index[k].append(gi)
    multi = {gi for gi, g in enumerate(groups) if len(g.articles) > 1}
    merged: set[int] = set()
    for gi, g in enumerate(groups):
        if gi in multi:
            continue
        target, best = None, -1.0
        for it in g.items:
            cands = sorted({c for k in block_keys(it) for c in index.get(k, ()) if c in multi and c != gi})
            h, sc = _best_home(it, [groups[c] for c in cands], same)
            if h is not None and sc > best:
                target, best = h, sc
        if target is not None:
            target.items.extend(g.items)
            merged.add(gi)
    return [g for gi, g in enumerate(groups) if gi not in merged]


def _best_home(it: Item, groups: list[Group], same) -> tuple[Group | None, float]:  # type: ignore[no-untyped-def]
    home, best = None, -1.0
    for g in groups:
        for o in g.items:
            if o.article.id != it.article.id and same(it, o):
                sc = align_score(it, o) if it.kind == "event" else 0.0
                if sc > best:
                    home, best = g, sc
    return home, best
