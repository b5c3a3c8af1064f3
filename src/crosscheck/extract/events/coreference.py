"""Coreference of event mentions: one record per happening. Themes merge into their host act ("launched an
attack"), twins in one sentence merge, later mentions of a reported event join it, clauses share their
participants, and planned meetings called off become REJECT.
"""

from __future__ import annotations

from spacy.tokens import Token

from crosscheck.extract.actors import ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.extract.events.arguments import _arg_actors
from crosscheck.extract.events.draft import Draft
from crosscheck.extract.events.modality import _negated
from crosscheck.extract.events.triggers import _asserting_context
from crosscheck.knowledge import EventPattern
from crosscheck.model import MODE_FAMILY, same_way

#: Acts whose object is something sought, discussed, promised or refused, not something that happened: "pushing
#: for more robust support", "to discuss Ukraine support", "pledged billions in support" report one act (the
#: request, the talks, the pledge), not a second one. A host of the same type names the same act ("provides
#: support", "launched an attack").
THEME_HOSTS = {"REQUEST", "CONSULT", "AGREE", "REJECT", "THREATEN"}


#: Prepositions that introduce what an act is about ("push for support", "talks on missiles", "billions in aid").
THEME_PREPS = {"for", "on", "about", "over", "in"}


def _drop_themes(drafts: list[Draft]) -> list[Draft]:
    """Nominal events that are the object of another event's act (see THEME_HOSTS); the host takes the
    participants and date it lacks from them ("launched an attack on Kyiv")."""
    by_token = {d.trigger.i: d for d in drafts}
    out = []
    for d in drafts:
        t = d.trigger
        if t.dep_ == "pobj":
            gov = t.head.head if t.head.dep_ == "prep" and t.head.lower_ in THEME_PREPS else t
            if gov.i not in by_token and gov.dep_ == "dobj":  # "pledged billions in support"
                gov = gov.head
        else:
            gov = t.head if t.dep_ in ("dobj", "attr", "xcomp") else t
        host = by_token.get(gov.i) if t.pos_ != "VERB" else None
        if host is None or host is d or host.negated or not (host.type in THEME_HOSTS or host.type == d.type):
            out.append(d)
            continue
        if not host.actors:
            host.actors = [a for a in d.actors if a not in host.recipients]
        if not host.recipients:
            host.recipients = [r for r in d.recipients if r not in host.actors]
        host.quantities = list(dict.fromkeys(host.quantities + d.quantities))
        host.date, host.date_range = host.date or d.date, host.date_range or d.date_range
    return out


def _corefer(ctx: DocContext, table: ActorTable, drafts: list[Draft]) -> list[Draft]:
    """One record per happening in an article. A later mention of an event already reported ("Rutte's visit",
    "the attack, which targeted ...") is the same event when it has the same type, way, polarity and tense, no
    participant in a role the first mention does not give them (a country stands for its leader: "Rutte's trip
    to Washington" after "Trump welcomed Rutte"), and no other date or place; it adds the date the first mention
    lacked. Mentions with another date ("By March, Rutte visited Washington") stay apart."""
    out: list[Draft] = []
    for d in drafts:
        first = next((o for o in out if _same_happening(table, ctx.kb.words("venues"), o, d)), None)
        if first is None:
            out.append(d)
            continue
        first.quantities = list(dict.fromkeys(first.quantities + d.quantities))
        if first.date is None and d.date is not None:
            first.date, first.date_range = d.date, d.date_range
        first.location = first.location or d.location
    return out


def _same_happening(table: ActorTable, venues: frozenset[str], a: Draft, b: Draft) -> bool:
    if a.type != b.type or a.negated != b.negated or not (b.actors or b.recipients):
        return False
    if not same_way(a.mode, b.mode):
        return False
    if (a.modality in ("future", "hypothetical")) != (b.modality in ("future", "hypothetical")):
        return False
    if a.date and b.date and not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return False
    if a.location and b.location and a.location != b.location and not {a.location.lower(), b.location.lower()} & venues:
        return False  # (a venue lies in its city: "the White House" and "Washington" agree)

    def within(part: list[int], whole: list[int]) -> bool:
        countries = {table.actors[w].country for w in whole} - {None}
        return all(p in whole or (table.actors[p].kind == "country" and table.actors[p].country in countries) for p in part)

    if (a.pattern.symmetric or a.mode in MODE_FAMILY) and (b.pattern.symmetric or b.mode in MODE_FAMILY):
        return within(b.actors + b.recipients, a.actors + a.recipients)
    return within(b.actors, a.actors) and within(b.recipients, a.recipients)


def _called_off(ctx: DocContext, table: ActorTable, drafts: list[Draft]) -> list[Draft]:
    """Planned events called off. "Trump's postponed summit with Putin" is a summit that will not happen as
    planned; "there had been plans for a second Trump-Putin summit. However, those plans were abruptly shelved"
    calls off the summit planned in the sentence before ("those plans", "it", "the summit"). PLOVER codes both as
    REJECT (CAMEO 125, refusing to meet or negotiate) between the planned event's participants."""
    words = ctx.kb.words("cancel_words")
    by_token = {d.trigger.i: d for d in drafts}
    out = list(drafts)
    for d in drafts:  # "the postponed summit", "a cancelled visit", "Trump postponed the summit"
        t = d.trigger
        if d.type == "CONSULT" and (any(c.dep_ == "amod" and c.lemma_.lower() in words for c in t.children) or (
                t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_.lower() in words)):
            d.modality = "future"  # it was planned; its calling off is the event
            out.append(_calling_off(d, t, list(d.actors), list(d.recipients)))
    for tok in ctx.tokens:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in words or not _asserting_context(ctx, tok):
            continue
        target = next((c for c in tok.children if c.dep_ in ("nsubjpass", "dobj")), None)
        if target is None:
            continue
        if target.i in by_token:
            continue  # an event named right there: its calling off was added above
        planned = _planned_before(ctx, drafts, target)
        if planned is None or planned.type != "CONSULT":
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        actors = _arg_actors(ctx, table, subj) if subj is not None else []
        everyone = planned.actors + planned.recipients
        if actors:  # someone calls it off: the planned event's other side is who it is refused to
            out.append(_calling_off(planned, tok, actors, [a for a in everyone if a not in actors]))
        elif everyone:
            out.append(_calling_off(planned, tok, list(planned.actors), list(planned.recipients)))
    return sorted(out, key=lambda x: x.trigger.i)


def _calling_off(planned: Draft, trigger: Token, actors: list[int], recipients: list[int]) -> Draft:
    """A REJECT for calling off ``planned``. Without an agent, the first-named side of a meeting between equals
    ("a second Trump-Putin summit") calls it off with the other."""
    if not recipients and len(actors) > 1 and planned.pattern.symmetric:
        actors, recipients = actors[:1], actors[1:]
    pat = EventPattern(trigger.lemma_.lower(), "VERB", "", "REJECT", "125", f"call off {planned.mode}", False, ())
    return Draft(trigger=trigger, pattern=pat, type="REJECT", cameo="125", mode=pat.mode, actors=actors,
                 recipients=recipients, negated=_negated(trigger) if trigger.pos_ == "VERB" else False,
                 date=planned.date, date_range=planned.date_range)


def _planned_before(ctx: DocContext, drafts: list[Draft], target: Token) -> Draft | None:
    """The planned event an anaphor stands for: "those plans", "it", "the summit" -> the latest event in this or
    the previous sentence that was planned (future) or named under "plans"."""
    if target.lemma_.lower() not in ("plan", "it", "this", "that") and not any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that", "those", "these") for c in target.children):
        return None
    k = ctx.sent_of[target.i]
    for d in sorted(drafts, key=lambda x: -x.trigger.i):
        if d.trigger.i < target.i and ctx.sent_of[d.trigger.i] >= k - 1 and (
                d.modality == "future" or any(t.lemma_.lower() == "plan" for t in d.trigger.ancestors)):
            return d
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
                     and set(o.actors) | set(o.recipients) == key_parts and same_way(o.mode, d.mode)
                     and (o.modality == "future") == (d.modality == "future")), None)
        if twin is None:
            out.append(d)
        else:
            twin.quantities = list(dict.fromkeys(twin.quantities + d.quantities))
            twin.date = twin.date or d.date
            twin.date_range = twin.date_range or d.date_range
    return out
