"""The data model: articles, actors with mentions, events, quotes, quantities, timexes, stories, briefs.

These classes are the public contract described in ``../shared/eval/README.md``: an :class:`Extraction`
serialises to exactly the extraction object that document shows, a :class:`Story` to a line of the stories
JSON Lines, a :class:`Brief` to a story's brief. ``schema/extraction.schema.json`` is generated from them
(``crosscheck schema``) and a test fails when the file in the repository is stale.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ActorKind = Literal["person", "organization", "country", "location", "group"]
MentionForm = Literal["name", "nominal", "adjectival", "pronoun"]
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]
Modality = Literal["asserted", "future", "hypothetical", "reported"]
TimexType = Literal["date", "time", "duration", "set"]
ConflictKind = Literal["number", "date", "temporal", "polarity", "attribution", "wording", "self-claim"]
ClaimModality = Literal["happened", "upcoming", "hypothetical"]
FactKind = Literal["event", "quote", "statement", "quantity", "claim"]
CellStatus = Literal["reported", "silent", "contradicts"]


class Record(BaseModel):
    """Base of every record: no unknown fields, JSON out with every key present."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(Record):
    """A piece of an article's text with its character offsets (Python string indices)."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Article(Record):
    """An input article. ``text`` is kept exactly as read: every offset points into it."""

    id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = "en"
    author: str | None = None
    #: where the article was read from: a file, a line of a file, a URL (not part of its extraction)
    source: str | None = None
    text: str

    @property
    def word_count(self) -> int:
        return count_words(self.text)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def meta(self) -> ArticleMeta:
        return ArticleMeta(id=self.id, title=self.title, outlet=self.outlet, url=self.url,
                           published=self.published, language=self.language, word_count=self.word_count)


class ArticleMeta(Record):
    """The ``article`` object of an extraction: the article without its text."""

    id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = "en"
    word_count: int = 0


class Mention(Span):
    form: MentionForm = "name"


class Actor(Record):
    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    roles: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


#: Modes that name one way of meeting: a visit, a meeting and a summit between the same people can be one
#: happening written in other words; a phone call is another way, and so another happening.
MODE_FAMILY = {"visit": "in person", "meet": "in person", "summit": "in person", "host": "in person",
               "talk": "in person", "negotiate": "in person", "consult": "in person"}


def same_way(a: str | None, b: str | None) -> bool:
    """Whether two event modes can describe one happening ("visit" and "meet" can; "phone" and "summit" cannot)."""
    return a == b or a is None or b is None or (a in MODE_FAMILY and MODE_FAMILY.get(a) == MODE_FAMILY.get(b))

class Event(Span):
    id: str
    type: EventType
    mode: str | None = None
    cameo: str | None = None
    actor: list[str] = Field(default_factory=list)
    recipient: list[str] = Field(default_factory=list)
    date: str | None = None
    date_range: list[str] | None = None
    location: str | None = None
    negated: bool = False
    modality: Modality = "asserted"
    quantities: list[str] = Field(default_factory=list)


class Quote(Span):
    id: str
    direct: bool = True
    speaker: str | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None


class Quantity(Span):
    id: str
    value: float | int
    qualifier: str | None = None
    unit: str | None = None
    category: str | None = None


class Timex(Span):
    id: str
    type: TimexType
    value: str


class Claim(Span):
    """One statement of fact an article makes: a sentence, or a clause of one where coordinated clauses state
    separate facts. ``source`` is who it is attributed to (an actor id; None with no ``source_text`` means the
    article states it itself), ``quote`` the quote record it comes from. ``actors``, ``quantities`` and ``timexes``
    are ids of the records inside it, ``dates`` the values of its dated time expressions."""

    id: str
    source: str | None = None
    source_text: str | None = None
    quote: str | None = None
    actors: list[str] = Field(default_factory=list)
    quantities: list[str] = Field(default_factory=list)
    timexes: list[str] = Field(default_factory=list)
    dates: list[str] = Field(default_factory=list)
    negated: bool = False
    modality: ClaimModality = "happened"


class Extraction(Record):
    """Everything crosscheck extracts from one article."""

    article: ArticleMeta
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    timexes: list[Timex] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> Extraction:
        return cls.model_validate_json(text)

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)


class Story(Record):
    id: str
    title: str | None = None
    articles: list[str]
    first_published: str | None = None
    last_published: str | None = None


# ------------------------------------------------------------------ the brief


class Evidence(Span):
    article: str


class TimelineEntry(Record):
    date: str | None
    date_range: list[str] | None = None
    precision: Literal["day", "week", "month", "year", "range", "unknown"] = "unknown"
    type: str
    summary: str
    articles: list[str]
    evidence: list[Evidence] = Field(default_factory=list)


class Fact(Record):
    kind: FactKind
    summary: str
    evidence: list[Evidence]


class OnlyIn(Fact):
    article: str


class Conflict(Record):
    kind: ConflictKind
    summary: str
    sides: list[Evidence]


class SourceEvidence(Record):
    named_attribution_share: float = 0.0
    direct_quotes_named: int = 0
    vague_sourcing: int = 0
    first_person: int = 0
    boilerplate_sections: int = 0
    failed_self_claims: int = 0


class SourceCard(Record):
    article: str
    outlet: str | None = None
    title: str | None = None
    score: float
    evidence: SourceEvidence
    #: the article this one repeats (a near-duplicate: the same agency copy run by another outlet), if any
    copy_of: str | None = None


class QuoteEntry(Record):
    speaker: str
    text: str
    articles: list[str]
    evidence: list[Evidence]


class FactCell(Record):
    """What one article of a story says of a fact: it reports it, stays silent, or contradicts it."""

    article: str
    status: CellStatus
    evidence: list[Evidence] = Field(default_factory=list)


class FactRow(Record):
    """A row of the fact x source matrix: one fact, and a cell for every article of the story (in story order)."""

    id: str
    kind: FactKind
    summary: str
    cells: list[FactCell]


class Brief(Record):
    story: Story
    summary: str
    timeline: list[TimelineEntry] = Field(default_factory=list)
    agreements: list[Fact] = Field(default_factory=list)
    only_in: list[OnlyIn] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    quotes: list[QuoteEntry] = Field(default_factory=list)
    numbers: list[Fact] = Field(default_factory=list)
    sources: list[SourceCard] = Field(default_factory=list)
    facts: list[FactRow] = Field(default_factory=list)


# ------------------------------------------------------------------ helpers

_WORD = re.compile(r"[^\W_]+(?:(?:['’.-]+|(?<=\d),(?=\d))[^\W_]+)*", re.UNICODE)


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, with inner apostrophes and hyphens."""
    return len(_WORD.findall(text))


def normalise_text(text: str) -> str:
    """Case-, quote- and space-folded text, for hashing and comparing."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "—": "-", "–": "-"}))
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=64)
def content_hash(text: str) -> str:
    """The identity of an article's content: the same text, however spaced or cased, hashes the same."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def json_schema() -> dict:
    """The JSON Schema of the public records (extraction, story, brief), as one document."""
    defs: dict = {}
    out: dict = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "crosscheck", "oneOf": []}
    for cls in (Extraction, Story, Brief, Article):
        s = cls.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(s.pop("$defs", {}))
        defs[cls.__name__] = s
        out["oneOf"].append({"$ref": f"#/$defs/{cls.__name__}"})
    out["$defs"] = dict(sorted(defs.items()))
    return out


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
