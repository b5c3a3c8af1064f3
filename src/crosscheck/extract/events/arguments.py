"""Arguments: the actors a role filler stands for (a name, its conjuncts, the actor named in its modifiers, a
pronoun's antecedent), and the objects of prepositions and noun phrases around a trigger.
"""

from __future__ import annotations

from spacy.tokens import Token

from crosscheck.extract.actors import ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.extract.events.draft import SUBJ

PRONOUN_ANY = {"it", "they", "them", "its", "their", "we", "us", "our"}


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
            preps = ("of", "from", "in", "inside", "throughout", "across") if tok.lemma_.lower() in ctx.kb.words("people_nouns") else ("of", "from")
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


#: prepositions that say where a protest takes place
WHERE_PREPS = frozenset({"in", "at", "outside", "near", "across", "throughout", "inside"})
