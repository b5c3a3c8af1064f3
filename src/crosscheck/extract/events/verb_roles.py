"""Verb roles: who acts (subject or passive agent) and on whom (object, dative, the pattern's prepositions, or a
party one step further out) for an event written as a verb.
"""

from __future__ import annotations

from spacy.tokens import Token

from crosscheck.extract.actors import ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.extract.events.arguments import (
    _arg_actors,
    _condition_party,
    _nearest_party,
    _pobj_actors,
    _prep_objects,
    _subject_up,
)
from crosscheck.extract.events.draft import SUBJ
from crosscheck.extract.events.triggers import _bare_participle, _to_infinitive
from crosscheck.knowledge import EventPattern


def _recipients_verb(ctx: DocContext, table: ActorTable, tok: Token, pat: EventPattern, actors: list[int]) -> list[int]:
    out: list[int] = []
    passive = any(c.dep_ == "nsubjpass" for c in tok.children)
    if pat.type == "THREATEN" and (found := _condition_party(ctx, table, tok, actors)):
        return found  # "threatened to ban voting in East Jerusalem if Hamas ran": the one the threat is aimed at
    for c in tok.children:
        if c.dep_ in ("dobj", "dative", "attr") or (passive and c.dep_ == "nsubjpass"):
            # "ruled out NATO membership for Ukraine": when the object is a thing, not an actor, the party it
            # concerns is the object's "for"/"to" phrase rather than a name modifying it; but a thing's own
            # maker named by a possessive or a nationality is its party ("reject proposed Israeli changes to the deal")
            if c.dep_ == "dobj" and table.token_actor.get(c.i) is None and c.pos_ == "NOUN":
                maker = [a for m in c.children if m.dep_ in ("poss", "amod") and m.i < c.i for a in _arg_actors(ctx, table, m)]
                concerned = maker or _prep_objects(ctx, table, c, {"for", "to"})
                if concerned:
                    out.extend(concerned)
                    continue
            if c.dep_ == "dative" and c.pos_ == "ADP":  # "providing photographs to Macedonia": the preposition's object
                out.extend(_pobj_actors(ctx, table, c))
                continue
            out.extend(_arg_actors(ctx, table, c))
    if not any(c.dep_ == "dobj" for c in tok.children):
        out.extend(_shifted_object(ctx, table, tok))
    preps = set(pat.recipient_preps) | {"with"} if pat.symmetric else set(pat.recipient_preps)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps or c.dep_ == "prt":
            out.extend(_pobj_actors(ctx, table, c))
    out = [a for a in out if a not in actors]
    if not out:  # the object's own prepositions: "ruled out NATO membership for Ukraine"
        for c in tok.children:
            if c.dep_ in ("dobj",) or (c.dep_ == "prep" and c.lower_ in ("by", "over", "via")):
                c = next((p for p in c.children if p.dep_ == "pobj"), c) if c.dep_ == "prep" else c
                out.extend(_prep_objects(ctx, table, c, {"for", "to", "on", "against", "with"}))
        out = [a for a in out if a not in actors]
    return out or _recipients_beyond(ctx, table, tok, pat, frozenset(actors))


def _shifted_object(ctx: DocContext, table: ActorTable, tok: Token) -> list[int]:
    """An object written after a long "as" phrase, which the parser takes for that phrase's appositive: "denounced
    as an ugly crime Serbia's suppression of ..."."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            for o in c.children:
                if o.dep_ == "pobj":
                    return [a for x in o.children if x.dep_ == "appos" and x.i > o.i for a in _arg_actors(ctx, table, x)]
    return []


#: prepositions whose object, when nothing else names one, is the party an act is aimed at or takes place in
FALLBACK_PREPS = frozenset({"to", "with", "from", "against", "on", "at", "in", "into", "over", "toward", "towards", "for",
                            "upon", "across", "inside", "throughout"})


#: an object's own prepositions that name the party it concerns ("an admission by Moscow", "aid to Serbia")
OBJECT_PREPS = frozenset({"of", "by", "from", "in", "on", "against", "to", "for", "with"})


def _recipients_beyond(ctx: DocContext, table: ActorTable, tok: Token, pat: EventPattern, exclude: frozenset[int],
                       depth: int = 0) -> list[int]:
    """When the verb names no recipient of its own, the party the act is aimed at is found one step further out:
    the subject of what is demanded or refused ("demanded that the US cancel plans"), any prepositional phrase of
    the verb ("lodged a protest with Albania", "imposed a curfew in Cizre"), the object's own modifiers ("an
    admission by Moscow") and the object of a purpose clause ("send material to help defend Saudi Arabia"). The
    actor itself is never its own recipient here ("launch an offensive in its war with Iraq")."""
    def others(found: list[int]) -> list[int]:
        return [a for a in found if a not in exclude]

    for c in tok.children:
        if c.dep_ == "ccomp":
            subj = next((s for s in c.children if s.dep_ in SUBJ), None)
            if subj is not None and (found := others(_arg_actors(ctx, table, subj))):
                return found
    if found := others(_prep_objects(ctx, table, tok, FALLBACK_PREPS)):
        return found
    for c in tok.children:
        if c.dep_ == "dobj" and (found := others(_prep_objects(ctx, table, c, OBJECT_PREPS))):
            return found
    for c in tok.children:  # "threatened to break relations with Russia", "sent material to help defend Saudi Arabia"
        if _to_infinitive(c) and depth < 2:
            for v in [c, *(x for x in c.children if x.dep_ == "xcomp")]:
                for o in v.children:
                    if o.dep_ == "dobj" and (found := others(_arg_actors(ctx, table, o))):
                        return found
            if found := _recipients_beyond(ctx, table, c, pat, exclude, depth + 1):
                return found
    if depth > 0:
        return []
    # "threatened to strike unless Israel rescinded" (a threat's own verb asked first, in _recipients_verb)
    if pat.type != "THREATEN" and (found := _condition_party(ctx, table, tok, exclude)):
        return found
    if pat.type in ADDRESSED and _to_infinitive(tok):
        # "summoned Niger's ambassador to complain of inaction": the one called in hears the complaint
        for o in tok.head.children:
            if o.dep_ == "dobj" and (found := [a for a in others(_arg_actors(ctx, table, o))
                                               if table.actors[a].kind in ("person", "country", "organization")]):
                return found
    if found := _nearest_party(ctx, table, tok, exclude):
        return found
    if _bare_participle(tok):
        return _nearest_party(ctx, table, tok.head, exclude)  # "launched fire against Kampuchean camps, killing 50"
    return []


#: acts done by addressing someone: who is called in to hear them is their recipient
ADDRESSED = frozenset({"ACCUSE", "PROTEST", "REQUEST", "CONSULT"})


def _actors_verb(ctx: DocContext, table: ActorTable, tok: Token) -> list[int]:
    passive = any(c.dep_ == "nsubjpass" for c in tok.children)
    if passive:
        for c in tok.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return _arg_actors(ctx, table, p)
        return []
    subj = _subject_up(tok)
    if subj is not None and subj.dep_ == "nsubjpass" and subj.head.i != tok.i:
        # "a camp was attacked by militiamen, killing 156": the one who acts in the passive clause above
        return [a for c in subj.head.children if c.dep_ == "agent" for a in _pobj_actors(ctx, table, c)]
    return _arg_actors(ctx, table, subj) if subj is not None else []
