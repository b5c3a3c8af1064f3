"""Noun roles: who acts and on whom for an event written as a noun ("Trump's call with Putin", "a Russian attack
on Kyiv"): possessors, modifiers, prepositions, the verb that governs the noun, and a protest's target state.
"""

from __future__ import annotations

from spacy.tokens import Token

from crosscheck.extract.actors import ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.extract.events.arguments import WHERE_PREPS, _arg_actors, _nearest_party, _pobj_actors, _subject_up
from crosscheck.knowledge import EventPattern


def _noun_roles(ctx: DocContext, table: ActorTable, tok: Token, pat: EventPattern) -> tuple[list[int], list[int]]:
    actors: list[int] = []
    recips: list[int] = []
    visit = pat.mode == "visit"
    for c in tok.children:
        if c.dep_ == "poss":
            actors.extend(_arg_actors(ctx, table, c))
        elif c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i:
            found = _arg_actors(ctx, table, c)
            for a in found:
                kind = table.actors[a].kind
                if visit and kind in ("location", "organization", "country") and table.actors[a].kind != "person":
                    recips.append(a)
                else:
                    actors.append(a)
            # "Trump-Rutte meeting": both names hang on the first
            for g in c.children:
                if g.dep_ in ("compound", "amod", "punct") or g.text == "-":
                    actors.extend(table.token_actor.get(g.i) for g in [g] if table.token_actor.get(g.i) is not None)
    if not actors:  # a possessor the parser left hanging: "Trump’s postponed summit"
        i = tok.i - 1
        while i > 0 and tok.i - i <= 3 and ctx.tokens[i].tag_ in ("JJ", "VBN", "VBD", "NN", "HYPH", "RB"):
            i -= 1
        if i > 0 and ctx.tokens[i].tag_ == "POS" and ctx.tokens[i].head.i != tok.i and table.token_actor.get(i - 1) is not None:
            actors.append(table.token_actor[i - 1])
    # a hyphenated pair written before the noun
    i = tok.i - 1
    while i >= 0 and (ctx.tokens[i].text == "-" or table.token_actor.get(i) is not None) and tok.i - i <= 4:
        a = table.token_actor.get(i)
        if a is not None and a not in actors:
            actors.append(a)
        i -= 1
    before = [table.token_actor[j] for j in range(max(0, tok.i - 4), tok.i) if table.token_actor.get(j) in actors]
    if len(before) > 1:  # in the order written: "Trump-Putin summit"
        actors = list(dict.fromkeys(before)) + [a for a in actors if a not in before]
    preps = set(pat.recipient_preps) | {"with", "between", "to", "on", "against", "in", "of", "for"}

    def walk(t: Token, depth: int) -> None:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                if c.lower_ == "between":
                    actors.extend(_pobj_actors(ctx, table, c))
                elif _names_recipient(c, pat):
                    recips.extend(_pobj_actors(ctx, table, c))
            elif c.dep_ in ("acl", "relcl", "conj") and depth < 2 and (c.dep_ != "conj" or c.pos_ == "VERB"):
                walk(c, depth + 1)
                for o in c.children:
                    if o.dep_ == "dobj" and pat.type == "ASSAULT":
                        recips.extend(a for a in _arg_actors(ctx, table, o) if table.actors[a].kind != "person")

    walk(tok, 0)
    if pat.type in PLACE_TARGETS and not recips:  # "an attack killing six and injuring 18 in Kyiv": the place struck
        for t in tok.subtree:
            if t.dep_ == "prep" and t.lower_ in ("in", "on") and t.i > tok.i:
                recips.extend(a for a in _pobj_actors(ctx, table, t) if table.actors[a].kind in ("location", "country"))
    return list(dict.fromkeys(actors)), list(dict.fromkeys(recips))


#: acts whose target can be the place where they happen ("a curfew in Cizre", "troops on alert in the West Bank")
PLACE_TARGETS = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})


def _names_recipient(prep: Token, pat: EventPattern) -> bool:
    """Whether an event noun's "in" or "of" phrase names its recipient: for a visit ("a visit in Kyiv"), and for
    force ("the shelling of Kharkiv", "a blockade in the West Bank"; a mobilisation "of reservists" names who is
    mobilised, not whom against). Other prepositions always do."""
    if pat.mode == "visit" or prep.lower_ not in ("in", "of"):
        return True
    return pat.type in PLACE_TARGETS and (prep.lower_ == "in" or pat.type != "MOBILIZE")


def _noun_recipients_beyond(ctx: DocContext, table: ActorTable, tok: Token, pat: EventPattern, actors: list[int]) -> list[int]:
    """An act one side does to another, named by a noun with its doer known and no recipient: the verb that governs
    the noun names the recipient, or the party nearest in the noun's own phrase ("speeded up the withdrawal of forces
    from Panama"). Meetings and visits are between their participants and need none."""
    if not actors or pat.symmetric or pat.mode == "visit":
        return []
    found = [a for a in _governing_verb_recipients(ctx, table, tok, pat) if a not in actors]
    return found or _nearest_party(ctx, table, tok, frozenset(actors), places=pat.type in PLACE_TARGETS)


def _governing_verb_recipients(ctx: DocContext, table: ActorTable, tok: Token, pat: EventPattern) -> list[int]:
    """The recipient of an event noun named on the verb that governs it: "opened investigations against 28
    officials", "remained on alert in the West Bank"."""
    if tok.dep_ == "dobj":
        verb, own = tok.head, None
    elif tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        verb, own = tok.head.head, tok.head
    else:
        return []
    if verb.pos_ != "VERB":
        return []
    preps = set(pat.recipient_preps) | {"against", "with", "to", "on", "into"} | ({"in"} if pat.type in PLACE_TARGETS else set())
    return [a for c in verb.children if c.dep_ == "prep" and c is not own and c.lower_ in preps
            for a in _pobj_actors(ctx, table, c)]


def _protested_state(table: ActorTable, tok: Token, actors: list[int]) -> list[int]:
    """A protest that names no target is aimed at the state where it takes place ("Palestinian prisoners rioted at
    this jail in northern Israel") or, where no place is named, at the protesters' own government ("Algerian
    landowners began a hunger strike"), as the CAMEO and PLOVER codebooks code it: that country, where the
    article names it."""
    def country_actor(code: str | None) -> list[int]:
        idx = table.by_key.get(f"country:{code}") if code else None
        return [idx] if idx is not None and table.actors[idx].mentions and idx not in actors else []

    for t in tok.subtree:
        place = table.token_actor.get(t.i) if t.dep_ == "pobj" and t.head.lower_ in WHERE_PREPS else None
        if place is not None and table.actors[place].kind in ("country", "location"):
            return country_actor(table.actors[place].country)
    countries = {table.actors[a].country for a in actors}
    if len(countries) != 1 or any(table.actors[a].kind == "country" for a in actors):
        return []
    return country_actor(next(iter(countries)))


def _agent_of_relative_clause(ctx: DocContext, table: ActorTable, tok: Token) -> list[int]:
    """ "a July 2025 White House visit where they hashed out equipment transfers": who did what the clause says."""
    for c in tok.children:
        if c.dep_ == "relcl":
            subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in ("which", "that", "who"):
                return _arg_actors(ctx, table, subj)
    return []


def _agent_of_governing_verb(ctx: DocContext, table: ActorTable, tok: Token) -> list[int]:
    """The agent of an event noun with none of its own: the subject of the verb that governs it ("Russia
    launched an attack", "Trump held talks"), unless that verb's subject is not the one who acts
    ("referring to the ceasefire", "pushing for talks")."""
    gov = tok.head
    for _ in range(3):
        if gov.pos_ in ("VERB", "AUX"):
            if gov.lemma_.lower() in ctx.kb.words("non_agent_verbs"):
                return []
            subj = _subject_up(gov)
            if subj is None or subj.i == tok.i:
                return []
            return [a for a in _arg_actors(ctx, table, subj) if table.actors[a].kind != "location"]
        if gov.head.i == gov.i:
            break
        gov = gov.head
    return []


def _own_actors(ctx: DocContext, table: ActorTable, tok: Token) -> bool:
    """Whether an event noun names its agent itself (a possessor or a modifier: "Russian strikes")."""
    return any(c.dep_ in ("poss", "amod", "compound", "nmod") and _arg_actors(ctx, table, c) for c in tok.children)
