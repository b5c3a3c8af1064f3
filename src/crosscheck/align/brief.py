"""A story's brief: summary, timeline, agreements, what only each source reports, conflicts, quotes by speaker,
numbers and a card per source. The same data feeds the Markdown report, the JSON output and later the web page."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from itertools import combinations

from crosscheck.align import claimfacts
from crosscheck.align.assess import assess, self_claims
from crosscheck.align.conflicts import fact_conflicts, misprinted_figures, reworded
from crosscheck.align.facts import (
    CASUALTIES,
    Group,
    Item,
    date_range,
    event_items,
    events_align,
    group,
    overlaps,
    participants_compatible,
    quantities_align,
    quantity_items,
    quote_items,
    quotes_align,
    stance,
)
from crosscheck.align.identity import identity_facts
from crosscheck.extract.context import parse_published
from crosscheck.model import (
    Article,
    Brief,
    Conflict,
    Event,
    Evidence,
    Extraction,
    Fact,
    FactCell,
    FactRow,
    OnlyIn,
    Quantity,
    Quote,
    QuoteEntry,
    SourceCard,
    Story,
    TimelineEntry,
    same_way,
)

GENERIC_MODES = {None, "meet", "talk", "consult"}


def _outlet(a: Article) -> str:
    return a.outlet or a.id


def _precision(ev: Event) -> str:
    if ev.date_range:
        return "range"
    if not ev.date:
        return "unknown"
    return {10: "day", 7: "month", 4: "year"}.get(len(ev.date), "unknown")


def build_brief(story: Story, items: list[tuple[Article, Extraction]], copies: Mapping[str, str] | None = None,
                vectors: claimfacts.Vectors | None = None) -> Brief:
    """Everything the brief of one story says, each fact with its sentence in each source.

    ``copies`` maps a near-duplicate article to the first stored copy of the same text: copies of one text count
    as one source, so a fact they alone share is what only that copy reports, not an agreement. ``vectors``: the
    claims' stored embeddings (:meth:`crosscheck.store.Store.claim_embeddings`), so that they are not computed
    again; the brief is the same with or without them."""
    copies = copies or {}

    events = [it for a, e in items for it in event_items(a, e)]
    quotes = [it for a, e in items for it in quote_items(a, e)]
    numbers = [it for a, e in items for it in quantity_items(a, e)]
    ev_groups = group(events, events_align)
    q_groups = group(quotes, quotes_align)
    n_groups = group(numbers, quantities_align)
    multi = len({copies.get(a.id, a.id) for a, _ in items}) > 1

    sources = []
    for a, e in items:
        ev, score = assess(a, e)
        sources.append(SourceCard(article=a.id, outlet=a.outlet, title=a.title, score=score, evidence=ev,
                                  copy_of=copies.get(a.id)))
    sources.sort(key=lambda s: -s.score)
    facts = claimfacts.story_facts(items, copies, vectors=vectors)
    standing = {src.article: src.score for src in sources}
    for f in facts:
        best = claimfacts.clearest(f, standing)
        f.summary = claimfacts.trim(best.claim.text)
        f.items.sort(key=lambda i: i is not best)  # the summary's own sentence first: it dates the fact
    # who someone is, as two sources state it, is a fact of its own even inside sentences about other things; so
    # is a count or a past day two sources give where their sentences did not link
    happenings = claimfacts.facts_of_events(events, facts)
    counted = claimfacts.facts_of_groups(n_groups, facts) + claimfacts.facts_of_days(facts) + happenings
    for f in counted:
        f.summary = claimfacts.trim(claimfacts.clearest(f, standing).claim.text)
    shared = sorted([f for f in facts if len(f.sources) > 1] + identity_facts(i for f in facts for i in f.items)
                    + counted,
                    key=lambda f: (-len(f.sources), -claimfacts.specificity(f), min(i.position for i in f.items)))
    agreements = [Fact(kind=_fact_kind(f), summary=f.summary, evidence=[i.evidence for i in f.items])
                  for f in shared]
    only_in: list[OnlyIn] = []
    single = [f for f in facts if len(f.sources) == 1]
    single.sort(key=lambda f: -max(claimfacts.importance(i) for i in f.items))
    # then what a source's sentence adds to a fact others share (after all it alone reports)
    adds = sorted(claimfacts.additions(facts), key=lambda f: -claimfacts.importance(f.items[0]))
    for f in single + adds:  # a story of one source: everything it says is what only it reports
        it = f.items[0]
        only_in.append(OnlyIn(article=it.article.id, kind=_fact_kind(f), summary=f.summary,
                              evidence=[i.evidence for i in f.items]))
    conflicts = _dedupe(fact_conflicts(facts) + misprinted_figures(facts) + _conflicts(items, events, numbers)
                        + _quote_conflicts(q_groups, copies)) if multi else []
    conflicts += _self_claim_conflicts(items)
    matrix = _matrix([a.id for a, _ in items], shared, single, conflicts)
    rank = {s.article: k for k, s in enumerate(sources)}
    return Brief(
        story=story,
        summary=_summary(items, sources, ev_groups),
        timeline=_timeline(facts + happenings),
        agreements=agreements,
        only_in=sorted(only_in, key=lambda o: rank.get(o.article, 99)),
        conflicts=conflicts,
        quotes=_quotes_by_speaker(q_groups),
        numbers=[Fact(kind="quantity", summary=g.items[0].summary, evidence=[i.evidence for i in g.items])
                 for g in n_groups if g.items[0].obj.category in CASUALTIES + ("money",)],  # type: ignore[union-attr]
        sources=sources,
        facts=matrix,
    )


#: rows of the fact x source matrix taken from what only one source reports, per source (its most important)
MATRIX_SINGLE_PER_SOURCE = 5
#: the most rows the matrix has (the most widely reported facts first): a story of hundreds of articles has
#: thousands of facts, which no reader scans; every agreement and only-in item is still in the brief
MATRIX_ROWS = 150


def _matrix(articles: list[str], shared: list[claimfacts.ClaimFact], single: list[claimfacts.ClaimFact],
            conflicts: list[Conflict]) -> list[FactRow]:
    """The fact x source matrix: the facts two or more sources report, most widely reported first, then each
    source's most important facts of its own, at most ``MATRIX_ROWS`` rows; a cell says whether the article reports the fact (with its sentences), contradicts it (the other side
    of a conflict with one of the fact's sentences) or is silent."""
    per_source: dict[str, int] = defaultdict(int)
    rows_facts = list(shared[:MATRIX_ROWS])
    for f in single:  # already ranked by importance
        src = f.sources[0]
        if len(rows_facts) >= MATRIX_ROWS:
            break
        if per_source[src] < MATRIX_SINGLE_PER_SOURCE:
            per_source[src] += 1
            rows_facts.append(f)
    rows = []
    for n, f in enumerate(rows_facts, 1):
        places = {(i.article.id, i.claim.start) for i in f.items}
        against: dict[str, list[Evidence]] = defaultdict(list)
        for c in conflicts:
            if len(c.sides) == 2 and any((s.article, s.start) in places for s in c.sides):
                for s in c.sides:
                    if (s.article, s.start) not in places:
                        against[s.article].append(s)
        cells = []
        for art in articles:
            mine = [i.evidence for i in f.items if i.article.id == art]
            if mine:
                cells.append(FactCell(article=art, status="reported", evidence=mine))
            elif against.get(art):
                cells.append(FactCell(article=art, status="contradicts", evidence=against[art]))
            else:
                cells.append(FactCell(article=art, status="silent"))
        rows.append(FactRow(id=f"f{n}", kind=_fact_kind(f), summary=f.summary, cells=cells))  # type: ignore[arg-type]
    return rows


def _fact_kind(f: claimfacts.ClaimFact) -> str:
    kinds = [i.kind for i in f.items]
    return max(dict.fromkeys(kinds), key=lambda k: (kinds.count(k), k != "claim"))  # ties: the first claim's


#: the most lines a timeline shows: the story's main happenings, not every sentence
TIMELINE_FACTS = 14
#: of which at most this many come from a single source
TIMELINE_SINGLE = 5


def _timeline(facts: list[claimfacts.ClaimFact]) -> list[TimelineEntry]:
    """The story's main happenings, one line per fact with its sources: what most sources report first, then the
    most important things one source alone reports; each dated from its text (an event's date, the claim's own
    date, or for a lead sentence in the past tense, its article's publication day). Quotes are not happenings."""
    def happening(f: claimfacts.ClaimFact) -> bool:
        return any(i.kind != "quote" and i.claim.modality != "hypothetical" and i.actors for i in f.items)

    ranked = sorted((f for f in facts if happening(f)),
                    key=lambda f: (-len(f.sources), -max(claimfacts.importance(i) for i in f.items)))
    shared = [f for f in ranked if len(f.sources) > 1]
    single = [f for f in ranked if len(f.sources) == 1][:TIMELINE_SINGLE]
    chosen = (shared + single)[:TIMELINE_FACTS] if len(shared) < TIMELINE_FACTS else shared[:TIMELINE_FACTS]
    out = []
    for f in (line for fact in chosen for line in _by_day(fact)):
        when, rng, precision, etype = _when(f)
        out.append(TimelineEntry(date=when, date_range=rng, precision=precision, type=etype,  # type: ignore[arg-type]
                                 summary=f.summary, articles=f.articles,
                                 evidence=[i.evidence for i in f.items]))
    out.sort(key=lambda t: (t.date or "9999", t.precision != "day"))
    return out


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day_named(it: claimfacts.ClaimItem) -> str | None:
    return next((d[:10] for d in it.claim.dates if _DAY.match(d)), None)


def _by_day(f: claimfacts.ClaimFact) -> list[claimfacts.ClaimFact]:
    """A fact whose claims name different days tells of more than one happening ("reported Wednesday that ...",
    "conceded Saturday"), or sources that disagree on the day: one timeline line per day named, so each day stands
    with the sources that give it. A claim that names no day goes with the latest of those days on or before its
    article's publication day (what a report tells without a date, it most likely tells of the last thing that
    happened before it went out), or with the first from that day on where it tells of what is still to come."""
    named = {id(it): d for it in f.items if (d := _day_named(it))}
    days = sorted(set(named.values()))
    if len(days) < 2:
        return [f]
    lines: dict[str, list[claimfacts.ClaimItem]] = {d: [] for d in days}
    for it in f.items:
        day = named.get(id(it))
        if day is None:
            pub = parse_published(it.article.published)
            if pub and it.claim.modality != "happened":  # what is still to come: the first day from publication on
                day = next((d for d in days if d >= pub.isoformat()), days[-1])
            else:
                before = [d for d in days if pub and d <= pub.isoformat()]
                day = before[-1] if before else days[0]
        lines[day].append(it)
    return [claimfacts.ClaimFact(items=items, summary=claimfacts.summary_of(claimfacts.ClaimFact(items=items)))
            for items in lines.values()]


_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")


def _stated_year(f: claimfacts.ClaimFact, it: claimfacts.ClaimItem, day: str) -> str:
    """``day`` in the year the fact's sources state: a day named without a year ("that March 2 event") got its year
    from the publication date, which another claim of the fact contradicts when it names the same month with a
    year ("in March 2008"); the year written out wins."""
    def written(item: claimfacts.ClaimItem, value: str) -> bool:
        return any(t.value == value and item.claim.start <= t.start < item.claim.end and _YEAR.search(t.text)
                   for t in item.ext.timexes)

    if written(it, day):
        return day
    years = {d[:4] for other in f.items for d in other.claim.dates
             if len(d) >= 7 and d[5:7] == day[5:7] and d[:4] != day[:4] and d[:4].isdigit() and written(other, d)}
    return f"{years.pop()}{day[4:]}" if len(years) == 1 else day


def _when(f: claimfacts.ClaimFact) -> tuple[str | None, list[str] | None, str, str]:
    """(date, range, precision, type) of a fact: the day one of its claims names, else the first date its claims
    give, else the coded event inside one of them, else the publication day of a past-tense lead sentence."""
    etype, dated = "claim", None
    for it in f.items:
        for ev in it.ext.events:
            if ev.start <= it.claim.start < ev.end or it.claim.start <= ev.start < it.claim.end:
                etype = ev.type if etype == "claim" else etype
                if dated is None and (ev.date or ev.date_range):
                    dated = (ev.date or (ev.date_range[0] if ev.date_range else None), ev.date_range, _precision(ev))
    for it in f.items:  # a source that names the day pins the fact down better than one that gives the month
        day = _day_named(it)
        if day:
            return _stated_year(f, it, day), None, "day", etype
    for it in f.items:
        if it.claim.dates:
            d = it.claim.dates[0]
            return d[:10], None, {10: "day", 7: "month", 4: "year"}.get(len(d[:10]), "unknown"), etype
    if dated is not None:
        return (*dated, etype)
    for it in f.items:
        pub = parse_published(it.article.published)
        if pub and it.position < 3 and it.claim.modality == "happened":
            return pub.isoformat(), None, "day", etype
    return None, None, "unknown", etype


def _summary(items: list[tuple[Article, Extraction]], sources: list[SourceCard], groups: list[Group]) -> str:
    """The lead of the best-sourced article that reports the most widely shared event."""
    best = sources[0].article if sources else None
    shared = sorted((g for g in groups), key=lambda g: (-len(g.articles), min(i.evidence.start for i in g.items)))
    for g in shared:
        for i in g.items:
            if i.article.id == best:
                return i.evidence.text
    art = next((a for a, _ in items if a.id == best), None)
    return art.text.split("\n", 1)[0][:400] if art else ""


def _quotes_by_speaker(groups: list[Group]) -> list[QuoteEntry]:
    out = []
    for g in groups:
        it = g.items[0]
        speaker = it.summary.split(": “", 1)[0]
        if speaker == "unattributed":
            continue
        out.append(QuoteEntry(speaker=speaker, text=it.obj.text, articles=g.articles, evidence=[i.evidence for i in g.items]))  # type: ignore[union-attr]
    out.sort(key=lambda q: q.speaker)
    return out


def _conflicts(items: list[tuple[Article, Extraction]], events: list[Item], numbers: list[Item]) -> list[Conflict]:
    out: list[Conflict] = []
    pubs = {a.id: parse_published(a.published) for a, _ in items}
    for a, b in _sharing_pairs(events):
        ea, eb = a.obj, b.obj
        assert isinstance(ea, Event) and isinstance(eb, Event)
        if ea.type != eb.type or ea.negated or eb.negated or not participants_compatible(a, b) or not same_way(ea.mode, eb.mode):
            continue
        # temporal: one source calls upcoming what the other reports as having happened
        for fut, past in ((a, b), (b, a)):
            ef, ep = fut.obj, past.obj
            assert isinstance(ef, Event) and isinstance(ep, Event)
            rng = date_range(ep)
            pub = pubs.get(fut.article.id)
            if ef.modality == "future" and stance(ep) == "asserted" and rng and pub and rng[1] < pub:
                out.append(Conflict(kind="temporal", summary=(
                    f"{_outlet(fut.article)} calls it upcoming ({fut.summary}); {_outlet(past.article)} reports it as "
                    f"having happened ({past.summary}, {ep.date or '–'.join(ep.date_range or [])})."),
                    sides=[fut.evidence, past.evidence]))
        # date: both give a day, and the days differ
        if (ea.mode == eb.mode or {ea.mode, eb.mode} <= GENERIC_MODES) and stance(ea) == stance(eb) == "asserted" \
                and ea.date and eb.date and len(ea.date) == len(eb.date) == 10 and ea.date != eb.date \
                and len(a.keys & b.keys) >= 2:
            out.append(Conflict(kind="date", summary=(
                f"{_outlet(a.article)} dates {a.summary} {ea.date}; {_outlet(b.article)} dates it {eb.date}."),
                sides=[a.evidence, b.evidence]))
    out.extend(_polarity_conflicts(events))
    # numbers: the same count of the same event, different values
    by_event: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for n in numbers:
        q = n.obj
        assert isinstance(q, Quantity)
        if q.category in CASUALTIES:
            by_event[(n.article.id, q.category)].append(n)
    seen = set()
    for (art_a, cat), ns_a in by_event.items():
        for (art_b, cat_b), ns_b in by_event.items():
            if art_a >= art_b or cat != cat_b or len(ns_a) != 1 or len(ns_b) != 1:
                continue
            na, nb = ns_a[0], ns_b[0]
            if na.obj.value != nb.obj.value and (art_a, art_b, cat) not in seen:  # type: ignore[union-attr]
                seen.add((art_a, art_b, cat))
                out.append(Conflict(kind="number", summary=(
                    f"{_outlet(na.article)} reports {na.summary}; {_outlet(nb.article)} reports {nb.summary}."),
                    sides=[na.evidence, nb.evidence]))
    return out


def _sharing_pairs(events: list[Item]) -> Iterator[tuple[Item, Item]]:
    """The pairs of events of different articles that share a participant, in the order of ``combinations``: only
    those can be one happening, so a story of hundreds of articles is not compared pair by pair."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for n, ev in enumerate(events):
        for k in ev.keys:
            by_key[k].append(n)
    pairs = {(i, j) for members in by_key.values() for x, i in enumerate(members) for j in members[x + 1:]}
    for i, j in sorted(pairs):
        if events[i].article.id != events[j].article.id:
            yield events[i], events[j]


def _polarity_conflicts(events: list[Item]) -> list[Conflict]:
    """One source has an act done or promised, another has the same actor refusing it: "will provide Tomahawks"
    against "is not planning to provide Tomahawks" (negated acts are coded REJECT with mode "refuse ...")."""
    out: list[Conflict] = []
    seen: set[tuple[str, str, str]] = set()
    for a, b in _sharing_pairs(events):
        for pos, neg in ((a, b), (b, a)):
            ep, en = pos.obj, neg.obj
            assert isinstance(ep, Event) and isinstance(en, Event)
            act = (ep.mode or "").removeprefix("intend ")
            if en.type != "REJECT" or not act or (en.mode or "") != f"refuse {act}" or ep.type == "REJECT":
                continue
            # the same stance in time: a promise against a refusal, a deed against a denial of it
            if stance(ep) != stance(en) or len(pos.keys & neg.keys) < 2 or not overlaps(date_range(ep), date_range(en)):
                continue
            key = (pos.article.id, neg.article.id, act)
            if key in seen:
                continue
            seen.add(key)
            out.append(Conflict(kind="polarity", summary=(
                f"{_outlet(pos.article)} has it that {pos.summary}; {_outlet(neg.article)} that {neg.summary}."),
                sides=[pos.evidence, neg.evidence]))
    return out


WRITTEN_CUES = frozenset({"tweet", "tweeted", "post", "posted", "write", "wrote", "written", "statement"})


def _channel(q: Quote) -> str | None:
    cue = (q.cue or "").lower()
    if not cue or cue in (":", "according to"):
        return None
    return "in writing" if cue in WRITTEN_CUES or cue.startswith(("tweet", "post", "wr")) else "aloud"


def _quote_conflicts(groups: list[Group], copies: Mapping[str, str]) -> list[Conflict]:
    """The same words in two sources, with another speaker (attribution), another channel ("said" against
    "tweeted": attribution), or rendered with other words (wording). Copies of one text are not compared."""
    out: list[Conflict] = []
    for g in groups:
        for a, b in combinations(g.items, 2):
            if a.article.id == b.article.id or copies.get(a.article.id, a.article.id) == copies.get(b.article.id, b.article.id):
                continue
            qa, qb = a.obj, b.obj
            assert isinstance(qa, Quote) and isinstance(qb, Quote)
            sa, sb = a.summary.split(":", 1)[0], b.summary.split(":", 1)[0]
            if not (qa.direct and qb.direct):
                continue  # a paraphrase is the outlet's wording, not the speaker's words
            if a.keys and b.keys and not (a.keys & b.keys) and not _one_person(a.keys, b.keys):
                out.append(Conflict(kind="attribution", summary=(
                    f"{_outlet(a.article)} attributes these words to {sa}; {_outlet(b.article)} to {sb}."),
                    sides=[a.evidence, b.evidence]))
                continue
            ca, cb = _channel(qa), _channel(qb)
            if ca and cb and ca != cb:
                out.append(Conflict(kind="attribution", summary=(
                    f"{_outlet(a.article)} has {sa} say it {ca} (“{qa.cue}”); {_outlet(b.article)} {cb} (“{qb.cue}”)."),
                    sides=[a.evidence, b.evidence]))
            if reworded(qa.text, qb.text):
                out.append(Conflict(kind="wording", summary=(
                    f"{_outlet(a.article)} and {_outlet(b.article)} quote {sa} in different words: "
                    f"“{qa.text}” against “{qb.text}”."), sides=[a.evidence, b.evidence]))
    return out


def _one_person(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two spellings of one speaker's name: the same surname with the same initial ("Michael Elliott" and "Mike
    Elliott"), or one name that is the other's surname ("Elliott")."""
    for x in a:
        for y in b:
            wx, wy = x.split(), y.split()
            if wx and wy and wx[-1] == wy[-1] and (len(wx) == 1 or len(wy) == 1 or wx[0][:1] == wy[0][:1]):
                return True
    return False


def _dedupe(conflicts: list[Conflict]) -> list[Conflict]:
    """One conflict per kind and pair of evidence places."""
    out, seen = [], set()
    for c in conflicts:
        key = (c.kind, tuple(sorted((s.article, s.start) for s in c.sides)))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _self_claim_conflicts(items: list[tuple[Article, Extraction]]) -> list[Conflict]:
    out = []
    for a, _ in items:
        for c in self_claims(a):
            if c.failed:
                out.append(Conflict(kind="self-claim", summary=c.summary(_outlet(a)), sides=[c.evidence]))
    return out
