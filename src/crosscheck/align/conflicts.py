"""Contradictions inside a fact: two sources state the same thing with a difference that matters.

Within one fact (claims that say the same thing), two claims of different sources conflict on:

- ``number``: the same kind of count (killed, injured, arrested, money, a unit) with values that cannot both be
  true; "at least 12" and "15" can, "12" and "9" cannot, "about 100" and "104" can;
- ``date``: two different days, less than a week apart, for the same statement;
- ``wording``: the same quotation rendered with other words inside the part both keep;
- ``polarity``: one says it happened or holds, the other that it did not;
- ``temporal``: one calls it upcoming, the other reports it as done; when the article calling it upcoming was
  published before the other, the summary says the difference is explained by publication time.

Across facts, one more: a precise figure (four significant digits or more) that two sources give with one digit
changed ("$5,687.75" against "$5,587.75") is one figure misreported, whatever else their sentences say
(:func:`misprinted_figures`).

Polarity and temporal differences need claims that share more of their wording (``CLOSE``) than a differing
detail does (``DETAIL_CLOSE``). Who a quotation is attributed to is compared in :mod:`crosscheck.align.brief`,
where the quote groups are.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import SequenceMatcher
from itertools import combinations

from crosscheck.align.claimfacts import ClaimFact, ClaimItem
from crosscheck.extract.context import parse_published
from crosscheck.model import Conflict, Quantity, normalise_text

#: qualifiers that make a number a lower or upper bound, or an estimate
LOWER = ("at least", "more than", "over", "nearly", "almost", "upwards of")
UPPER = ("at most", "fewer than", "less than", "up to", "under")
ABOUT = ("about", "around", "roughly", "approximately", "some", "an estimated", "estimated")


def _outlet(it: ClaimItem) -> str:
    return it.article.outlet or it.article.id


def _quantities(it: ClaimItem) -> list[Quantity]:
    by = {q.id: q for q in it.ext.quantities}
    return [by[i] for i in it.claim.quantities if i in by and by[i].category not in (None, "duration", "percent", "word count")]


def compatible(a: Quantity, b: Quantity) -> bool:
    """Whether two values for one count can both be true, given their qualifiers."""
    va, vb = float(a.value), float(b.value)
    if va == vb:
        return True
    for x, vx, vy in ((a, va, vb), (b, vb, va)):
        q = (x.qualifier or "").lower()
        if q in LOWER and vy >= vx:
            return True
        if q in UPPER and vy <= vx:
            return True
        if q in ABOUT and abs(vx - vy) <= 0.15 * max(vx, vy):
            return True
    return False


def fact_conflicts(facts: list[ClaimFact]) -> list[Conflict]:
    """The conflicts inside each fact with two or more sources, at most one per kind and pair of sources."""
    out: list[Conflict] = []
    for f in facts:
        if len(f.sources) < 2:
            continue
        seen: set[tuple[str, str, str]] = set()
        for a, b in combinations(f.items, 2):
            if a.source == b.source:
                continue
            for c in _pair_conflicts(a, b):
                key = (c.kind, *sorted((a.source, b.source)))
                if key not in seen:
                    seen.add(key)
                    out.append(c)
    return out


#: a figure needs this many significant digits for a one-digit difference to be a misprint rather than two figures
MISPRINT_DIGITS = 4


def _digits(q: Quantity) -> str | None:
    """A figure's digits as written for comparison ("5687.75"), or None when it is too round to tell."""
    text = f"{float(q.value):.2f}".removesuffix(".00")
    return text if len(text.replace(".", "").strip("0")) >= MISPRINT_DIGITS else None


def misprinted_figures(facts: list[ClaimFact]) -> list[Conflict]:
    """Precise figures of one kind that two sources give with exactly one digit changed, wherever they stand in the
    story. Figures that differ in one digit meet under the same key with that digit masked, so a story of hundreds
    of figures is not compared pair by pair."""
    by_mask: dict[tuple[str, str, str], list[tuple[str, Quantity, ClaimItem]]] = {}
    for f in facts:
        for it in f.items:
            for qty in _quantities(it):
                digits = _digits(qty)
                if digits is None:
                    continue
                for k, ch in enumerate(digits):
                    if ch.isdigit():
                        mask = digits[:k] + "?" + digits[k + 1:]
                        by_mask.setdefault((str(qty.category), str(qty.unit), mask), []).append((digits, qty, it))
    out: list[Conflict] = []
    seen: set[tuple[str, ...]] = set()
    for group in by_mask.values():
        for (da, qa, a), (db, qb, b) in combinations(group, 2):
            if a.source == b.source or da == db:
                continue
            key = tuple(sorted((f"{a.article.id}:{qa.start}", f"{b.article.id}:{qb.start}")))
            if key in seen:
                continue
            seen.add(key)
            out.append(Conflict(kind="number", summary=(
                f"{_outlet(a)} reports {_count(qa)}; {_outlet(b)} reports {_count(qb)} (one digit differs)."),
                sides=[a.evidence, b.evidence]))
    return out


def _count(q: Quantity) -> str:
    value = f"{int(q.value):,}" if float(q.value).is_integer() else f"{float(q.value):,}"
    what = q.unit if q.category == "money" else q.category if q.category != q.unit else q.unit
    return " ".join(x for x in (q.qualifier, value, what) if x)


#: how much of their wording two claims must share for a difference between them to be a contradiction rather
#: than two statements about different things (Jaccard of content words)
CLOSE = 0.35


def closeness(a: ClaimItem, b: ClaimItem) -> float:
    wa, wb = {w for w in a.words if not w[:1].isdigit()}, {w for w in b.words if not w[:1].isdigit()}
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


#: what two claims of one fact must share for a difference in a detail (a number, a day, a quoted word) to be a
#: contradiction: aligned claims share a topic, but a detail only conflicts where they share some wording too
DETAIL_CLOSE = 0.1


def _pair_conflicts(a: ClaimItem, b: ClaimItem) -> list[Conflict]:
    out: list[Conflict] = []
    near = closeness(a, b)
    if near < DETAIL_CLOSE:
        return out
    sides = [a.evidence, b.evidence]
    for qa in _quantities(a):
        for qb in _quantities(b):
            if qa.category == qb.category and qa.unit == qb.unit and qa.category and not compatible(qa, qb) \
                    and not any(compatible(qa, x) for x in _quantities(b)):
                out.append(Conflict(kind="number", summary=(
                    f"{_outlet(a)} reports {_count(qa)}; {_outlet(b)} reports {_count(qb)}."), sides=sides))
                break
        if out:
            break
    days_a = {d for d in a.claim.dates if len(d) == 10}
    days_b = {d for d in b.claim.dates if len(d) == 10}
    if len(days_a) == len(days_b) == 1 and days_a != days_b and _same_week(min(days_a), min(days_b)):
        out.append(Conflict(kind="date", summary=(
            f"{_outlet(a)} dates it {min(days_a)}; {_outlet(b)} dates it {min(days_b)}."), sides=sides))
    quote_a, quote_b = _quote(a), _quote(b)
    if quote_a and quote_b and reworded(quote_a, quote_b):
        out.append(Conflict(kind="wording", summary=(
            f"{_outlet(a)} and {_outlet(b)} quote it in different words: “{quote_a}” against “{quote_b}”."), sides=sides))
    if near < CLOSE:
        return out
    if a.claim.negated != b.claim.negated and a.claim.modality == b.claim.modality:
        pos, neg = (a, b) if b.claim.negated else (b, a)
        out.append(Conflict(kind="polarity", summary=(
            f"{_outlet(pos)} states it; {_outlet(neg)} states the opposite: “{neg.claim.text[:160]}”."), sides=sides))
    modes = {a.claim.modality, b.claim.modality}
    if modes == {"upcoming", "happened"}:
        fut, done = (a, b) if a.claim.modality == "upcoming" else (b, a)
        pf, pd = parse_published(fut.article.published), parse_published(done.article.published)
        note = (" The article calling it upcoming was published first, so the difference may be one of time."
                if pf and pd and pf < pd else "")
        out.append(Conflict(kind="temporal", summary=(
            f"{_outlet(fut)} calls it upcoming; {_outlet(done)} reports it as having happened.{note}"),
            sides=[fut.evidence, done.evidence]))
    return out


def _same_week(a: str, b: str) -> bool:
    """Two days close enough to be two datings of one happening (not a resolution slip of a year)."""
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 7
    except ValueError:
        return False


def _quote(it: ClaimItem) -> str | None:
    """The words a claim quotes directly, if it is a direct quotation."""
    q = next((q for q in it.ext.quotes if q.id == it.claim.quote), None)
    return q.text if q is not None and q.direct else None


#: the most words a changed stretch may have on either side to be a rewording (longer is another passage)
MAX_CHANGED_WORDS = 4


_BETWEEN_MARKS = re.compile(r'["”][^"“”]*["“]')


def _quote_words(text: str) -> list[str]:
    """A quotation's words, folded, without what stands between its closing and reopening marks (a quotation
    resumed after its attribution is one quote: '..., " he said. "...'), with acronyms written with or without
    points alike ("F.B.I." = "FBI")."""
    text = _BETWEEN_MARKS.sub(" ", normalise_text(text))
    return re.findall(r"\w+", re.sub(r"(?<=\b\w)\.", "", text))


def reworded(a: str, b: str) -> bool:
    """Whether two renderings of one quotation differ by a word changed inside the part they share ("closer to a
    nuclear bomb" against "closer to nuclear arms"). A shorter excerpt, words left out or an attribution put in
    between ("..., McGinley added, ...") are not a rewording."""
    ta, tb = _quote_words(a), _quote_words(b)
    ops = SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()
    shared = sum(op[2] - op[1] for op in ops if op[0] == "equal")
    # a stretch replaced by another, even at an end (an excerpt only leaves words out: it replaces none)
    changed = [op for op in ops if op[0] == "replace" and op[2] - op[1] <= MAX_CHANGED_WORDS
               and op[4] - op[3] <= MAX_CHANGED_WORDS]
    return bool(changed) and shared >= 0.6 * min(len(ta), len(tb)) and shared >= 4
