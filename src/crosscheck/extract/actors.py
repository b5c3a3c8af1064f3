"""Actors: named entities merged per document, with kind, country, sector, roles and every mention.

One pass over spaCy's entities (corrected by the document's majority label and the gazetteer), one pass over the
tokens for names the entity recogniser missed, then titles and appositives for roles, then definite descriptions
("the NATO chief") and pronouns resolved to the actor they stand for.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from crosscheck.extract.context import DocContext
from crosscheck.knowledge import Knowledge, KnownActor, normalise_key
from crosscheck.model import Actor, Mention

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
TITLE_LINKS = {"of", "to", "for", "'s", "’s", "-", "the"}
LEADING_DROP = {"the", "a", "an"}


@dataclass
class ActorBuild:
    key: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    roles: list[str] = field(default_factory=list)
    affiliations: set[str] = field(default_factory=set)  # organisations and countries a person serves
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # start, end (chars), form
    tokens: set[int] = field(default_factory=set)
    known: KnownActor | None = None
    stated_country: bool = False

    def add_mention(self, span_start: int, span_end: int, form: str, tokens: range) -> None:
        self.mentions.append((span_start, span_end, form))
        self.tokens.update(tokens)

    def add_role(self, role: str) -> None:
        if role and role.lower() not in (r.lower() for r in self.roles):
            self.roles.append(role)


@dataclass
class ActorTable:
    """The actors of one document and, for every token inside a mention, the actor it belongs to."""

    actors: list[ActorBuild] = field(default_factory=list)
    by_key: dict[str, int] = field(default_factory=dict)
    token_actor: dict[int, int] = field(default_factory=dict)

    def get(self, key: str) -> ActorBuild | None:
        i = self.by_key.get(key)
        return self.actors[i] if i is not None else None

    def add(self, build: ActorBuild) -> int:
        self.by_key[build.key] = len(self.actors)
        self.actors.append(build)
        return len(self.actors) - 1

    def actor_of(self, token: Token) -> int | None:
        return self.token_actor.get(token.i)

    def mark(self, idx: int, start_tok: int, end_tok: int, start: int, end: int, form: str) -> None:
        a = self.actors[idx]
        a.add_mention(start, end, form, range(start_tok, end_tok))
        for i in range(start_tok, end_tok):
            self.token_actor.setdefault(i, idx)


def _clean(span: Span) -> Span | None:
    """Drops leading determiners and capitalised common words ("Recent Russian"), a trailing possessive, and
    anything past a line break from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    for t in span:
        if "\n" in t.text or (t.i > start and "\n" in doc[t.i - 1].whitespace_):
            end = t.i
            break
    while start < end and (doc[start].lower_ in LEADING_DROP or (doc[start].pos_ in ("ADJ", "ADV", "VERB", "NOUN")
                                                                   and end - start > 1 and doc[start].is_sent_start)):
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in ".":
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _hard_break(t: Token) -> bool:
    """A token no name runs across: a number or score, a bracket, a comma, a spaced dash ("Romania - Cosmin Contra",
    "Haitai 2 Samsung 0", "Scott Draper ( Australia")."""
    if t.like_num or any(ch.isdigit() for ch in t.text) or t.text in ("(", ")", "[", "]", ",", ";", "|", "/"):
        return True
    return t.text in ("-", "–", "—") and (bool(t.whitespace_) or (t.i > 0 and bool(t.doc[t.i - 1].whitespace_)))


def _split(span: Span, at: Callable[[Token], bool]) -> list[Span]:
    doc = span.doc
    out, cur = [], span.start
    for t in span:
        if at(t):
            if cur < t.i:
                out.append(doc[cur:t.i])
            cur = t.i + 1
    if cur < span.end:
        out.append(doc[cur:span.end])
    return out


_SCORE = re.compile(r"^\d+(?:[-–]\d+)?$")


SPORT_VERBS = frozenset({"beat", "defeat", "draw", "win", "lose", "play", "edge", "thrash", "trounce", "rout", "tie",
                         "overcome", "outplay", "score", "concede", "sign", "field"})


def _plays(span: Span) -> bool:
    """A town as the subject or object of a sports verb ("Leeds beat Newcastle"): the team."""
    root = span.root
    return root.dep_ in ("nsubj", "dobj") and root.head.lemma_.lower() in SPORT_VERBS


def _followed_by_score(span: Span) -> bool:
    doc = span.doc
    return span.end < len(doc) and bool(_SCORE.match(doc[span.end].text))


def _pieces(ctx: DocContext, span: Span) -> list[Span]:
    """The names in an entity span: split at numbers, brackets, commas and spaced dashes always; at a possessive
    ("Trump’s Oval Office") when each side is a name; at an unspaced hyphen ("Trump-Putin") only when each side is a
    name we know, so that "Anne-Gaelle Sidot" and "Chester-le-Street" stay whole."""
    out: list[Span] = []
    for chunk in _split(span, _hard_break):
        chunk = _clean(chunk)
        if chunk is None or not any(ch.isalpha() for ch in chunk.text):
            continue
        parts = _split(chunk, lambda t: t.tag_ == "POS")
        if len(parts) > 1 and (ctx.kb.country_code(chunk.text) or not all(_resolvable(ctx, p) for p in parts)):
            # (a name written with a possessive stays whole: "the Democratic People's Republic of Korea")
            parts = [chunk]
        for part in parts:
            pieces = _split(part, lambda t, first=part.start: t.text == "-" and t.whitespace_ == "" and t.i > first)
            if len(pieces) > 1 and all(_resolvable_known(ctx, p.text) for p in pieces):
                out.extend(pieces)
            else:
                out.append(part)
    return out


def extract(ctx: DocContext) -> ActorTable:
    doc = ctx.doc
    table = ActorTable()
    spans: list[tuple[Span, str]] = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        cleaned = _clean(ent)
        if cleaned is None or _in_heading(ctx, cleaned) or _part_of_title(ctx, cleaned):
            continue
        for p in _pieces(ctx, cleaned):
            if ent.label_ == "PERSON" and p.start > 0 and _INITIAL.match(doc[p.start - 1].text) and "\n" not in doc[p.start - 1].whitespace_:
                p = doc[p.start - 1:p.end]  # "H. Morris", the recogniser having kept "Morris"
            label = ent.label_
            if label in ("ORG", "GPE", "LOC", "FAC") and 2 <= len(p) <= 3 and _INITIAL.match(p[0].text) \
                    and all(t.text[:1].isupper() and t.is_alpha for t in p[1:]):
                label = "PERSON"  # an initial and a surname is a person's name whatever the recogniser guessed
            elif label in ("GPE", "LOC", "FAC") and (_followed_by_score(p) or _plays(p)) and not ctx.kb.country_code(p.text):
                label = "ORG"  # "Leicestershire 296", "Leeds 2 Newcastle 1": a town or county named by a score is its team
            spans.append((p, label))
    # the document's majority label for each name
    votes: dict[str, Counter] = {}
    for sp, label in spans:
        votes.setdefault(normalise_key(sp.text), Counter())[label] += 1
    full_names = {normalise_key(sp.text) for sp, _ in spans if len(sp) > 1}
    # "Brat" after "Dave Brat": a person's surname, whatever label the recogniser gave it elsewhere
    surnames = {normalise_key(sp[-1].text) for sp, label in spans if label == "PERSON" and len(sp) > 1}
    lone_persons = {normalise_key(sp.text) for sp, label in spans if label == "PERSON" and len(sp) == 1}
    for sp, label in spans:
        label = votes[normalise_key(sp.text)].most_common(1)[0][0] if label != "NORP" else label
        if len(sp) == 1 and label != "PERSON" and normalise_key(sp.text) in surnames and not _resolvable_known(ctx, sp.text):
            label = "PERSON"
        elif 2 <= len(sp) <= 3 and label == "ORG" and normalise_key(sp[-1].text) in lone_persons and sp[0].text.istitle() \
                and not _resolvable_known(ctx, sp.text):
            label = "PERSON"  # "Guy Forget" tagged ORG here and "Forget" PERSON there: a person
        _add_name(ctx, table, sp, label, full_names)
    _merge_short_names(table)
    _scan_missed_names(ctx, table)
    _scan_capitalised_places(ctx, table, full_names)
    _scan_initialled_names(ctx, table, full_names)
    for a in table.actors:
        if a.kind == "person":
            _person_details(ctx, table, a)
    _office_country(ctx, table)
    _nominals(ctx, table)
    _pronouns(ctx, table)
    _national_groups(ctx, table)
    _of_the_one_country(table)
    for a in table.actors:
        a.mentions.sort()
    return table


def _national_groups(ctx: DocContext, table: ActorTable) -> None:
    """People named by their nationality ("Croatian extremists", "five Panamanian army officers", "Bosnian Serbs",
    "thousands of Nigerians") are a group of that country, not the country itself: "Croatia is investigating
    crimes by Croatian extremists" is one side of a country acting on another of its own."""
    doc, kb = ctx.doc, ctx.kb
    people = kb.words("people_nouns")
    for tok in doc:
        if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
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


#: names of bodies above or across countries, which no one country's article makes its own
_INTERNATIONAL = re.compile(r"\b(International|United Nations|U\.N\.|UN|World|Global|Amnesty|Red Cross|Red Crescent|"
                            r"League|Community|Organi[sz]ation of)\b")


def _of_the_one_country(table: ActorTable) -> None:
    """In an article that names one country only, the people, groups, organisations and places it names without
    a country of their own are of that country ("the Supreme Court" and "Alassane Ouattara" in an article about
    the Ivory Coast's elections, "Hutu rebels" against "Burundi's government", "Abidjan")."""
    countries = {a.country for a in table.actors
                 if a.mentions and a.country and (a.kind == "country" or a.key.startswith("group:"))}
    if len(countries) != 1:
        return
    only = next(iter(countries))
    for a in table.actors:
        if a.kind != "country" and a.country is None and a.mentions and a.known is None and a.sector != "IGO" \
                and not _INTERNATIONAL.search(a.name):
            a.country = only


_DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}\s+\d{4}-\d\d-\d\d$")


def _in_heading(ctx: DocContext, span: Span) -> bool:
    """Whether an unknown name sits in a heading line ("Key Milestones in 2025"): headings capitalise every word,
    so the recogniser's guesses there are noise. Known names are kept."""
    if _resolvable_known(ctx, span.text):
        return False
    line = ctx.line(span.start_char, span.end_char)
    words = line.split()
    if not words or len(words) > 12 or line[-1:] in ".!?\"”:":
        return False
    # lists, tables and datelines ("1. Linford Christie ( Britain ) 38.87", "Hull 4 2 2 0 4 2 8",
    # "BELGRADE 1996-08-22") capitalise their names too, but they are not headings
    if any(c in line for c in ",()|") or sum(1 for w in words if any(ch.isdigit() for ch in w)) >= 2 or _DATELINE.match(line):
        return False
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return caps / len(words) >= 0.6


def _part_of_title(ctx: DocContext, span: Span) -> bool:
    """ "State" in "Secretary of State", "General" in "Secretary General": a word of a title, not a name."""
    doc = span.doc
    for k in (1, 2, 3):
        if span.start - k < 0:
            break
        if " ".join(t.lower_ for t in doc[span.start - k:span.end]) in ctx.kb.roles:
            return True
    return False


def _resolvable_known(ctx: DocContext, text: str) -> bool:
    return bool(ctx.kb.known(text) or ctx.kb.country_code(text) or ctx.kb.place(text))


def _resolvable(ctx: DocContext, span: Span) -> bool:
    t = span.text
    return bool(ctx.kb.known(t) or ctx.kb.country_code(t) or ctx.kb.place(t) or span[0].pos_ == "PROPN")


def _gazetteer_person(ctx: DocContext, text: str, label: str, full_names: set[str]) -> KnownActor | None:
    hits = [k for k in ctx.kb.known(text) if k.kind == "person"]
    if not hits:
        return None
    if len(text.split()) > 1:  # one full name for two people ("George Bush"): the one in office then, else the first
        current = [k for k in hits if ctx.pub and k.offices_on(ctx.pub)]
        return current[0] if len(current) == 1 else hits[0]
    # one word ("Johnson", "May"): with the full name in the document, or the one such person in office then,
    # or (as a PERSON) the only person of that name we know
    for k in hits:
        if normalise_key(k.name) in full_names or any(normalise_key(a) in full_names for a in k.aliases if " " in a):
            return k
    current = [k for k in hits if ctx.pub and k.offices_on(ctx.pub)]
    if len(current) == 1 and label != "NORP":
        return current[0]
    if label == "PERSON" and len(hits) == 1:
        return hits[0]
    return None


def _country_in_name(kb: Knowledge, span: Span) -> str | None:
    """The country an organisation's own name places it in ("Baghdad University" IRQ, "Bank of Japan" JPN,
    "the Lithuanian Parliament" LTU): a country, capital or demonym among its words, when there is exactly one."""
    found = {kb.country_code(t.text) for t in span if t.text[:1].isupper() and len(t.text) > 2} - {None}
    return found.pop() if len(found) == 1 else None


def _add_name(ctx: DocContext, table: ActorTable, sp: Span, label: str, full_names: set[str]) -> None:
    kb = ctx.kb
    text = sp.text
    key_text = normalise_key(text)
    form = "name"
    known = _gazetteer_person(ctx, text, label, full_names)
    org = None
    if known is None:
        orgs = [k for k in kb.known(text) if k.kind != "person"]
        org = orgs[0] if orgs else None
    iso = kb.country_by_name.get(key_text) or kb.country_by_capital.get(key_text)
    demonym = kb.country_by_demonym.get(key_text)
    place = kb.place(text)
    if known is not None:
        key, name, kind, country, sector = known.key, known.name, "person", known.country, known.sector
    elif org is not None:
        key, name, kind, country, sector = org.key, org.name, org.kind, org.country, org.sector
        known = org
    elif label == "NORP" and demonym:
        key, name, kind, country, sector, form = f"country:{demonym}", kb.countries[demonym].name, "country", demonym, None, "adjectival"
    elif iso and label in ("GPE", "LOC", "ORG", "PERSON", "NORP", "FAC"):
        key, name, kind, country, sector = f"country:{iso}", kb.countries[iso].name, "country", iso, None
    elif demonym and label not in ("PERSON",):
        # "Fijian rebels", "Ugandan" tagged as something else than NORP: still the country's adjective
        key, name, kind, country, sector, form = f"country:{demonym}", kb.countries[demonym].name, "country", demonym, None, "adjectival"
    elif place is not None:
        key, name, kind, country, sector = f"place:{normalise_key(place.name)}", place.name, "location", place.iso3, None
    elif label == "PERSON":
        # a surname two known people share ("Bush" between the presidencies) still names their common country
        shared = {k.country for k in kb.known(text) if k.kind == "person"}
        key, name, kind, country, sector = f"person:{key_text}", text, "person", shared.pop() if len(shared) == 1 else None, None
    elif label == "ORG":
        key, name, kind, country, sector = f"org:{key_text}", text, "organization", _country_in_name(kb, sp), None
    elif label == "NORP":
        key, name, kind, country, sector = f"group:{key_text}", text, "group", None, None
    else:
        key, name, kind, country, sector = f"place:{key_text}", text, "location", None, None
    idx = table.by_key.get(key)
    if idx is None:
        idx = table.add(ActorBuild(key=key, name=name, kind=kind, country=country, sector=sector, known=known))
    a = table.actors[idx]
    if kind == "person" and known is None and len(text) > len(a.name):
        a.name = text
    if any(table.token_actor.get(i) is not None for i in range(sp.start, sp.end)):
        return
    table.mark(idx, sp.start, sp.end, sp.start_char, sp.end_char, form)


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
    for tok in doc:
        if tok.i in table.token_actor or not tok.text[:1].isupper():
            continue
        for words, idx in sorted(first_words.get(tok.text, []), key=lambda x: -len(x[0])):
            end = tok.i + len(words)
            if end <= len(doc) and [t.text for t in doc[tok.i:end]] == words and not any(i in table.token_actor for i in range(tok.i, end)):
                table.mark(idx, tok.i, end, tok.idx, doc[end - 1].idx + len(doc[end - 1].text), "name")
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


_INITIAL = re.compile(r"^[A-Z]\.$")


def _scan_initialled_names(ctx: DocContext, table: ActorTable, full_names: set[str]) -> None:
    """People written with an initial ("P. Simmons", "M. Gatting"), common in wire copy and results, which the
    recogniser often misses: an initial followed by one or two capitalised words that are not a known place."""
    doc = ctx.doc
    for tok in doc[:-1]:
        if not _INITIAL.match(tok.text) or tok.i in table.token_actor or (tok.i > 0 and _INITIAL.match(doc[tok.i - 1].text)):
            continue
        end = tok.i + 1
        while end < len(doc) and end - tok.i <= 2 and doc[end].is_alpha and doc[end].text[:1].isupper() \
                and not doc[end].is_upper and doc[end].i not in table.token_actor \
                and not (doc[end].is_sent_start and end > tok.i + 1):  # the parser may split after the initial
            end += 1
        if end == tok.i + 1:
            continue
        span = doc[tok.i:end]
        if ctx.kb.country_code(span[1:].text) or ctx.kb.place(span[1:].text):
            continue
        _add_name(ctx, table, span, "PERSON", full_names)


# ------------------------------------------------------------------ titles, appositives, offices


def _title_tokens(ctx: DocContext, first: Token) -> list[Token]:
    """The tokens of a title written before a name: "U.S. Ambassador to NATO", "Russian Foreign Minister"."""
    doc = ctx.doc
    out: list[Token] = []
    i = first.i - 1
    while i >= 0:
        t = doc[i]
        low = t.lower_
        if t.is_sent_start and t.i != first.i - 1 and not (t.text[:1].isupper()):
            break
        if low in TITLE_LINKS and out or t.text[:1].isupper() and not t.is_punct and t.pos_ in ("PROPN", "NOUN", "ADJ") or low in ctx.kb.roles or any(r.startswith(low + " ") or r.endswith(" " + low) for r in _role_words(ctx)):
            out.insert(0, t)
        elif (out or first.lower_ in ctx.kb.roles) and t.is_lower and (t.pos_ == "ADJ" or t.tag_ in ("VBG", "VBN")):
            out.insert(0, t)  # "Lebanon's new President", "Jordan's visiting King"
        else:
            break
        if ctx.sent_of[i] != ctx.sent_of[first.i]:
            out.pop(0)
            break
        i -= 1
    # links and lowercase modifiers before the title proper ("new", "visiting") are not part of it
    while out and (out[0].lower_ in TITLE_LINKS or out[0].is_lower and out[0].pos_ != "NOUN"
                   and out[0].lower_ not in ctx.kb.roles and not any(r.startswith(out[0].lower_ + " ") for r in _role_words(ctx))):
        out.pop(0)
    return out


_ROLE_WORDS: set[str] = set()


def _role_words(ctx: DocContext) -> set[str]:
    if not _ROLE_WORDS:
        for term in ctx.kb.roles:
            _ROLE_WORDS.add(term)
    return _ROLE_WORDS


def find_roles(ctx: DocContext, tokens: list[Token]) -> tuple[list[str], set[str], str | None]:
    """Roles, affiliations (organisations, countries) and the first country named in a title's tokens."""
    kb = ctx.kb
    words = [t.text for t in tokens]
    lows = [w.lower() for w in words]
    roles: list[tuple[int, str]] = []
    affiliations: set[str] = set()
    country = None
    i = 0
    used = [False] * len(words)
    while i < len(words):
        hit = None
        for j in range(min(len(words), i + 5), i, -1):
            term = " ".join(lows[i:j])
            if term in kb.roles:
                hit = (j, kb.roles[term])
                break
        if hit:
            j, role = hit
            roles.append((role.rank, role.role))
            for k in range(i, j):
                used[k] = True
            i = j
        else:
            i += 1
    orgs: list[str] = []
    for k, w in enumerate(words):
        if used[k] or lows[k] in TITLE_LINKS:
            continue
        code = kb.country_code(w) or (kb.country_code(w + " " + words[k + 1]) if k + 1 < len(words) else None)
        if code:
            country = country or code
            affiliations.add(code)
            continue
        org = [a for a in kb.known(w) if a.kind != "person"]
        if org:
            orgs.append(org[0].name)
            affiliations.add(org[0].name)
    if not roles:
        return [], affiliations, country
    roles.sort(key=lambda r: -r[0])
    base = roles[0][1]
    after = " ".join(lows)
    named = base
    if orgs and not (" to " in after and after.index(" to ") < after.find(orgs[0].lower())):
        named = f"{base} of {orgs[0]}"
    elif orgs:
        named = f"{base} to {orgs[0]}"
    return [named] + [r for _, r in roles[1:]], affiliations, country


def _apply_roles(a: ActorBuild, roles: list[str], affs: set[str], country: str | None) -> None:
    """Roles the text states for a person (a title before the name, an appositive); a stated country wins."""
    for r in roles:
        a.add_role(r)
    a.affiliations |= affs
    if country and roles and not a.stated_country:
        a.country, a.stated_country = country, True


def _office_country(ctx: DocContext, table: ActorTable) -> None:
    """A national office holder the gazetteer does not know and the text gives no country ("Ousted President Askar
    Akayev has agreed to resign without returning to Kyrgyzstan") holds office in the one country that the sentence
    naming them places everything in; with two countries or none the country stays unknown."""
    for idx, a in enumerate(table.actors):
        if a.kind != "person" or a.country is not None or a.known is not None or a.sector not in ("GOV", "MIL"):
            continue
        first = min((s for s, _e, form in a.mentions if form == "name"), default=None)
        tok = ctx.token_at(first) if first is not None else None
        if tok is None:
            continue
        sent = ctx.sentence(tok)
        found = {table.actors[o].country for t in sent if (o := table.token_actor.get(t.i)) is not None and o != idx
                 and table.actors[o].kind in ("country", "location")}
        found.discard(None)
        if len(found) == 1:
            a.country = found.pop()


def _person_details(ctx: DocContext, table: ActorTable, a: ActorBuild) -> None:
    doc = ctx.doc
    for s, _e, form in list(a.mentions):
        if form != "name":
            continue
        first = doc.char_span(s, _e, alignment_mode="expand")
        if first is None:
            continue
        # a title the recogniser kept in the name counts with the words before it ("Jordan's visiting King Abdullah II")
        lead = list(itertools.takewhile(lambda t: t.lower_ in ctx.kb.roles, first[:-1]))
        title = _title_tokens(ctx, first[0]) + lead
        if title:
            _apply_roles(a, *find_roles(ctx, title))
        # appositive: "Mark Rutte, NATO's secretary general," / "Rutte, the NATO chief"
        head = first.root
        for child in head.children:
            if child.dep_ == "appos":
                _apply_roles(a, *find_roles(ctx, [t for t in child.subtree if t.i > head.i]))
    if a.known is not None:
        for o in a.known.offices_on(ctx.pub):
            org = ctx.kb.countries.get(o.of)
            a.add_role(o.role if org else f"{o.role} of {o.of}")
            a.affiliations.add(o.of)
        if a.country is None:
            a.country = a.known.country
    sectors = [ctx.kb.roles[r.split(" of ")[0].split(" to ")[0]].sector for r in a.roles if r.split(" of ")[0].split(" to ")[0] in ctx.kb.roles]
    if any(x for x in a.affiliations if x not in ctx.kb.countries and ctx.kb.known(x) and ctx.kb.known(x)[0].sector == "IGO") and any(r.split(" of ")[-1] in a.affiliations for r in a.roles if " of " in r):
        a.sector = "IGO"
    elif sectors:
        a.sector = sectors[0]
    elif a.known is not None:
        a.sector = a.known.sector


# ------------------------------------------------------------------ definite descriptions and pronouns


def _nominals(ctx: DocContext, table: ActorTable) -> None:
    """ "the NATO chief", "The Dutch leader", "the president", "the alliance" -> the actor they stand for."""
    doc, kb = ctx.doc, ctx.kb
    for tok in doc:
        if tok.lower_ != "the" or tok.i in table.token_actor:
            continue
        # the longest run of words after "the" that ends in a role noun or a known nominal
        end = tok.i + 1
        best = None
        while end < len(doc) and end - tok.i <= 5 and not doc[end].is_punct:
            phrase = doc[tok.i:end + 1]
            low = phrase.text.lower()
            if normalise_key(low) in kb.actor_by_nominal:
                best = (end + 1, "org", kb.actor_by_nominal[normalise_key(low)])
            elif doc[end].lower_ in kb.roles and kb.roles[doc[end].lower_].nominal:
                nxt = doc[end + 1] if end + 1 < len(doc) else None
                if nxt is None or nxt.pos_ != "PROPN":
                    best = (end + 1, "role", doc[end].lower_)
            end += 1
            if end < len(doc) and doc[end].lower_ in ("and", "or", "of"):
                break
        if best is None:
            continue
        stop, kind, what = best
        while stop > tok.i + 1 and doc[stop - 1].tag_ == "POS":
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
    recent: list[tuple[int, int, bool]] = []  # token index, actor index, was subject
    for tok in doc:
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


# ------------------------------------------------------------------ records


def to_records(ctx: DocContext, table: ActorTable) -> tuple[list[Actor], dict[int, str]]:
    """Actor records with ids a1, a2... in order of first mention, and the map from table index to id."""
    text = ctx.text
    order = sorted((i for i, a in enumerate(table.actors) if a.mentions), key=lambda i: table.actors[i].mentions[0][0])
    ids = {i: f"a{n + 1}" for n, i in enumerate(order)}
    out = []
    for i in order:
        a = table.actors[i]
        seen = set()
        mentions = []
        for s, e, f in a.mentions:
            if (s, e) in seen:
                continue
            seen.add((s, e))
            mentions.append(Mention(text=text[s:e], start=s, end=e, form=f))  # type: ignore[arg-type]
        out.append(Actor(id=ids[i], name=a.name, kind=a.kind, country=a.country, sector=a.sector,  # type: ignore[arg-type]
                         roles=list(a.roles), mentions=mentions))
    return out, ids
