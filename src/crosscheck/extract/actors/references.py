"""References to actors without their name: definite descriptions ("the NATO chief", "the alliance"), personal
pronouns, and people named by their nationality ("Croatian extremists"), which are groups of that country.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from crosscheck.extract.actors.roles import _person_details
from crosscheck.extract.actors.table import PRONOUNS_PERSON, ActorBuild, ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.knowledge import normalise_key


def _national_groups(ctx: DocContext, table: ActorTable) -> None:
    """People named by their nationality ("Croatian extremists", "five Panamanian army officers", "Bosnian Serbs",
    "thousands of Nigerians") are a group of that country, not the country itself: "Croatia is investigating
    crimes by Croatian extremists" is one side of a country acting on another of its own."""
    doc, kb = ctx.doc, ctx.kb
    dtok = ctx.tokens
    people = kb.words("people_nouns")
    for tok in dtok:
        if tok.i + 1 < len(doc) and dtok[tok.i + 1].pos_ == "PROPN":
            continue  # a title before a name: "Nigerian junior foreign minister Dubem Oniya"
        own = table.token_actor.get(tok.i)
        if (own is not None and table.actors[own].kind == "country" and tok.tag_ in ("NNPS", "NNS")
                and tok.lower_ in kb.country_by_demonym and tok.dep_ not in ("amod", "compound", "poss")):
            _make_group(table, tok, doc[tok.i:tok.i + 1], table.actors[own].country, own)  # "thousands of Nigerians"
            continue
        # "Bosnian Serbs", "Iraqi Kurds": a people named with the country they live in
        ethnic = tok.tag_ == "NNPS" and own is not None and table.actors[own].kind in ("group", "person")
        plural = tok.tag_ == "NNS" or tok.lemma_.lower() in ("police", "crowd", "mob", "militia", "union")
        if not ethnic and (tok.pos_ != "NOUN" or own is not None or tok.lemma_.lower() not in people or not plural):
            continue
        mods = [c for c in tok.children if c.i < tok.i and c.dep_ in ("amod", "compound", "nmod")]
        demonym = next((c for c in mods if c.lower_ in kb.country_by_demonym
                        and (table.token_actor.get(c.i, own) == own or table.actors[table.token_actor[c.i]].kind == "country")), None)
        if demonym is not None and not any(c.dep_ == "conj" for c in demonym.children) and demonym.dep_ != "conj":
            start = min([demonym.i, *(c.left_edge.i for c in mods if c.i >= demonym.i)])
            _make_group(table, tok, doc[start:tok.i + 1], kb.country_by_demonym[demonym.lower_], own)


def _make_group(table: ActorTable, head: Token, span: Span, country: str | None, own: int | None) -> None:
    """``span`` as a group actor of ``country``, one per name in a document; its head word leaves the actor
    ``own`` it was a mention of."""
    key = "group:" + normalise_key(span.text)
    idx = table.by_key.get(key)
    if idx is None:
        idx = table.add(ActorBuild(key=key, name=span.text, kind="group", country=country, stated_country=True))
    if own is not None:
        old = table.actors[own]
        old.mentions = [m for m in old.mentions if not (m[0] <= head.idx < m[1])]
        old.tokens.discard(head.i)
    table.actors[idx].add_mention(span.start_char, span.end_char, "nominal", range(head.i, head.i + 1))
    table.token_actor[head.i] = idx


def _nominals(ctx: DocContext, table: ActorTable) -> None:
    """ "the NATO chief", "The Dutch leader", "the president", "the alliance" -> the actor they stand for."""
    doc, kb = ctx.doc, ctx.kb
    dtok = ctx.tokens
    for tok in dtok:
        if tok.lower_ != "the" or tok.i in table.token_actor:
            continue
        # the longest run of words after "the" that ends in a role noun or a known nominal
        end = tok.i + 1
        best = None
        while end < len(doc) and end - tok.i <= 5 and not dtok[end].is_punct:
            phrase = doc[tok.i:end + 1]
            low = phrase.text.lower()
            if normalise_key(low) in kb.actor_by_nominal:
                best = (end + 1, "org", kb.actor_by_nominal[normalise_key(low)])
            elif dtok[end].lower_ in kb.roles and kb.roles[dtok[end].lower_].nominal:
                nxt = dtok[end + 1] if end + 1 < len(doc) else None
                if nxt is None or nxt.pos_ != "PROPN":
                    best = (end + 1, "role", dtok[end].lower_)
            end += 1
            if end < len(doc) and dtok[end].lower_ in ("and", "or", "of"):
                break
        if best is None:
            continue
        stop, kind, what = best
        while stop > tok.i + 1 and dtok[stop - 1].tag_ == "POS":
            stop -= 1
        inner = [table.token_actor.get(i) for i in range(tok.i, stop)]
        if inner[-1] is not None or any(a is not None and table.actors[a].kind == "person" for a in inner):
            continue  # the head noun is a name already, or a person is named inside
        span = doc[tok.i:stop]
        idx = None
        if kind == "org":
            idx = table.by_key.get(what)
            if idx is None:
                known = kb.actors[what]
                idx = table.add(ActorBuild(key=known.key, name=known.name, kind=known.kind, country=known.country,
                                           sector=known.sector, known=known))
        else:
            idx = _resolve_role_phrase(ctx, table, span, what)
        if idx is not None:
            table.mark(idx, span.start, span.end, span.start_char, span.end_char, "nominal")


def _resolve_role_phrase(ctx: DocContext, table: ActorTable, span: Span, role_word: str) -> int | None:
    kb = ctx.kb
    mods = [t for t in span[1:-1]]
    want_country, want_org = None, None
    for m in mods:
        code = kb.country_code(m.text)
        if code:
            want_country = code
        org = [a for a in kb.known(m.text) if a.kind != "person"]
        if org:
            want_org = org[0].name
    role = kb.roles[role_word].role
    generic = role in ("leader", "head", "official")
    cands = []
    for idx, a in enumerate(table.actors):
        if a.kind != "person" or not a.mentions:
            continue
        first = min(s for s, _, _ in a.mentions)
        if first >= span.start_char:
            continue
        ok_role = generic or any(role in r for r in a.roles)
        ok_country = want_country is None or a.country == want_country or want_country in a.affiliations
        ok_org = want_org is None or want_org in a.affiliations
        if want_org and role in ("head",):
            ok_role = True
        if ok_role and ok_country and ok_org and (want_country or want_org or not generic):
            last = max(s for s, _, _ in a.mentions if s < span.start_char)
            cands.append((last, idx))
    if cands:
        return max(cands)[1]
    if want_country is None and want_org is None:
        return None
    known = kb.office_holder(role, want_country or want_org, ctx.pub)
    if known is not None:
        idx = table.by_key.get(known.key)
        if idx is None:
            idx = table.add(ActorBuild(key=known.key, name=known.name, kind="person", country=known.country,
                                       sector=known.sector, known=known))
            _person_details(ctx, table, table.actors[idx])
        return idx
    return None


def _pronouns(ctx: DocContext, table: ActorTable) -> None:
    """he/she/his/him to the person they most likely stand for: the latest person that was a subject within three
    sentences, or else the latest person named."""
    doc = ctx.doc
    dtok = ctx.tokens
    recent: list[tuple[int, int, bool]] = []  # token index, actor index, was subject
    for tok in dtok:
        idx = table.token_actor.get(tok.i)
        if idx is not None:
            a = table.actors[idx]
            if a.kind == "person" and (tok.i + 1 == len(doc) or table.token_actor.get(tok.i + 1) != idx):
                recent.append((tok.i, idx, tok.dep_ in ("nsubj", "nsubjpass") or _head_subject(tok)))
            continue
        if tok.lower_ not in PRONOUNS_PERSON or tok.pos_ != "PRON":
            continue
        window = [r for r in recent if ctx.sent_of[tok.i] - ctx.sent_of[r[0]] <= 3]
        if not window:
            continue
        subj = tok.dep_ in ("nsubj", "nsubjpass", "poss")
        pick = None
        if subj:
            subjects = [r for r in window if r[2]]
            pick = subjects[-1] if subjects else window[-1]
        else:
            clause_subj = _clause_subject_actor(table, tok)
            others = [r for r in window if r[1] != clause_subj]
            pick = others[-1] if others else window[-1]
        table.mark(pick[1], tok.i, tok.i + 1, tok.idx, tok.idx + len(tok.text), "pronoun")
        recent.append((tok.i, pick[1], subj))


def _head_subject(tok: Token) -> bool:
    """Whether a name token sits in a subject phrase ("President Donald Trump welcomed")."""
    t = tok
    for _ in range(3):
        if t.dep_ in ("nsubj", "nsubjpass"):
            return True
        if t.dep_ not in ("compound", "appos", "flat", "poss") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _clause_subject_actor(table: ActorTable, tok: Token) -> int | None:
    verb = tok.head
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return table.token_actor.get(c.i)
    return None
