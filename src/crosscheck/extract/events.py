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
from crosscheck.model import Event, Quantity

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
        if not out:  # "the port of Odesa", "negotiators from Turkey and Ukraine"
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "from") and c.i > tok.i:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out.extend(_arg_actors(ctx, table, p, depth + 1))
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_arg_actors(ctx, table, c, depth))
    if not out and tok.lower_ in PRONOUN_ANY and tok.pos_ == "PRON":
        out.extend(_pronoun_group(ctx, table, tok))
    return list(dict.fromkeys(out))


def _pronoun_group(ctx: DocContext, table: ActorTable, tok: Token) -> list[int]:
    """ "it" / "they": the subject of the speech verb that reports the clause ("X announced that it had struck"),
    or for "they" the people named in the sentence before."""
    head = tok.head
    if head.dep_ == "ccomp" and head.head.lemma_.lower() in ctx.kb.words("speech_verbs"):
        subj = next((c for c in head.head.children if c.dep_ in SUBJ), None)
        if subj is not None and subj.i != tok.i:
            return _arg_actors(ctx, table, subj, 0)
    if tok.lower_ in ("they", "them", "their"):
        k = ctx.sent_of[tok.i]
        if k == 0:
            return []
        prev = ctx.sents[k - 1]
        seen = []
        for t in prev:
            a = table.token_actor.get(t.i)
            if a is not None and table.actors[a].kind == "person" and a not in seen:
                seen.append(a)
        return seen if len(seen) >= 2 else []
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
        if t.head.i == t.i or t.dep_ in ("pobj", "advcl", "relcl", "conj", "ccomp", "parataxis"):
            break
        t = t.head
    return "asserted"


def _recipients_verb(ctx: DocContext, table: ActorTable, tok: Token, pat: EventPattern) -> list[int]:
    out: list[int] = []
    passive = any(c.dep_ == "nsubjpass" for c in tok.children)
    for c in tok.children:
        if c.dep_ in ("dobj", "dative", "attr") or (passive and c.dep_ == "nsubjpass"):
            # "ruled out NATO membership for Ukraine": when the object is a thing, not an actor, the party it
            # concerns is the object's "for"/"to" phrase rather than a name modifying it
            if c.dep_ == "dobj" and table.token_actor.get(c.i) is None and c.pos_ == "NOUN":
                concerned = [a for p in c.children if p.dep_ == "prep" and p.lower_ in ("for", "to")
                             for o in p.children if o.dep_ == "pobj" for a in _arg_actors(ctx, table, o)]
                if concerned:
                    out.extend(concerned)
                    continue
            out.extend(_arg_actors(ctx, table, c))
    preps = set(pat.recipient_preps) | {"with"} if pat.symmetric else set(pat.recipient_preps)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend(_arg_actors(ctx, table, p))
        if c.dep_ == "prt":
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend(_arg_actors(ctx, table, p))
    if not out:  # the object's own prepositions: "ruled out NATO membership for Ukraine", "spoken by phone with Putin"
        for c in tok.children:
            if c.dep_ in ("dobj",) or (c.dep_ == "prep" and c.lower_ in ("by", "over", "via")):
                c = next((p for p in c.children if p.dep_ == "pobj"), c) if c.dep_ == "prep" else c
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in ("for", "to", "on", "against", "with"):
                        for o in p.children:
                            if o.dep_ == "pobj":
                                out.extend(_arg_actors(ctx, table, o))
    return out


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
    # a hyphenated pair written before the noun
    i = tok.i - 1
    while i >= 0 and (ctx.doc[i].text == "-" or table.token_actor.get(i) is not None) and tok.i - i <= 4:
        a = table.token_actor.get(i)
        if a is not None and a not in actors:
            actors.append(a)
        i -= 1
    preps = set(pat.recipient_preps) | {"with", "between", "to", "on", "against", "in", "of", "for"}

    def walk(t: Token, depth: int) -> None:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = _arg_actors(ctx, table, p)
                        if c.lower_ == "between":
                            actors.extend(found)
                        elif c.lower_ in ("in", "of") and pat.type != "ASSAULT" and not visit:
                            continue
                        else:
                            recips.extend(found)
            elif c.dep_ in ("acl", "relcl", "conj") and depth < 2 and (c.dep_ != "conj" or c.pos_ == "VERB"):
                walk(c, depth + 1)
                for o in c.children:
                    if o.dep_ == "dobj" and pat.type == "ASSAULT":
                        recips.extend(a for a in _arg_actors(ctx, table, o) if table.actors[a].kind != "person")

    walk(tok, 0)
    if pat.type == "ASSAULT" and not recips:  # "an attack killing six and injuring 18 in Kyiv": the place struck
        for t in tok.subtree:
            if t.dep_ == "prep" and t.lower_ in ("in", "on") and t.i > tok.i:
                for p in t.children:
                    if p.dep_ == "pobj":
                        recips.extend(a for a in _arg_actors(ctx, table, p) if table.actors[a].kind in ("location", "country"))
    return list(dict.fromkeys(actors)), list(dict.fromkeys(recips))


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
        if pat is None or not _asserting_context(ctx, tok):
            continue
        d = Draft(trigger=tok, pattern=pat, type=pat.type, cameo=pat.cameo, mode=pat.mode)
        if tok.pos_ == "VERB":
            d.actors = _actors_verb(ctx, table, tok)
            d.recipients = _recipients_verb(ctx, table, tok, pat)
        else:
            d.actors, d.recipients = _noun_roles(ctx, table, tok, pat)
            definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
            if not d.actors and not d.recipients and definite and tok.lemma_.lower() in last_by_lemma:
                prev = last_by_lemma[tok.lemma_.lower()]
                d.actors, d.recipients = list(prev.actors), list(prev.recipients)
            elif not d.actors:
                gov = tok.head
                for _ in range(3):
                    if gov.pos_ in ("VERB", "AUX"):
                        subj = _subject_up(gov)
                        if subj is not None and subj.i != tok.i:
                            d.actors = [a for a in _arg_actors(ctx, table, subj) if table.actors[a].kind != "location"]
                        break
                    if gov.head.i == gov.i:
                        break
                    gov = gov.head
        d.actors = [a for a in d.actors if table.actors[a].kind != "location"]  # places are not agents
        d.recipients = [r for r in d.recipients if r not in d.actors]
        if not d.actors and not d.recipients:
            continue
        d.negated = _negated(tok)
        d.modality = _modality(ctx, tok)
        if d.negated and d.type in POSITIVE_TO_REJECT:
            d.type, d.cameo, d.mode, d.negated = "REJECT", "12", f"refuse {pat.mode}", False
        elif d.modality in ("future", "hypothetical") and not d.negated and d.type in INTENT_TO_AGREE:
            d.type, d.cameo, d.mode = "AGREE", "03", f"intend {pat.mode}"
        elif d.modality in ("future", "hypothetical") and not d.negated and d.type in INTENT_TO_THREATEN:
            d.type, d.cameo, d.mode = "THREATEN", "13", f"threaten {pat.mode}"
        _date(ctx, d, tx_by_token, tok.idx < lead_end)
        d.location = _location(ctx, table, tok)
        for qid, anchor in anchors.items():
            if _governs(tok, doc[anchor]):
                d.quantities.append(qid)
        drafts.append(d)
        last_by_lemma[tok.lemma_.lower()] = d
    _share_roles(drafts)
    return _dedupe(ctx, drafts)


def _asserting_context(ctx: DocContext, tok: Token) -> bool:
    """Whether a trigger sits where a text reports something: not in a question ("Why is Trump meeting the NATO
    chief?") nor in a table row. (Dropping headings and noun modifiers as well was measured on the seeds: it cost
    recall of dated events and gained no precision, so they stay.)"""
    text = ctx.text
    line_start = text.rfind("\n", 0, tok.idx) + 1
    line_end = text.find("\n", tok.idx)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    if "|" in line:
        return False
    sent = ctx.sentence(tok)
    last = sent.text.rstrip(" \n\"”’'")
    return not last.endswith("?")


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
                            a is not None and table.actors[a].name in ("White House", "Kremlin", "Pentagon")):
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
                     and set(o.actors) | set(o.recipients) == key_parts), None)
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
