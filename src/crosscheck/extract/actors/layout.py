"""Names placed by the layout of wire copy rather than by their sentence, where the recogniser (trained on running
prose) guesses wrong or not at all: a person with their country in brackets in a results list ("Monica Seles
( U.S. ) beat ...") or a scorer with the minute of the goal ("Cosmin Contra ( 31st )"), the teams of a score line ("Puchon 2 Chonbuk 1") or of a standings row ("Colchester 4 0 3 1
2 4 3"), whatever town they are named after, and the byline above a dateline ("Glenn Somerville" over "WASHINGTON 1996-08-30").
"""

from __future__ import annotations

import re

from crosscheck.extract.actors.gazetteer import _add_name
from crosscheck.extract.actors.table import ActorTable
from crosscheck.extract.context import DocContext

#: one to four capitalised words (not a number, not all capitals of a headline)
_NAME = r"[A-Z][A-Za-z.'&]*(?:-[A-Z]?[a-z]+)*(?: (?:de |van |von |del |da |di |le |la )?[A-Z][A-Za-z.'&]*(?:-[A-Z]?[a-z]+)*){0,3}"
#: "Puchon 2 Chonbuk 1 ( halftime 1-1 )", "Hull 0 Barnet 0"
_SCORE_LINE = re.compile(rf"^(?P<a>{_NAME}) \d+ (?P<b>{_NAME}) \d+(?: \(.*\))?\s*$")
#: a standings row: a team and six or more whole-number columns (played, won, drawn, lost, for, against, points),
#: or won, lost, a winning percentage and games behind ("MONTREAL 71 61 .538 12")
_STANDINGS = re.compile(rf"^(?P<a>{_NAME})(?:(?: \d+){{6,}}|(?: \d+){{2,3}} \.\d{{3}}(?: (?:-|\d+(?: 1/2)?|1/2))?)\s*$")
#: a person and, in brackets, their country ("Asa Carlsson ( Sweden )", "Petr Korda (Czech Republic)")
_BRACKETED = re.compile(rf"(?<![\w(])(?P<a>{_NAME})\s?\(\s?(?P<c>[A-Z][A-Za-z. ]{{1,30}}?)\s?\)")
#: a scorer with the minute of the goal, or a substitute with the minute they came on ("Cosmin Contra ( 31st )",
#: "( 14 - Sabri Lamouchi 87th )")
_SCORER = re.compile(rf"(?<![\w(])(?P<a>{_NAME})\s?\(\s?\d{{1,3}}(?:st|nd|rd|th)\s?\)|\(\s?\d{{1,2}} - (?P<b>{_NAME}) \d{{1,3}}(?:st|nd|rd|th)\s?\)")
#: a byline: two or three capitalised words alone on a line
_BYLINE = re.compile(r"^(?:-- )?(?P<a>[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z']+(?:-[A-Z][a-z]+)?){1,2})\s*$")
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}\s+\d{4}-\d\d-\d\d$")


def layout_names(ctx: DocContext) -> dict[tuple[int, int], str]:
    """(start, end) character spans of names the layout decides, with their entity label (PERSON or ORG)."""
    out: dict[tuple[int, int], str] = {}
    text = ctx.text
    lines = text.split("\n")
    offset = 0
    for k, line in enumerate(lines):
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        for rx in (_SCORE_LINE, _STANDINGS):
            m = rx.match(body)
            if m:
                for g in ("a", "b"):
                    if g in m.groupdict() and m[g] and not ctx.kb.country_code(m[g]):
                        out[(offset + lead + m.start(g), offset + lead + m.end(g))] = "TEAM"
        for m in _BRACKETED.finditer(body):
            if " " in m["a"] and ctx.kb.country_code(m["c"].strip()) and not ctx.kb.country_code(m["a"]) \
                    and not ctx.kb.place(m["a"]) and not ctx.kb.known(m["a"]):
                out[(offset + lead + m.start("a"), offset + lead + m.end("a"))] = "PERSON"
        for m in _SCORER.finditer(body):
            g = "a" if m["a"] else "b"
            if not ctx.kb.country_code(m[g]) and not ctx.kb.place(m[g]):
                out[(offset + lead + m.start(g), offset + lead + m.end(g))] = "PERSON"
        m = _BYLINE.match(body)
        if m and k + 1 < len(lines) and _DATELINE.match(lines[k + 1].strip()) and not ctx.kb.country_code(m["a"]) \
                and not ctx.kb.place(m["a"]):
            out[(offset + lead + m.start("a"), offset + lead + m.end("a"))] = "PERSON"
        offset += len(line) + 1
    return out


def add_layout_names(ctx: DocContext, table: ActorTable, layout: dict[tuple[int, int], str], full_names: set[str]) -> None:
    """The names of :func:`layout_names` the recogniser left untagged, added to the table."""
    for (start, end), label in layout.items():
        span = ctx.doc.char_span(start, end)
        if span is not None and not any(t.i in table.token_actor for t in span):
            _add_name(ctx, table, span, label, full_names)
