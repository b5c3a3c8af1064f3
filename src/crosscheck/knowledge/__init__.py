"""Curated knowledge, kept as data files beside this module and loaded once.

- ``countries.tsv``: ISO 3166 alpha-3 codes, demonyms, capitals (a capital stands for its government), names
  (pycountry adds the official ones).
- ``places.tsv``: cities and regions with the country they lie in.
- ``roles.tsv``: titles and role nouns, with the sector they imply.
- ``actors.yaml``: people with their offices and terms, organisations, outlets.
- ``event_patterns.tsv``: trigger verbs and nouns with PLOVER type, CAMEO code and mode.
- ``lexicon.tsv``: word lists (speech verbs, casualty words, qualifiers...).

Every file is written by us; :data:`KNOWLEDGE_VERSION` changes whenever one of them does in a way that changes
output, and is recorded with every stored extraction.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

import pycountry
import yaml

KNOWLEDGE_VERSION = "2026.11.9"


#: a compass word before a country's name makes a region of it ("South Lebanon", "Northern Iraq")
_REGION = re.compile(r"(?:north|south|east|west|northern|southern|eastern|western|central|north-?eastern|north-?western"
                     r"|south-?eastern|south-?western|upper|lower)\s+(.+)", re.I)


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    demonyms: tuple[str, ...]
    capital: str | None
    names: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    name: str
    iso3: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    term: str
    role: str
    sector: str
    rank: int
    nominal: bool


@dataclass(frozen=True)
class Office:
    role: str
    of: str
    start: date | None
    end: date | None

    def holds_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class KnownActor:
    """A gazetteer entry: a person or an organisation."""

    key: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...]
    nominals: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()

    def offices_on(self, day: date | None) -> list[Office]:
        return [o for o in self.offices if o.holds_on(day)]


@dataclass(frozen=True)
class EventPattern:
    lemma: str
    pos: str
    particle: str
    type: str
    cameo: str
    mode: str
    symmetric: bool
    recipient_preps: tuple[str, ...]
    #: Direct objects the sense needs ("recall" an ambassador); empty: any object.
    objects: frozenset[str] = frozenset()
    #: Direct objects that rule the sense out ("strike" a tone, a balance).
    not_objects: frozenset[str] = frozenset()

    def fits_object(self, lemma: str | None) -> bool:
        """Whether a verb with this direct object (lemma, or None) has this pattern's sense."""
        return (not self.objects or lemma in self.objects) and lemma not in self.not_objects


@dataclass
class Knowledge:
    countries: dict[str, Country] = field(default_factory=dict)
    country_by_name: dict[str, str] = field(default_factory=dict)  # lower name -> iso3
    country_by_demonym: dict[str, str] = field(default_factory=dict)  # lower demonym -> iso3
    country_by_capital: dict[str, str] = field(default_factory=dict)  # lower capital -> iso3
    places: dict[str, Place] = field(default_factory=dict)  # lower name or alias -> place
    roles: dict[str, Role] = field(default_factory=dict)  # lower term -> role
    actors: dict[str, KnownActor] = field(default_factory=dict)  # key -> entry
    actor_by_alias: dict[str, list[str]] = field(default_factory=dict)  # lower alias -> keys
    actor_by_nominal: dict[str, str] = field(default_factory=dict)  # lower nominal -> key
    event_patterns: dict[tuple[str, str], list[EventPattern]] = field(default_factory=dict)
    lexicon: dict[str, frozenset[str]] = field(default_factory=dict)

    # ---------------------------------------------------------------- look-ups

    def country_code(self, text: str) -> str | None:
        """ISO3 for a country's name, demonym or capital ("Russia", "Russian", "Moscow")."""
        t = _key(text)
        return self.country_by_name.get(t) or self.country_by_demonym.get(t) or self.country_by_capital.get(t)

    def place(self, text: str) -> Place | None:
        """A place below the country, or a country's region named by a compass word ("South Lebanon", "northern
        Iraq"); the places file wins ("Northern Ireland")."""
        found = self.places.get(_key(text))
        if found is None and (m := _REGION.fullmatch(text.strip())) and (iso := self.country_by_name.get(_key(m[1]))):
            found = Place(text.strip(), iso, ())
        return found

    def role(self, text: str) -> Role | None:
        return self.roles.get(text.lower().strip())

    def known(self, text: str) -> list[KnownActor]:
        return [self.actors[k] for k in self.actor_by_alias.get(_key(text), [])]

    def office_holder(self, role: str, of: str | None, day: date | None) -> KnownActor | None:
        """Who held ``role`` (of a country or organisation) on ``day``: "the president" in 2012 is Obama."""
        hits = [a for a in self.actors.values() for o in a.offices_on(day) if o.role == role and (of is None or o.of == of)]
        return hits[0] if len(hits) == 1 else None

    def patterns(self, lemma: str, pos: str) -> list[EventPattern]:
        return self.event_patterns.get((lemma.lower(), pos), [])

    def words(self, kind: str) -> frozenset[str]:
        return self.lexicon.get(kind, frozenset())


def _key(text: str) -> str:
    t = " ".join(text.replace("’", "'").split()).lower()
    if t.startswith("the "):
        t = t[4:]
    return t[:-2].strip() if t.endswith("'s") else t


def _rows(name: str) -> list[list[str]]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [(row + [""] * 9)[:9] for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(",") if x.strip())


def _date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@lru_cache(maxsize=1)
def load() -> Knowledge:
    """Loads every knowledge file once per process."""
    kb = Knowledge()
    for iso3, demonyms, capital, names, *_ in _rows("countries.tsv"):
        pc = pycountry.countries.get(alpha_3=iso3)
        official = [pc.name, getattr(pc, "common_name", None), getattr(pc, "official_name", None)] if pc else []
        all_names = tuple(dict.fromkeys(n for n in (*_split(names), *official) if n))  # our display name first
        kb.countries[iso3] = Country(iso3, all_names[0] if all_names else iso3, _split(demonyms), capital or None, all_names)
        for n in all_names:
            kb.country_by_name[_key(n)] = iso3
        for d in _split(demonyms):
            kb.country_by_demonym.setdefault(_key(d), iso3)  # a shared demonym is the first row's ("Congolese")
        if capital:
            kb.country_by_capital[_key(capital)] = iso3
    for pc in pycountry.countries:  # every other country by its plain names
        for n in (pc.name, getattr(pc, "common_name", None)):
            if n and _key(n) not in kb.country_by_name:
                kb.country_by_name[_key(n)] = pc.alpha_3
                kb.countries.setdefault(pc.alpha_3, Country(pc.alpha_3, n, (), None, (n,)))
    for name, iso3, aliases, *_ in _rows("places.tsv"):
        place = Place(name, iso3 or None, _split(aliases))
        for n in (name, *place.aliases):
            kb.places[_key(n)] = place
    for term, role, sector, rank, nominal, *_ in _rows("roles.tsv"):
        kb.roles[term.lower()] = Role(term.lower(), role, sector, int(rank), nominal == "yes")
    data = yaml.safe_load(resources.files(__package__).joinpath("actors.yaml").read_text(encoding="utf-8"))
    for p in data.get("people", []):
        offices = tuple(Office(o["role"], o["of"], _date(o.get("from")), _date(o.get("to"))) for o in p.get("offices", []))
        sector = "IGO" if any(o.of not in kb.countries for o in offices) else "GOV" if offices else None
        _add_actor(kb, KnownActor(p["name"], p["name"], "person", p.get("country"), sector,
                                  tuple(p.get("aliases") or ()), (), offices))
    for o in data.get("organizations", []):
        _add_actor(kb, KnownActor(o["name"], o["name"], o.get("kind", "organization"), o.get("country"), o.get("sector"),
                                  tuple(o.get("aliases") or ()), tuple(o.get("nominals") or ())))
    for lemma, pos, particle, etype, cameo, mode, symmetric, preps, objects in _rows("event_patterns.tsv"):
        objs = frozenset(o.lstrip("!") for o in _split(objects.lower()))
        ruled_out = objects.lstrip().startswith("!")  # "!tone,balance": objects that rule the sense out
        pat = EventPattern(lemma.lower(), pos, particle.lower(), etype, cameo, mode, symmetric == "yes", _split(preps),
                           frozenset() if ruled_out else objs, objs if ruled_out else frozenset())
        kb.event_patterns.setdefault((pat.lemma, pos), []).append(pat)
    for kind, words, *_ in _rows("lexicon.tsv"):
        kb.lexicon[kind] = frozenset(_split(words))
    return kb


def _add_actor(kb: Knowledge, actor: KnownActor) -> None:
    kb.actors[actor.key] = actor
    for alias in (actor.name, *actor.aliases):
        keys = kb.actor_by_alias.setdefault(_key(alias), [])
        if actor.key not in keys:
            keys.append(actor.key)
    for nominal in actor.nominals:
        kb.actor_by_nominal[_key(nominal)] = actor.key


normalise_key = _key
