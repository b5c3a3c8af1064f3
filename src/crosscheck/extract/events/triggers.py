"""Triggers: which word reports an act of which PLOVER type, and which mentions report one that happened (not a
question, a heading, a disposition, a kind of act, or the outcome of an act already reported).
"""

from __future__ import annotations

from spacy.tokens import Token

from crosscheck.extract.actors import ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.extract.events.arguments import _subject_up
from crosscheck.extract.events.dating import _clause_timexes
from crosscheck.extract.events.draft import SUBJ, Draft
from crosscheck.extract.timexes import Found
from crosscheck.knowledge import EventPattern
from crosscheck.model import MODE_FAMILY

#: Event nouns used without an article for a kind of act ("ramped up aid", "calls for support").
MASS_EVENTS = {"aid", "support", "assistance", "help", "cooperation", "pressure", "backing", "funding", "violence",
               "fighting", "shelling", "bombing", "diplomacy", "mediation", "dialogue", "engagement"}


def _pattern_for(ctx: DocContext, tok: Token) -> EventPattern | None:
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return None
    pats = ctx.kb.patterns(tok.lemma_, pos) or ctx.kb.patterns(tok.lower_, pos)
    if not pats:
        return None
    nxt = ctx.tokens[tok.i + 1] if tok.i + 1 < len(ctx.doc) else None
    if nxt is not None and nxt.text == "-" and not tok.whitespace_ and not nxt.whitespace_:
        return None  # the first half of a word: "deal-making", "peace-talks-style"
    if pos == "VERB":
        if tok.dep_ == "amod" and tok.i < tok.head.i:
            return None  # a participle before its noun describes it: "alleged bombers", "the wounded soldiers"
        if any(c.dep_ == "oprd" for c in tok.children):
            return None  # "called the strike “a deliberate attack”", "branded him a traitor": naming, not an act
        obj = next((c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "acomp")), None)
        pats = [p for p in pats if p.fits_object(obj)]
    kids = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "advmod", "compound", "amod")}
    with_particle = [p for p in pats if p.particle and p.particle in kids]
    if with_particle:
        return with_particle[0]
    plain = [p for p in pats if not p.particle]
    return plain[0] if plain else None


def _bare_participle(tok: Token) -> bool:
    """An adverbial "-ing" clause with no subject of its own (", killing 40")."""
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and not any(c.dep_ in SUBJ for c in tok.children)


def _to_infinitive(tok: Token) -> bool:
    """A "to" infinitive or purpose clause ("threatened to strike", "summoned X to complain")."""
    return tok.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in tok.children)


def _outcome_of(drafts: list[Draft], tok: Token, kind: str) -> Draft | None:
    """The event of the same type that a participle without a subject of its own tells the outcome of ("attacked
    the camp, killing 40", "shelled the city, killing and wounding dozens")."""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if tok.pos_ != "VERB" or not _bare_participle(t):
        return None
    return next((d for d in reversed(drafts) if d.trigger.i == t.head.i and d.type == kind), None)


def _specific(ctx: DocContext, tok: Token, tx_by_token: dict[int, Found], anchors: dict[str, int]) -> bool:
    """Whether an event with no named actor is still a particular happening: dated, or with a count."""
    return bool(_clause_timexes(ctx, tok, tx_by_token)) or any(_governs(tok, ctx.tokens[a]) for a in anchors.values())


def _subjectless_finite(tok: Token) -> bool:
    """A finite verb in an adverbial clause with no subject of its own: a parse that lost the subject, whose
    participants the main clause does not supply."""
    return (tok.dep_ == "advcl" and tok.tag_ in ("VBD", "VBZ", "VBP")
            and not any(c.dep_ in SUBJ or c.dep_ in ("nsubjpass", "csubj", "expl") for c in tok.children)
            and not any(c.dep_ == "mark" and c.lower_ in ("as", "while", "when") for c in tok.children))


def _generic(tok: Token) -> bool:
    """A bare plural or mass event noun: no article, possessor or number ("strikes", "aid", "support")."""
    if any(c.dep_ in ("det", "poss", "nummod", "predet") for c in tok.children):
        return False
    return tok.tag_ == "NNS" and tok.lower_ != "talks" or tok.lemma_.lower() in MASS_EVENTS


def _has_agent(tok: Token) -> bool:
    """Whether a verb names who acts, even as a description no actor stands for ("Security forces in Guinea have
    tortured ..."), or is passive ("a journalist has been killed"): a gerund on its own does not."""
    return tok.pos_ == "VERB" and (_subject_up(tok) is not None or any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children))


def _venue(ctx: DocContext, table: ActorTable, pat: EventPattern, actors: list[int]) -> tuple[int, str] | None:
    """A place that hosts a meeting named as its modifier ("the White House meeting", "Kremlin talks")."""
    if pat.mode not in MODE_FAMILY:
        return None
    venues = ctx.kb.words("venues")
    for a in actors:
        if table.actors[a].name.lower() in venues:
            return a, table.actors[a].name
    return None


def _asserting_context(ctx: DocContext, tok: Token) -> bool:
    """Whether a trigger sits where a text reports something: not in a question ("Why is Trump meeting the NATO
    chief?"), the answer written under one (FAQ and "People also ask" blocks), nor a table row. (Headings are
    left out later, by ``_heading``: their events still name what "the meeting" below them is.)"""
    text = ctx.text
    line_start, line_end = ctx.line_bounds(tok.idx)
    if "|" in text[line_start:line_end]:
        return False
    if ctx.sentence(tok).text.rstrip(" \n\"”’'").endswith("?"):
        return False
    k = line_start - 1  # an answer under a question ("People also ask", FAQ) restates
    while k >= 0 and text[k].isspace():
        k -= 1
    return not (k >= 0 and text[k] == "?")


def _disposition(ctx: DocContext, tok: Token) -> bool:
    """Whether an act is only what a stance, role or chance is about ("his evolving stance on supporting Ukraine",
    "NATO's role in coordinating aid", "a chance to reinforce"): described, not reported as done."""
    nouns = ctx.kb.words("disposition_nouns")
    t = tok
    for _ in range(4):
        if t.head.i == t.i or (t.pos_ in ("VERB", "AUX") and any(c.dep_ in SUBJ for c in t.children)):
            return False
        t = t.head
        if t.pos_ == "NOUN":
            return t.lemma_.lower() in nouns
    return False


def _heading(ctx: DocContext, tok: Token) -> bool:
    """Whether a token stands in a heading: a short line of its own with no closing punctuation."""
    start, end = ctx.line_bounds(tok.idx)
    line = ctx.text[start:end].strip()
    return (start > 0 and end < len(ctx.text) and 0 < len(line) < 80 and line[-1] not in ".!?:;\"”’'…,"
            and not line.startswith(("-", "•", "*", "|")))


def _governs(trigger: Token, tok: Token) -> bool:
    t = tok
    for _ in range(5):
        if t == trigger:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _location(ctx: DocContext, table: ActorTable, tok: Token) -> str | None:
    for c in list(tok.children) + ([c for c in tok.head.children] if tok.pos_ != "VERB" else []):
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "to"):
            for p in c.children:
                if p.dep_ == "pobj":
                    a = table.token_actor.get(p.i)
                    if a is not None and table.actors[a].kind in ("location", "country") or p.ent_type_ in ("FAC", "GPE", "LOC") or (
                            a is not None and table.actors[a].name.lower() in ctx.kb.words("venues")):
                        span = [t for t in p.subtree]
                        s, e = span[0].idx, span[-1].idx + len(span[-1].text)
                        text = ctx.text[s:e]
                        return text[4:] if text.lower().startswith("the ") else text
    return None
