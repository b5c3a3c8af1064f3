"""The actor table of one document: each actor being built, and the actor every mention token belongs to."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from crosscheck.knowledge import KnownActor

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
