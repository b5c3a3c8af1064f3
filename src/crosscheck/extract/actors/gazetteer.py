"""Gazetteer lookups: what a name stands for (a known person, organisation, country, demonym or place) and which
country an actor belongs to when the text does not say (its name, its office, the one country of the article).
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from crosscheck.extract.actors.table import ActorBuild, ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.knowledge import Knowledge, KnownActor, normalise_key

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
    if label == "TEAM":  # a town named by a score or a standings row is its team ("Chicago 4 HOUSTON 3")
        key, name, kind, country, sector = f"org:{key_text}", text, "organization", None, None
        known = None
    elif label == "SURNAME":  # the surname of a person named in full in the document, whatever else it names
        key, name, kind, country, sector = f"person:{key_text}", text, "person", None, None
        known = None
    elif known is not None:
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
