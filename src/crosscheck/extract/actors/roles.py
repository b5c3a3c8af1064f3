"""Roles: titles before a name and appositives after it ("U.S. Ambassador to NATO", "Rutte, the NATO chief"), the
offices the gazetteer knows, and the sector they place a person in.
"""

from __future__ import annotations

import itertools

from spacy.tokens import Token

from crosscheck.extract.actors.table import TITLE_LINKS, ActorBuild, ActorTable
from crosscheck.extract.context import DocContext


def _title_tokens(ctx: DocContext, first: Token) -> list[Token]:
    """The tokens of a title written before a name: "U.S. Ambassador to NATO", "Russian Foreign Minister"."""
    dtok = ctx.tokens
    out: list[Token] = []
    i = first.i - 1
    while i >= 0:
        t = dtok[i]
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
