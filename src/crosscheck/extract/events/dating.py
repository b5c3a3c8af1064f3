"""Dating: an event's date or date range from the time expressions of its clause, vague references ("recently",
"days earlier") and, for a past event in the lead, the publication date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Token

from crosscheck.extract.context import DocContext
from crosscheck.extract.events.draft import Draft
from crosscheck.extract.timexes import Found, tense_of

RANGE_WORDS = {"recent": 30, "recently": 30, "latest": 14}


def _clause_timexes(ctx: DocContext, tok: Token, tx_by_token: dict[int, Found]) -> list[Found]:
    """Time expressions in the trigger's own clause: its subtree, minus clauses of their own."""
    out = []
    stack = [tok]
    seen = set()
    while stack:
        t = stack.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        if t.i in tx_by_token:
            out.append(tx_by_token[t.i])
        for c in t.children:
            if c.dep_ in ("ccomp", "relcl", "advcl", "conj", "parataxis") and c.i != tok.i:
                continue
            stack.append(c)
    return out


def _date(ctx: DocContext, d: Draft, tx_by_token: dict[int, Found], para_first_sentence: bool) -> None:
    tok = d.trigger
    txs = _clause_timexes(ctx, tok, tx_by_token)
    if not txs and tok.pos_ != "VERB":  # a noun: the time expressions on the verb that governs it
        head = tok.head
        for _ in range(2):
            if head.pos_ == "VERB":
                txs = [tx_by_token[c.i] for c in head.subtree if c.i in tx_by_token and (c.head == head or c.head.head == head)]
                break
            head = head.head
    calendar = [t for t in txs if t.type in ("date", "time") and t.value[:1].isdigit()]
    pub = ctx.pub
    if calendar:
        v = calendar[0].value
        if "/" in v:
            a, b = v.split("/", 1)
            d.date_range = [a, b]
        else:
            d.date, d.date_range = calendar_of(v)
        return
    if pub is None:
        return
    vague = [t for t in txs if t.value in ("PXD", "PAST_REF")] + [t for t in _near_vague(ctx, tok, tx_by_token)]
    for c in tok.subtree if tok.pos_ != "VERB" else tok.children:
        if c.lower_ in RANGE_WORDS and c.dep_ in ("amod", "advmod"):
            days = RANGE_WORDS[c.lower_]
            d.date_range = [(pub - timedelta(days=days)).isoformat(), (pub - timedelta(days=1)).isoformat()]
            return
    if vague and d.modality == "asserted":
        d.date_range = [(pub - timedelta(days=7)).isoformat(), (pub - timedelta(days=1)).isoformat()]
        return
    # the publication date only where the wording allows it: a past or present event in the article's lead
    if para_first_sentence and d.modality == "asserted" and not d.negated and tense_of(ctx, tok.idx, tok.idx + len(tok.text)) in ("past", "present"):
        d.date = pub.isoformat()


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def calendar_of(value: str) -> tuple[str | None, list[str] | None]:
    """An event's ``date`` (YYYY-MM-DD, YYYY-MM or YYYY) or ``date_range`` from a TIMEX3 value: weeks, weekends,
    quarters, seasons and decades become ranges; anything else (PAST_REF, XXXX-...) neither."""
    v = value.split("T", 1)[0]
    if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", v):
        return v, None
    m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", v)
    if m:
        try:
            first = date.fromisocalendar(int(m[1]), int(m[2]), 6 if m[3] else 1)
        except ValueError:
            return None, None
        return None, [first.isoformat(), (first + timedelta(days=1 if m[3] else 6)).isoformat()]
    m = re.fullmatch(r"(\d{4})-(Q[1-4]|SP|SU|FA|WI)", v)
    if m:
        y = int(m[1])
        lo, hi = (3 * int(m[2][1]) - 2, 3 * int(m[2][1])) if m[2].startswith("Q") else _SEASON_MONTHS[m[2]]
        start = date(y, lo, 1)
        hy, hm = (y + 1, hi - 12) if hi > 12 else (y, hi)
        end = (date(hy + (hm == 12), hm % 12 + 1, 1) - timedelta(days=1))
        return None, [start.isoformat(), end.isoformat()]
    if re.fullmatch(r"\d{3}", v):
        return None, [f"{v}0-01-01", f"{v}9-12-31"]
    return None, None


def _near_vague(ctx: DocContext, tok: Token, tx_by_token: dict[int, Found]) -> list[Found]:
    """ "just days after sitting down with X", "Just days earlier, ...": a vague span of days before the event."""
    sent = ctx.sentence(tok)
    return [tx_by_token[t.i] for t in sent if t.i in tx_by_token and tx_by_token[t.i].value == "PXD"
            and t.i < tok.i and ctx.tokens[min(t.i + 1, len(ctx.doc) - 1)].lower_ in ("after", "earlier", "ago", "before", "days")]
