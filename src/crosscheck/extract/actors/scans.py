"""Names the entity recogniser missed: short names of people named in full, aliases and office holders from the
gazetteer, place names written in capitals, and people written with an initial.
"""

from __future__ import annotations

from spacy.tokens import Token

from crosscheck.extract.actors.gazetteer import _add_name
from crosscheck.extract.actors.names import _INITIAL
from crosscheck.extract.actors.table import ActorBuild, ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.knowledge import normalise_key


def _merge_short_names(table: ActorTable) -> None:
    """ "Rutte" and "Mark Rutte" are one person: a one-word person name joins the longer name ending with it."""
    persons = [a for a in table.actors if a.kind == "person"]
    for a in persons:
        if " " in a.name or a.known is not None:
            continue
        last = a.name.lower()
        target = next((b for b in persons if b is not a and b.name.lower().split()[-1] == last), None)
        if target is None:
            continue
        src_idx, dst_idx = table.by_key[a.key], table.by_key[target.key]
        for s, e, f in a.mentions:
            target.mentions.append((s, e, f))
        target.tokens |= a.tokens
        for i in a.tokens:
            table.token_actor[i] = dst_idx
        a.mentions, a.tokens = [], set()
        del table.by_key[a.key]
        table.by_key[a.key] = dst_idx
        _ = src_idx
    table_actors = [a for a in table.actors if a.mentions]
    remap = {id(a): i for i, a in enumerate(table_actors)}
    old = table.actors
    table.actors = table_actors
    table.by_key = {k: remap[id(old[i])] for k, i in table.by_key.items() if id(old[i]) in remap}
    table.token_actor = {t: remap[id(old[i])] for t, i in table.token_actor.items() if id(old[i]) in remap}


def _scan_missed_names(ctx: DocContext, table: ActorTable) -> None:
    """Names the entity recogniser missed somewhere in the document: aliases of the actors found elsewhere."""
    alias_to_idx: dict[str, int] = {}
    for idx, a in enumerate(table.actors):
        names = {a.name}
        if a.known is not None:
            names |= set(a.known.aliases)
        if a.kind == "person" and " " in a.name:
            names.add(a.name.split()[-1])
        for s, e, f in a.mentions:
            if f == "name":
                names.add(ctx.text[s:e])
        for n in names:
            if len(n) >= 3:
                alias_to_idx.setdefault(n, idx)
    # people from the gazetteer the recogniser missed altogether: full names, and the surnames of office holders
    for key, known in ctx.kb.actors.items():
        if known.kind != "person":
            continue
        current = ctx.pub is not None and bool(known.offices_on(ctx.pub))
        for n in (known.name, *known.aliases):
            if (" " in n or current) and len(n) >= 4 and n not in alias_to_idx and n in ctx.text:
                idx = table.by_key.get(key)
                if idx is None:
                    idx = table.add(ActorBuild(key=key, name=known.name, kind="person", country=known.country,
                                               sector=known.sector, known=known))
                alias_to_idx[n] = idx
    if not alias_to_idx:
        return
    first_words: dict[str, list[tuple[list[str], int]]] = {}
    for n, idx in alias_to_idx.items():
        words = [t.text for t in ctx.doc.vocab.tokenizer(n)] if hasattr(ctx.doc.vocab, "tokenizer") else n.split()
        first_words.setdefault(words[0], []).append((words, idx))
    doc = ctx.doc
    dtok = ctx.tokens
    for tok in dtok:
        if tok.i in table.token_actor or not tok.text[:1].isupper():
            continue
        for words, idx in sorted(first_words.get(tok.text, []), key=lambda x: -len(x[0])):
            end = tok.i + len(words)
            if end <= len(doc) and [t.text for t in dtok[tok.i:end]] == words and not any(i in table.token_actor for i in range(tok.i, end)):
                table.mark(idx, tok.i, end, tok.idx, dtok[end - 1].idx + len(dtok[end - 1].text), "name")
                break


def _scan_capitalised_places(ctx: DocContext, table: ActorTable, full_names: set[str]) -> None:
    """Countries, capitals and places written in capitals ("BELGRADE 1996-08-22", "ENGLAND BEAT PAKISTAN"),
    which the recogniser, trained on mixed case, mostly misses: looked up in the gazetteer, longest first."""
    doc, kb = ctx.doc, ctx.kb

    def caps(t: Token) -> bool:
        return t.is_alpha and t.is_upper and t.i not in table.token_actor

    i = 0
    while i < len(doc):
        if not caps(doc[i]):
            i += 1
            continue
        for n in (3, 2, 1):
            span = doc[i:i + n]
            if len(span) < n or not all(caps(t) for t in span) or len(span.text) < 4:
                continue
            key = normalise_key(span.text)
            if kb.country_by_name.get(key) or kb.country_by_capital.get(key) or kb.place(span.text):
                _add_name(ctx, table, span, "GPE", full_names)
                i += n - 1
                break
        i += 1


def _scan_initialled_names(ctx: DocContext, table: ActorTable, full_names: set[str]) -> None:
    """People written with an initial ("P. Simmons", "M. Gatting"), common in wire copy and results, which the
    recogniser often misses: an initial followed by one or two capitalised words that are not a known place."""
    doc = ctx.doc
    dtok = ctx.tokens
    for tok in ctx.tokens[:-1]:
        if not _INITIAL.match(tok.text) or tok.i in table.token_actor or (tok.i > 0 and _INITIAL.match(dtok[tok.i - 1].text)):
            continue
        end = tok.i + 1
        while end < len(doc) and end - tok.i <= 2 and dtok[end].is_alpha and dtok[end].text[:1].isupper() \
                and not dtok[end].is_upper and dtok[end].i not in table.token_actor \
                and not (dtok[end].is_sent_start and end > tok.i + 1):  # the parser may split after the initial
            end += 1
        if end == tok.i + 1:
            continue
        span = doc[tok.i:end]
        if ctx.kb.country_code(span[1:].text) or ctx.kb.place(span[1:].text):
            continue
        _add_name(ctx, table, span, "PERSON", full_names)
