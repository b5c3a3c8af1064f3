"""Events: who did what to whom, when and where, in PLOVER's 16 types with CAMEO codes.

A trigger is a verb or noun from ``knowledge/event_patterns.tsv``. Its roles come from the dependency parse:
subject or agent (the actor), object, dative or the pattern's prepositions (the recipient); for a noun, its
possessor and adjectives ("Trump's call", "a Russian drone attack") and its prepositions ("with Putin", "on Kyiv").
A definite noun with no participants of its own ("the meeting") takes those of the last event with the same
trigger. Negation, modality (future, hypothetical, reported) and the date of the clause complete the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Token

from crosscheck.extract.actors import ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.extract.timexes import Found, tense_of
from crosscheck.knowledge import EventPattern
from crosscheck.model import MODE_FAMILY, Event, Quantity, same_way

SUBJ = ("nsubj", "nsubjpass")
NEGATORS = {"fail", "refuse", "decline", "reject"}
FUTURE_HEADS = {"plan", "set", "expect", "schedule", "intend", "aim", "prepare", "hope", "seek", "want", "due", "poised",
                "willing", "ready", "prepared", "committed", "pledge", "vow", "promise", "offer", "threaten"}
#: PLOVER codes an intention by what it announces: an intended cooperative act is AGREE ("will send aid",
#: "is ready to contribute troops"), an intended hostile one THREATEN ("would blockade Paris", "plans to impose
#: restrictions"). Meetings and statements keep their own type.
INTENT_TO_AGREE = {"AID", "SUPPORT", "COOPERATE", "CONCEDE", "RETREAT"}
INTENT_TO_THREATEN = {"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST"}
HYPOTHETICAL_AUX = {"could", "would", "might", "may", "should", "can"}
PRONOUN_ANY = {"it", "they", "them", "its", "their", "we", "us", "our"}
POSITIVE_TO_REJECT = {"AID", "AGREE", "COOPERATE", "SUPPORT", "CONCEDE", "RETREAT"}
RANGE_WORDS = {"recent": 30, "recently": 30, "latest": 14}
#: Acts whose object is something sought, discussed, promised or refused, not something that happened: "pushing
#: for more robust support", "to discuss Ukraine support", "pledged billions in support" report one act (the
#: request, the talks, the pledge), not a second one. A host of the same type names the same act ("provides
#: support", "launched an attack").
THEME_HOSTS = {"REQUEST", "CONSULT", "AGREE", "REJECT", "THREATEN"}
#: Event nouns used without an article for a kind of act ("ramped up aid", "calls for support").
MASS_EVENTS = {"aid", "support", "assistance", "help", "cooperation", "pressure", "backing", "funding", "violence",
               "fighting", "shelling", "bombing", "diplomacy", "mediation", "dialogue", "engagement"}
#: Prepositions that introduce what an act is about ("push for support", "talks on missiles", "billions in aid").
THEME_PREPS = {"for", "on", "about", "over", "in"}


@dataclass
class Draft:
    trigger: Token
    pattern: EventPattern
    actors: list[int] = field(default_factory=list)
    recipients: list[int] = field(default_factory=list)
    negated: bool = False
    modality: str = "asserted"
    date: str | None = None
    date_range: list[str] | None = None
    location: str | None = None
    quantities: list[str] = field(default_factory=list)
    type: str = ""
    cameo: str | None = None
    mode: str | None = None


def _pattern_for(ctx: DocContext, tok: Token) -> EventPattern | None:
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return None
    pats = ctx.kb.patterns(tok.lemma_, pos) or ctx.kb.patterns(tok.lower_, pos)
    if not pats:
        return None
    nxt = ctx.doc[tok.i + 1] if tok.i + 1 < len(ctx.doc) else None
    if nxt is not None and nxt.text == "-" and not tok.whitespace_ and not nxt.whitespace_:
        return None  # the first half of a word: "deal-making", "peace-talks-style"
    if pos == "VERB":
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


def _arg_actors(ctx: DocContext, table: ActorTable, tok: Token, depth: int = 0) -> list[int]:
    """The actors a role filler stands for: the name itself, its conjuncts, or the actor named in its modifiers
    ("a Russian chemical plant" -> Russia, "Ukraine's army general staff" -> Ukraine)."""
    out: list[int] = []
    idx = table.token_actor.get(tok.i)
    if idx is not None:
        out.append(idx)
    elif depth < 2:
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod") and c.i < tok.i:
                out.extend(_arg_actors(ctx, table, c, depth + 1))
                if out:
                    break
        if not out:  # "the port of Odesa", "negotiators from Turkey and Ukraine", "demonstrators in Baghdad"
            preps = ("of", "from", "in", "inside") if tok.lemma_.lower() in ctx.kb.words("people_nouns") else ("of", "from")
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out.extend(_arg_actors(ctx, table, p, depth + 1))
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_arg_actors(ctx, table, c, depth))
        elif c.dep_ == "prep" and c.lower_ in ("including", "like") and depth == 0:  # "European leaders, including Rutte"
            out.extend(a for p in c.children if p.dep_ == "pobj" for a in _arg_actors(ctx, table, p, 1))
    if not out and tok.lower_ in PRONOUN_ANY and tok.pos_ == "PRON":
        out.extend(_pronoun_group(ctx, table, tok))
    return list(dict.fromkeys(out))


def _pronoun_group(ctx: DocContext, table: ActorTable, tok: Token) -> list[int]:
    """ "it" / "they": the subject of the speech verb that reports the clause ("X announced that it had struck"),
    or for "they" the people named in the sentence before."""
    head = tok.head
    # (inside quotation marks "they" and "it" are never the speaker: "They are attacking food," Sybiha said)
    if head.dep_ == "ccomp" and head.head.lemma_.lower() in ctx.kb.words("speech_verbs") and not ctx.quoted[tok.i]:
        subj = next((c for c in head.head.children if c.dep_ in SUBJ), None)
        if subj is not None and subj.i != tok.i:
            return _arg_actors(ctx, table, subj, 0)
    if tok.lower_ in ("they", "them", "their"):  # the people named earlier in this sentence, or in the one before
        k = ctx.sent_of[tok.i]
        spans = [ctx.doc[ctx.sents[k].start:tok.i]] + ([ctx.sents[k - 1]] if k > 0 else [])
        for span in spans:
            seen: list[int] = []
            for t in span:
                a = table.token_actor.get(t.i)
                if a is not None and table.actors[a].kind == "person" and a not in seen:
                    seen.append(a)
            if len(seen) >= 2:
                return seen
        return []
    # "it": the latest organisation or country that was a subject in this or the previous two sentences
    k = ctx.sent_of[tok.i]
    for t in reversed(ctx.doc[ctx.sents[max(0, k - 2)].start:tok.i]):
        a = table.token_actor.get(t.i)
        if a is not None and table.actors[a].kind in ("organization", "country", "group") and t.dep_ in SUBJ:
            return [a]
    return []


def _subject_up(tok: Token) -> Token | None:
    """The subject of a verb, or of the verbs above it when it has none ("sitting down" after "welcomed")."""
    v = tok
    for _ in range(4):
        subj = next((c for c in v.children if c.dep_ in SUBJ), None)
        if subj is not None:
            return subj
        poss = next((c for c in v.children if c.dep_ == "poss"), None) if v.pos_ == "NOUN" and v.i != tok.i else None
        if poss is not None:  # "NATO's commitment to supporting Ukraine": the possessor
            return poss
        if v.head.i == v.i:
            return None
        v = v.head
    return None


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


def _condition_party(ctx: DocContext, table: ActorTable, tok: Token, exclude: list[int] | frozenset[int]) -> list[int]:
    """The subject of the condition a threat sets ("... unless Baghdad accepted its conditions", "... if Hamas ran")."""
    for c in tok.subtree:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children):
            subj = next((x for x in c.children if x.dep_ in SUBJ), None)
            if subj is not None and (found := [a for a in _arg_actors(ctx, table, subj) if a not in exclude]):
                return found
    return []


def _pobj_actors(ctx: DocContext, table: ActorTable, prep: Token) -> list[int]:
    """The actors named by the objects of one preposition (or particle, or dative "to"). A preposition the parser
    left without an object ("granted asylum to five Panamanian army officers holed up in ...", with "officers" made
    the subject of "holed") takes the noun phrase right after it."""
    objs = [o for o in prep.children if o.dep_ == "pobj"]
    if not objs and prep.dep_ in ("prep", "dative") and prep.pos_ == "ADP" and prep.n_lefts + prep.n_rights == 0:
        objs = [o] if (o := _phrase_after(prep)) is not None else []
    return [a for o in objs for a in _arg_actors(ctx, table, o)]


#: parts of speech a noun phrase is made of
_PHRASE_POS = frozenset({"DET", "NUM", "ADJ", "NOUN", "PROPN", "PUNCT"})


def _phrase_after(tok: Token) -> Token | None:
    """The head of the noun phrase that starts right after ``tok``: its first noun whose head lies outside it."""
    doc = tok.doc
    for j in range(tok.i + 1, min(tok.i + 9, len(doc))):
        t = doc[j]
        if t.pos_ not in _PHRASE_POS:
            return None
        if t.pos_ in ("NOUN", "PROPN") and not (t.i < t.head.i and t.head.pos_ in ("NOUN", "PROPN")):
            return t
    return None


def _prep_objects(ctx: DocContext, table: ActorTable, head: Token, preps: set[str] | frozenset[str]) -> list[int]:
    """The actors named by the objects of ``head``'s prepositions among ``preps``, in order."""
    return [a for c in head.children if c.dep_ == "prep" and c.lower_ in preps for a in _pobj_actors(ctx, table, c)]


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


def _nearest_party(ctx: DocContext, table: ActorTable, tok: Token, exclude: frozenset[int] = frozenset(),
                   places: bool = True) -> list[int]:
    """The party nearest the trigger in its own clause, through the objects' phrases ("speeded up the withdrawal of
    forces from Panama", "mobilized reservists for a possible war against Iraq"); not its subject, nor anything in
    a clause with a subject of its own. A passive subject is the one acted on ("a camp for Congolese refugees was
    attacked"). Without ``places`` neither where it happens ("a hunger strike outside Parliament") nor a place
    counts."""
    frontier = [c for c in tok.children if c.dep_ not in ("nsubj", "csubj", "agent", "conj", "cc", "punct", "parataxis")]
    while frontier:
        nxt: list[Token] = []
        for t in frontier:
            if t.dep_ in ("ccomp", "advcl", "relcl", "conj", "acl") and any(x.dep_ in SUBJ for x in t.children):
                continue
            if not places and t.dep_ == "prep" and t.lower_ in WHERE_PREPS:
                continue
            if t.dep_ in ("pobj", "dobj") or t.dep_ in ("amod", "compound", "poss", "nmod") and t.head.dep_ in ("pobj", "dobj"):
                idx = table.token_actor.get(t.i)
                if idx is not None and idx not in exclude and (places or table.actors[idx].kind != "location"):
                    return [idx]
            nxt.extend(t.children)
        frontier = nxt
    return []


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
        while i > 0 and tok.i - i <= 3 and ctx.doc[i].tag_ in ("JJ", "VBN", "VBD", "NN", "HYPH", "RB"):
            i -= 1
        if i > 0 and ctx.doc[i].tag_ == "POS" and ctx.doc[i].head.i != tok.i and table.token_actor.get(i - 1) is not None:
            actors.append(table.token_actor[i - 1])
    # a hyphenated pair written before the noun
    i = tok.i - 1
    while i >= 0 and (ctx.doc[i].text == "-" or table.token_actor.get(i) is not None) and tok.i - i <= 4:
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
            and t.i < tok.i and ctx.doc[min(t.i + 1, len(ctx.doc) - 1)].lower_ in ("after", "earlier", "ago", "before", "days")]


def extract(ctx: DocContext, table: ActorTable, timexes: list[Found], quantities: list[Quantity],
            anchors: dict[str, int]) -> list[Draft]:
    doc = ctx.doc
    tx_by_token: dict[int, Found] = {}
    for f in timexes:
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is not None:
            tx_by_token[span.root.i] = f
    lead_end = ctx.text.find("\n")
    lead_end = len(ctx.text) if lead_end < 0 else lead_end
    drafts: list[Draft] = []
    last_by_lemma: dict[str, Draft] = {}
    for tok in doc:
        pat = _pattern_for(ctx, tok)
        if pat is None or not _asserting_context(ctx, tok) or _disposition(ctx, tok):
            continue
        d = Draft(trigger=tok, pattern=pat, type=pat.type, cameo=pat.cameo, mode=pat.mode)
        kind_only = False
        if tok.pos_ == "VERB" and _subjectless_finite(tok):
            # "a day after a Russian missile strike on Odesa killed 12" parsed with "killed" hanging from "met":
            # the killing is the strike named just before it, which takes its counts
            _take_counts(next((o for o in reversed(drafts) if o.type == d.type and ctx.sent_of[o.trigger.i] == ctx.sent_of[tok.i]), None),
                         tok, anchors)
            continue
        if (outcome := _outcome_of(drafts, tok, d.type)) is not None:
            _take_counts(outcome, tok, anchors)  # "was attacked by militiamen, killing 40": the attack's toll, not a second attack
            continue
        if tok.pos_ == "VERB":
            d.actors = _actors_verb(ctx, table, tok)
            d.recipients = _recipients_verb(ctx, table, tok, pat, d.actors)
        else:
            d.actors, d.recipients = _noun_roles(ctx, table, tok, pat)
            venue = _venue(ctx, table, pat, d.actors + d.recipients)
            if venue is not None:  # "the White House meeting": where it happened, not who met
                d.actors = [a for a in d.actors if a != venue[0]]
                d.recipients = [a for a in d.recipients if a != venue[0]]
                d.location = venue[1]
            definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
            if not d.actors and not d.recipients and definite and tok.lemma_.lower() in last_by_lemma:
                prev = last_by_lemma[tok.lemma_.lower()]
                d.actors, d.recipients = list(prev.actors), list(prev.recipients)
            elif not d.actors:
                d.actors = _agent_of_relative_clause(ctx, table, tok) or _agent_of_governing_verb(ctx, table, tok)
            agentive_object = tok.dep_ == "dobj" and tok.head.lemma_.lower() not in ctx.kb.words("non_agent_verbs")
            kind_only = _generic(tok) and tok.dep_ != "compound" and (
                _own_actors(ctx, table, tok) or not d.actors or not agentive_object)
        d.actors = [a for a in d.actors if table.actors[a].kind != "location"]  # places are not agents
        d.recipients = [r for r in d.recipients if r not in d.actors]
        if tok.pos_ != "VERB" and not d.recipients:
            d.recipients = _noun_recipients_beyond(ctx, table, tok, pat, d.actors)
        if d.type == "PROTEST" and not d.recipients:
            d.recipients = _protested_state(table, tok, d.actors)
        specific = (not d.actors or kind_only) and _specific(ctx, tok, tx_by_token, anchors)
        if not d.actors and not (d.recipients and (specific or _has_agent(tok))):
            continue  # no one acts: "providing Ukraine with guarantees", "negotiations with Moscow"
        if kind_only and not d.recipients and len(d.actors) < 2 and not specific:
            continue  # "Russian strikes intensifying", "Western aid": a kind of act, not one that happened
        d.negated = _negated(tok)
        d.modality = _modality(ctx, tok)
        if d.negated and d.type in POSITIVE_TO_REJECT:
            d.type, d.cameo, d.mode, d.negated = "REJECT", "12", f"refuse {pat.mode}", False
        elif d.modality in ("future", "hypothetical") and not d.negated and d.type in INTENT_TO_AGREE:
            d.type, d.cameo, d.mode = "AGREE", "03", f"intend {pat.mode}"
        elif d.modality in ("future", "hypothetical") and not d.negated and d.type in INTENT_TO_THREATEN:
            d.type, d.cameo, d.mode = "THREATEN", "13", f"threaten {pat.mode}"
        _date(ctx, d, tx_by_token, tok.idx < lead_end)
        d.location = _location(ctx, table, tok) or d.location
        for qid, anchor in anchors.items():
            if _governs(tok, doc[anchor]):
                d.quantities.append(qid)
        drafts.append(d)
        last_by_lemma[tok.lemma_.lower()] = d
    _share_roles(drafts)
    drafts = _called_off(ctx, table, drafts)
    drafts = [d for d in drafts if not _heading(ctx, d.trigger)]  # a title names what its section reports
    return _corefer(ctx, table, _dedupe(ctx, _drop_themes(drafts)))


def _take_counts(target: Draft | None, tok: Token, anchors: dict[str, int]) -> None:
    """The counts ``tok`` governs go to ``target``, the event it is another word for."""
    if target is not None:
        doc = tok.doc
        target.quantities += [q for q, at in anchors.items() if _governs(tok, doc[at]) and q not in target.quantities]


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
    return bool(_clause_timexes(ctx, tok, tx_by_token)) or any(_governs(tok, ctx.doc[a]) for a in anchors.values())


#: prepositions that say where a protest takes place
WHERE_PREPS = frozenset({"in", "at", "outside", "near", "across", "throughout", "inside"})


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


def _drop_themes(drafts: list[Draft]) -> list[Draft]:
    """Nominal events that are the object of another event's act (see THEME_HOSTS); the host takes the
    participants and date it lacks from them ("launched an attack on Kyiv")."""
    by_token = {d.trigger.i: d for d in drafts}
    out = []
    for d in drafts:
        t = d.trigger
        if t.dep_ == "pobj":
            gov = t.head.head if t.head.dep_ == "prep" and t.head.lower_ in THEME_PREPS else t
            if gov.i not in by_token and gov.dep_ == "dobj":  # "pledged billions in support"
                gov = gov.head
        else:
            gov = t.head if t.dep_ in ("dobj", "attr", "xcomp") else t
        host = by_token.get(gov.i) if t.pos_ != "VERB" else None
        if host is None or host is d or host.negated or not (host.type in THEME_HOSTS or host.type == d.type):
            out.append(d)
            continue
        if not host.actors:
            host.actors = [a for a in d.actors if a not in host.recipients]
        if not host.recipients:
            host.recipients = [r for r in d.recipients if r not in host.actors]
        host.quantities = list(dict.fromkeys(host.quantities + d.quantities))
        host.date, host.date_range = host.date or d.date, host.date_range or d.date_range
    return out


def _corefer(ctx: DocContext, table: ActorTable, drafts: list[Draft]) -> list[Draft]:
    """One record per happening in an article. A later mention of an event already reported ("Rutte's visit",
    "the attack, which targeted ...") is the same event when it has the same type, way, polarity and tense, no
    participant in a role the first mention does not give them (a country stands for its leader: "Rutte's trip
    to Washington" after "Trump welcomed Rutte"), and no other date or place; it adds the date the first mention
    lacked. Mentions with another date ("By March, Rutte visited Washington") stay apart."""
    out: list[Draft] = []
    for d in drafts:
        first = next((o for o in out if _same_happening(table, ctx.kb.words("venues"), o, d)), None)
        if first is None:
            out.append(d)
            continue
        first.quantities = list(dict.fromkeys(first.quantities + d.quantities))
        if first.date is None and d.date is not None:
            first.date, first.date_range = d.date, d.date_range
        first.location = first.location or d.location
    return out


def _same_happening(table: ActorTable, venues: frozenset[str], a: Draft, b: Draft) -> bool:
    if a.type != b.type or a.negated != b.negated or not (b.actors or b.recipients):
        return False
    if not same_way(a.mode, b.mode):
        return False
    if (a.modality in ("future", "hypothetical")) != (b.modality in ("future", "hypothetical")):
        return False
    if a.date and b.date and not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return False
    if a.location and b.location and a.location != b.location and not {a.location.lower(), b.location.lower()} & venues:
        return False  # (a venue lies in its city: "the White House" and "Washington" agree)

    def within(part: list[int], whole: list[int]) -> bool:
        countries = {table.actors[w].country for w in whole} - {None}
        return all(p in whole or (table.actors[p].kind == "country" and table.actors[p].country in countries) for p in part)

    if (a.pattern.symmetric or a.mode in MODE_FAMILY) and (b.pattern.symmetric or b.mode in MODE_FAMILY):
        return within(b.actors + b.recipients, a.actors + a.recipients)
    return within(b.actors, a.actors) and within(b.recipients, a.recipients)


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


def _called_off(ctx: DocContext, table: ActorTable, drafts: list[Draft]) -> list[Draft]:
    """Planned events called off. "Trump's postponed summit with Putin" is a summit that will not happen as
    planned; "there had been plans for a second Trump-Putin summit. However, those plans were abruptly shelved"
    calls off the summit planned in the sentence before ("those plans", "it", "the summit"). PLOVER codes both as
    REJECT (CAMEO 125, refusing to meet or negotiate) between the planned event's participants."""
    words = ctx.kb.words("cancel_words")
    by_token = {d.trigger.i: d for d in drafts}
    out = list(drafts)
    for d in drafts:  # "the postponed summit", "a cancelled visit", "Trump postponed the summit"
        t = d.trigger
        if d.type == "CONSULT" and (any(c.dep_ == "amod" and c.lemma_.lower() in words for c in t.children) or (
                t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_.lower() in words)):
            d.modality = "future"  # it was planned; its calling off is the event
            out.append(_calling_off(d, t, list(d.actors), list(d.recipients)))
    for tok in ctx.doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in words or not _asserting_context(ctx, tok):
            continue
        target = next((c for c in tok.children if c.dep_ in ("nsubjpass", "dobj")), None)
        if target is None:
            continue
        if target.i in by_token:
            continue  # an event named right there: its calling off was added above
        planned = _planned_before(ctx, drafts, target)
        if planned is None or planned.type != "CONSULT":
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        actors = _arg_actors(ctx, table, subj) if subj is not None else []
        everyone = planned.actors + planned.recipients
        if actors:  # someone calls it off: the planned event's other side is who it is refused to
            out.append(_calling_off(planned, tok, actors, [a for a in everyone if a not in actors]))
        elif everyone:
            out.append(_calling_off(planned, tok, list(planned.actors), list(planned.recipients)))
    return sorted(out, key=lambda x: x.trigger.i)


def _calling_off(planned: Draft, trigger: Token, actors: list[int], recipients: list[int]) -> Draft:
    """A REJECT for calling off ``planned``. Without an agent, the first-named side of a meeting between equals
    ("a second Trump-Putin summit") calls it off with the other."""
    if not recipients and len(actors) > 1 and planned.pattern.symmetric:
        actors, recipients = actors[:1], actors[1:]
    pat = EventPattern(trigger.lemma_.lower(), "VERB", "", "REJECT", "125", f"call off {planned.mode}", False, ())
    return Draft(trigger=trigger, pattern=pat, type="REJECT", cameo="125", mode=pat.mode, actors=actors,
                 recipients=recipients, negated=_negated(trigger) if trigger.pos_ == "VERB" else False,
                 date=planned.date, date_range=planned.date_range)


def _planned_before(ctx: DocContext, drafts: list[Draft], target: Token) -> Draft | None:
    """The planned event an anaphor stands for: "those plans", "it", "the summit" -> the latest event in this or
    the previous sentence that was planned (future) or named under "plans"."""
    if target.lemma_.lower() not in ("plan", "it", "this", "that") and not any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that", "those", "these") for c in target.children):
        return None
    k = ctx.sent_of[target.i]
    for d in sorted(drafts, key=lambda x: -x.trigger.i):
        if d.trigger.i < target.i and ctx.sent_of[d.trigger.i] >= k - 1 and (
                d.modality == "future" or any(t.lemma_.lower() == "plan" for t in d.trigger.ancestors)):
            return d
    return None


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


def _share_roles(drafts: list[Draft]) -> None:
    """Participants one clause states for events that share it: "offered to negotiate with Armenia" (the offer is
    made to Armenia), "willing to send material to help defend Saudi Arabia", "donated and delivered goods to the
    college". An event without a recipient takes the recipients of an event in its infinitive or purpose clause or
    of a verb coordinated with it; one without an actor takes its coordinated verb's actor."""
    by_token = {d.trigger.i: d for d in drafts}
    for d in drafts:
        if d.recipients and d.actors:
            continue
        related = []
        for t in d.trigger.subtree:
            if t.i != d.trigger.i and t.i in by_token and _within_clause_chain(d.trigger, t):
                related.append(by_token[t.i])
        if d.trigger.dep_ == "conj" and d.trigger.head.i in by_token:
            related.append(by_token[d.trigger.head.i])
        for o in related:
            if not d.recipients and o.recipients:
                d.recipients = [r for r in o.recipients if r not in d.actors]
            if not d.actors and o.actors and d.trigger.dep_ == "conj":
                d.actors = list(o.actors)


def _within_clause_chain(top: Token, tok: Token) -> bool:
    """Whether ``tok`` hangs from ``top`` through infinitives, purpose clauses and coordination only."""
    t = tok
    for _ in range(5):
        if t.head.i == top.i:
            return t.dep_ in ("xcomp", "advcl", "conj", "ccomp")
        if t.dep_ not in ("xcomp", "advcl", "conj", "aux", "ccomp"):
            return False
        t = t.head
    return False


def _dedupe(ctx: DocContext, drafts: list[Draft]) -> list[Draft]:
    """One event per sentence, type and participants: "met ... at the meeting" is one meeting."""
    out: list[Draft] = []
    for d in drafts:
        key_parts = set(d.actors) | set(d.recipients)
        twin = next((o for o in out if ctx.sent_of[o.trigger.i] == ctx.sent_of[d.trigger.i] and o.type == d.type
                     and set(o.actors) | set(o.recipients) == key_parts and same_way(o.mode, d.mode)
                     and (o.modality == "future") == (d.modality == "future")), None)
        if twin is None:
            out.append(d)
        else:
            twin.quantities = list(dict.fromkeys(twin.quantities + d.quantities))
            twin.date = twin.date or d.date
            twin.date_range = twin.date_range or d.date_range
    return out


def to_records(ctx: DocContext, drafts: list[Draft], ids: dict[int, str]) -> list[Event]:
    out = []
    for k, d in enumerate(drafts):
        sent = ctx.sentence(d.trigger)
        out.append(Event(id=f"e{k + 1}", type=d.type, mode=d.mode, cameo=d.cameo,  # type: ignore[arg-type]
                         actor=[ids[a] for a in d.actors if a in ids], recipient=[ids[a] for a in d.recipients if a in ids],
                         date=d.date, date_range=d.date_range, location=d.location, negated=d.negated,
                         modality=d.modality, text=sent.text, start=sent.start_char, end=sent.end_char,  # type: ignore[arg-type]
                         quantities=d.quantities))
    return out
