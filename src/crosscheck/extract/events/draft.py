"""The draft of one event while its trigger's roles, modality and date are decided."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from crosscheck.knowledge import EventPattern

SUBJ = ("nsubj", "nsubjpass")


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
