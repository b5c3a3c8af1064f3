"""Who someone is, as two sources state it: identity facts from the roles articles give the people they name.

"NATO Secretary General Mark Rutte welcomed ..." in one article and "Rutte, NATO's secretary general, said ..." in
another state one background fact, that Rutte holds that office, inside sentences that otherwise say different
things, so claim similarity never links them. A role the extraction gives a named person, stated in two sources
(the role's words in a sentence that names the person), is an identity fact; its evidence is that sentence of
each source. Roles that name no particular office ("president", "leader") are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crosscheck.align.claimfacts import ClaimFact, ClaimItem
from crosscheck.model import Actor

_FILLER = frozenset({"of", "the", "for", "and", "to", "in", "on", "a", "an"})
#: one-word roles that name no particular office ("President Obama", "the group's leader"): every story has them,
#: so they are not a background fact worth stating; "vice president", "ambassador" or "prosecutor" are
GENERIC_ROLES = frozenset({"president", "leader", "head", "member", "official", "chair"})
#: how the text may write a role word the role table normalises
_WRITTEN = {"spokesperson": ("spokesperson", "spokesman", "spokeswoman")}


def role_words(role: str) -> list[str]:
    """The words of a role that a sentence must hold to state it ("secretary general of NATO": secretary, general,
    nato)."""
    return [w for w in re.findall(r"[^\W_]+", role.casefold()) if w not in _FILLER]


def _words_of(item: ClaimItem) -> frozenset[str]:
    """A claim's words, folded, without possessive endings ("NATO's" is "nato")."""
    return frozenset(re.findall(r"[^\W_]+", item.claim.text.casefold().replace("’s", "").replace("'s", "")))


def _states(item: ClaimItem, text: frozenset[str], actor: Actor, words: list[str]) -> bool:
    """Whether a claim names the person (by name, not a pronoun) and holds every word of the role."""
    named = any(m.form == "name" and item.claim.start <= m.start and m.end <= item.claim.end for m in actor.mentions)
    return named and all(any(v in text for v in _WRITTEN.get(w, (w,))) for w in words)


_SUFFIX = frozenset({"jr", "sr", "ii", "iii"})


def _surname(actor: Actor) -> str:
    words = [w for w in re.findall(r"[^\W_]+", actor.name.casefold()) if w not in _SUFFIX]
    return words[-1] if words else actor.name.casefold()


def identity_facts(items: Iterable[ClaimItem]) -> list[ClaimFact]:
    """One fact per person (by surname: "Joseph R. Biden Jr." and "Joe Biden") and role that two or more sources
    state, with the first sentence of each source that states it; its summary reads "Name, role"."""
    found: dict[tuple[str, str], dict[str, ClaimItem]] = {}
    names: dict[tuple[str, str], str] = {}
    people: dict[int, dict[str, Actor]] = {}  # per extraction: its people with roles, by id
    for it in items:
        by = people.get(id(it.ext))
        if by is None:
            by = people[id(it.ext)] = {a.id: a for a in it.ext.actors if a.kind == "person" and a.roles}
        ours = [by[aid] for aid in it.claim.actors if aid in by]
        if not ours:
            continue
        text = _words_of(it)
        for actor in ours:
            for role in actor.roles:
                words = role_words(role)
                if not words or words == [w for w in words if w in GENERIC_ROLES] or not _states(it, text, actor, words):
                    continue
                key = (_surname(actor), " ".join(words))
                found.setdefault(key, {}).setdefault(it.source, it)
                names.setdefault(key, f"{actor.name}, {role}")
    return [ClaimFact(items=list(per_source.values()), summary=names[key])
            for key, per_source in found.items() if len(per_source) > 1]
