"""Modality and negation: whether an act is negated, reported, future or hypothetical, and how PLOVER recodes a
refused (REJECT) or intended (AGREE, THREATEN) act.
"""

from __future__ import annotations

from spacy.tokens import Token

from crosscheck.extract.context import DocContext

NEGATORS = {"fail", "refuse", "decline", "reject"}


FUTURE_HEADS = {"plan", "set", "expect", "schedule", "intend", "aim", "prepare", "hope", "seek", "want", "due", "poised",
                "willing", "ready", "prepared", "committed", "pledge", "vow", "promise", "offer", "threaten"}


#: PLOVER codes an intention by what it announces: an intended cooperative act is AGREE ("will send aid",
#: "is ready to contribute troops"), an intended hostile one THREATEN ("would blockade Paris", "plans to impose
#: restrictions"). Meetings and statements keep their own type.
INTENT_TO_AGREE = {"AID", "SUPPORT", "COOPERATE", "CONCEDE", "RETREAT"}


INTENT_TO_THREATEN = {"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST"}


HYPOTHETICAL_AUX = {"could", "would", "might", "may", "should", "can"}


POSITIVE_TO_REJECT = {"AID", "AGREE", "COOPERATE", "SUPPORT", "CONCEDE", "RETREAT"}


def _negated(tok: Token) -> bool:
    t = tok
    for _ in range(3):
        if any(c.dep_ == "neg" for c in t.children):
            return True
        if t.lemma_.lower() in NEGATORS and t.i != tok.i:
            return True
        if t.dep_ not in ("xcomp", "ccomp", "pcomp", "pobj", "dobj", "prep") or t.head.i == t.i:
            break
        t = t.head
    return False


def _modality(ctx: DocContext, tok: Token) -> str:
    if ctx.quoted[tok.i]:
        return "reported"
    t = tok
    for _ in range(4):
        auxes = {c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")}
        # "the meeting was set for 4 p.m." is ahead; "the meeting set the stage" (the event as subject) is not
        ahead = t.lemma_.lower() in FUTURE_HEADS and t.i != tok.i and not (t.i == tok.head.i and tok.dep_ == "nsubj")
        if auxes & {"will", "'ll", "’ll", "shall"} or ahead:
            return "future"
        if auxes & HYPOTHETICAL_AUX or any(c.dep_ == "mark" and c.lower_ == "if" for c in t.children):
            return "hypothetical"
        if any(c.dep_ == "amod" and c.lower_ in ("upcoming", "planned", "proposed", "future", "expected", "possible") for c in t.children):
            return "future"
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in ctx.kb.words("speech_verbs"):
            return "reported"
        if t.dep_ == "pobj" and t.head.head.pos_ == "NOUN" and t.head.head.lemma_.lower() in FUTURE_HEADS:
            return "future"  # "plans for a second summit", "hopes of a meeting"
        if t.head.i == t.i or t.dep_ in ("pobj", "advcl", "relcl", "conj", "ccomp", "parataxis"):
            break
        t = t.head
    return "asserted"


def _on_condition(tok: Token) -> bool:
    """Whether an announced act is made to depend on the other side's doing something ("will withdraw its force
    unless Oueddei arranged a ceasefire"): an ultimatum, which PLOVER codes as THREATEN whatever the act."""
    t = tok
    for _ in range(3):
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children) for c in t.children):
            return True
        if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
            return False
        t = t.head
    return False
