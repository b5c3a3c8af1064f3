"""Actors: named entities merged per document, with kind, country, sector, roles and every mention.

One pass over spaCy's entities (corrected by the document's majority label and the gazetteer), one pass over the
tokens for names the entity recogniser missed, then titles and appositives for roles, then definite descriptions
("the NATO chief") and pronouns resolved to the actor they stand for.

The steps live in modules of their own: ``table`` (the records), ``names`` (which spans are names),
``gazetteer`` (what a name resolves to), ``scans`` (names the recogniser missed), ``roles`` (titles and offices)
and ``references`` (descriptions, pronouns and national groups). :func:`extract` runs them in order.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span

from crosscheck.extract.actors.cues import cued_names
from crosscheck.extract.actors.gazetteer import _add_name, _of_the_one_country, _office_country
from crosscheck.extract.actors.layout import add_layout_names, layout_names
from crosscheck.extract.actors.names import (
    _INITIAL,
    _clean,
    _followed_by_score,
    _in_heading,
    _part_of_title,
    _pieces,
    _plays,
    _resolvable_known,
)
from crosscheck.extract.actors.references import _national_groups, _nominals, _pronouns
from crosscheck.extract.actors.roles import _person_details, find_roles
from crosscheck.extract.actors.scans import (
    _merge_short_names,
    _scan_capitalised_places,
    _scan_initialled_names,
    _scan_missed_names,
)
from crosscheck.extract.actors.table import NAME_LABELS, ActorBuild, ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.knowledge import normalise_key
from crosscheck.model import Actor, Mention

__all__ = ["NAME_LABELS", "ActorBuild", "ActorTable", "extract", "find_roles", "to_records"]


def extract(ctx: DocContext) -> ActorTable:
    doc = ctx.doc
    dtok = ctx.tokens
    table = ActorTable()
    spans: list[tuple[Span, str]] = []
    layout = layout_names(ctx)  # names their layout decides
    cued = cued_names(ctx)  # names a classifying noun decides
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        cleaned = _clean(ent)
        if cleaned is None or _part_of_title(ctx, cleaned) or (
                (cleaned.start_char, cleaned.end_char) not in layout and _in_heading(ctx, cleaned)):
            continue
        for p in _pieces(ctx, cleaned):
            wider = next((k for k in layout if k[0] <= p.start_char and p.end_char <= k[1] and k != (p.start_char, p.end_char)), None)
            if wider is not None and (w := doc.char_span(*wider)) is not None:
                p = w  # the recogniser kept part of a name the layout gives whole ("Per [Tvedt] ( 75th )")
            if ent.label_ == "PERSON" and p.start > 0 and _INITIAL.match(dtok[p.start - 1].text) and "\n" not in dtok[p.start - 1].whitespace_:
                p = doc[p.start - 1:p.end]  # "H. Morris", the recogniser having kept "Morris"
            label = ent.label_
            if label in ("ORG", "GPE", "LOC", "FAC") and 2 <= len(p) <= 3 and _INITIAL.match(p[0].text) \
                    and all(t.text[:1].isupper() and t.is_alpha for t in p[1:]):
                label = "PERSON"  # an initial and a surname is a person's name whatever the recogniser guessed
            elif label in ("GPE", "LOC", "FAC") and (_followed_by_score(p) or _plays(p)) and not ctx.kb.country_code(p.text):
                label = "ORG"  # "Leicestershire 296", "Leeds 2 Newcastle 1": a town or county named by a score is its team
            elif label == "PERSON" and len(p) == 1 and p[0].tag_ in ("NNP", "JJ") and p.text.lower() in ctx.kb.country_by_demonym \
                    and not ctx.kb.known(p.text):  # (plural "Serbs", "Nigerians" are the people, a group of their own)
                label = "NORP"  # "banned Ugandan opposition candidates": a nationality, not a person
            label = layout.get((p.start_char, p.end_char), label)
            spans.append((p, label))
    # the document's majority label for each name
    votes: dict[str, Counter] = {}
    for sp, label in spans:
        if label != "TEAM":  # (a town's team in a results line says nothing of the town elsewhere)
            votes.setdefault(normalise_key(sp.text), Counter())[label] += 1
    full_names = {normalise_key(sp.text) for sp, _ in spans if len(sp) > 1}
    # "Brat" after "Dave Brat": a person's surname, whatever label the recogniser gave it elsewhere
    surnames = {normalise_key(sp[-1].text) for sp, label in spans if label == "PERSON" and len(sp) > 1}
    lone_persons = {normalise_key(sp.text) for sp, label in spans if label == "PERSON" and len(sp) == 1}
    for sp, own in spans:
        label = votes[normalise_key(sp.text)].most_common(1)[0][0] if own not in ("NORP", "TEAM") else own
        if len(sp) == 1 and label != "PERSON" and normalise_key(sp.text) in surnames and not _resolvable_known(ctx, sp.text):
            label = "PERSON"
        elif len(sp) == 1 and own == "PERSON" and normalise_key(sp.text) in surnames and not ctx.kb.known(sp.text):
            label = "SURNAME"  # "Washington" tagged a person after "MaliVai Washington": the player, not the capital
        elif 2 <= len(sp) <= 3 and label == "ORG" and normalise_key(sp[-1].text) in lone_persons and sp[0].text.istitle() \
                and not _resolvable_known(ctx, sp.text):
            label = "PERSON"  # "Guy Forget" tagged ORG here and "Forget" PERSON there: a person
        label = layout.get((sp.start_char, sp.end_char)) or cued.get((sp.start_char, sp.end_char), label)  # over the majority
        _add_name(ctx, table, sp, label, full_names)
    _merge_short_names(table)
    _scan_missed_names(ctx, table)
    _scan_capitalised_places(ctx, table, full_names)
    _scan_initialled_names(ctx, table, full_names)
    add_layout_names(ctx, table, cued | layout, full_names)
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
