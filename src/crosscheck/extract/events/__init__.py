"""Events: who did what to whom, when and where, in PLOVER's 16 types with CAMEO codes.

A trigger is a verb or noun from ``knowledge/event_patterns.tsv``. Its roles come from the dependency parse:
subject or agent (the actor), object, dative or the pattern's prepositions (the recipient); for a noun, its
possessor and adjectives ("Trump's call", "a Russian drone attack") and its prepositions ("with Putin", "on Kyiv").
A definite noun with no participants of its own ("the meeting") takes those of the last event with the same
trigger. Negation, modality (future, hypothetical, reported) and the date of the clause complete the record.

The steps live in modules of their own: ``triggers`` (which words report an act), ``arguments``, ``verb_roles``
and ``noun_roles`` (who acts and on whom), ``modality`` (negation, tense, intent), ``dating`` (when) and
``coreference`` (one record per happening); ``demands`` adds the demands reported speech makes. :func:`extract` runs them in order.
"""

from __future__ import annotations

from spacy.tokens import Token

from crosscheck.extract.actors import ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.extract.events.coreference import _called_off, _corefer, _dedupe, _drop_themes, _share_roles
from crosscheck.extract.events.dating import _date, calendar_of
from crosscheck.extract.events.demands import demands
from crosscheck.extract.events.draft import Draft
from crosscheck.extract.events.modality import (
    INTENT_TO_AGREE,
    INTENT_TO_THREATEN,
    POSITIVE_TO_REJECT,
    _modality,
    _negated,
    _on_condition,
)
from crosscheck.extract.events.noun_roles import (
    _agent_of_governing_verb,
    _agent_of_relative_clause,
    _noun_recipients_beyond,
    _noun_roles,
    _own_actors,
    _protested_state,
)
from crosscheck.extract.events.triggers import (
    _asserting_context,
    _disposition,
    _generic,
    _governs,
    _has_agent,
    _heading,
    _location,
    _outcome_of,
    _pattern_for,
    _specific,
    _subjectless_finite,
    _venue,
)
from crosscheck.extract.events.verb_roles import _actors_verb, _recipients_verb
from crosscheck.extract.timexes import Found
from crosscheck.model import Event, Quantity

__all__ = ["Draft", "calendar_of", "extract", "to_records"]


def extract(ctx: DocContext, table: ActorTable, timexes: list[Found], quantities: list[Quantity],
            anchors: dict[str, int]) -> list[Draft]:
    doc = ctx.doc
    dtok = ctx.tokens
    tx_by_token: dict[int, Found] = {}
    for f in timexes:
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is not None:
            tx_by_token[span.root.i] = f
    lead_end = ctx.text.find("\n")
    lead_end = len(ctx.text) if lead_end < 0 else lead_end
    drafts: list[Draft] = []
    last_by_lemma: dict[str, Draft] = {}
    for tok in dtok:
        pat = _pattern_for(ctx, tok)
        if pat is None or not _asserting_context(ctx, tok) or _disposition(ctx, tok):
            continue
        d = Draft(trigger=tok, pattern=pat, type=pat.type, cameo=pat.cameo, mode=pat.mode)
        kind_only = False
        if tok.pos_ == "VERB" and _subjectless_finite(tok):
            # "a day after a Russian missile strike on Odesa killed 12" parsed with "killed" hanging from "met":
            # the killing is the strike named just before it, which takes its counts
            _take_counts(next((o for o in reversed(drafts) if o.type == d.type and ctx.sent_of[o.trigger.i] == ctx.sent_of[tok.i]), None),
                         tok, anchors)
            continue
        if (outcome := _outcome_of(drafts, tok, d.type)) is not None:
            _take_counts(outcome, tok, anchors)  # "was attacked by militiamen, killing 40": the attack's toll, not a second attack
            continue
        if tok.pos_ == "VERB":
            d.actors = _actors_verb(ctx, table, tok)
            d.recipients = _recipients_verb(ctx, table, tok, pat, d.actors)
        else:
            d.actors, d.recipients = _noun_roles(ctx, table, tok, pat)
            venue = _venue(ctx, table, pat, d.actors + d.recipients)
            if venue is not None:  # "the White House meeting": where it happened, not who met
                d.actors = [a for a in d.actors if a != venue[0]]
                d.recipients = [a for a in d.recipients if a != venue[0]]
                d.location = venue[1]
            definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
            if not d.actors and not d.recipients and definite and tok.lemma_.lower() in last_by_lemma:
                prev = last_by_lemma[tok.lemma_.lower()]
                d.actors, d.recipients = list(prev.actors), list(prev.recipients)
            elif not d.actors:
                d.actors = _agent_of_relative_clause(ctx, table, tok) or _agent_of_governing_verb(ctx, table, tok)
            agentive_object = tok.dep_ == "dobj" and tok.head.lemma_.lower() not in ctx.kb.words("non_agent_verbs")
            kind_only = _generic(tok) and tok.dep_ != "compound" and (
                _own_actors(ctx, table, tok) or not d.actors or not agentive_object)
        d.actors = [a for a in d.actors if table.actors[a].kind != "location"]  # places are not agents
        d.recipients = [r for r in d.recipients if r not in d.actors]
        if tok.pos_ != "VERB" and not d.recipients:
            d.recipients = _noun_recipients_beyond(ctx, table, tok, pat, d.actors)
        if d.type == "PROTEST" and not d.recipients:
            d.recipients = _protested_state(table, tok, d.actors)
        specific = (not d.actors or kind_only) and _specific(ctx, tok, tx_by_token, anchors)
        if not d.actors and not (d.recipients and (specific or _has_agent(tok))):
            continue  # no one acts: "providing Ukraine with guarantees", "negotiations with Moscow"
        if kind_only and not d.recipients and len(d.actors) < 2 and not specific:
            continue  # "Russian strikes intensifying", "Western aid": a kind of act, not one that happened
        d.negated = _negated(tok)
        d.modality = _modality(ctx, tok)
        if d.negated and d.type in POSITIVE_TO_REJECT:
            d.type, d.cameo, d.mode, d.negated = "REJECT", "12", f"refuse {pat.mode}", False
        elif d.modality in ("future", "hypothetical") and not d.negated and d.type in INTENT_TO_AGREE | INTENT_TO_THREATEN \
                and _on_condition(tok):
            d.type, d.cameo, d.mode = "THREATEN", "13", f"threaten {pat.mode}"  # "will withdraw unless ..."
        elif d.modality in ("future", "hypothetical") and not d.negated and d.type in INTENT_TO_AGREE:
            d.type, d.cameo, d.mode = "AGREE", "03", f"intend {pat.mode}"
        elif d.modality in ("future", "hypothetical") and not d.negated and d.type in INTENT_TO_THREATEN:
            d.type, d.cameo, d.mode = "THREATEN", "13", f"threaten {pat.mode}"
        _date(ctx, d, tx_by_token, tok.idx < lead_end)
        d.location = _location(ctx, table, tok) or d.location
        for qid, anchor in anchors.items():
            if _governs(tok, dtok[anchor]):
                d.quantities.append(qid)
        drafts.append(d)
        last_by_lemma[tok.lemma_.lower()] = d
    for d in demands(ctx, table):  # "Russia said Sudan must return the helicopter"
        _date(ctx, d, tx_by_token, d.trigger.idx < lead_end)
        drafts.append(d)
    drafts.sort(key=lambda x: x.trigger.i)
    _share_roles(drafts)
    drafts = _called_off(ctx, table, drafts)
    drafts = [d for d in drafts if not _heading(ctx, d.trigger)]  # a title names what its section reports
    return _corefer(ctx, table, _dedupe(ctx, _drop_themes(drafts)))


def _take_counts(target: Draft | None, tok: Token, anchors: dict[str, int]) -> None:
    """The counts ``tok`` governs go to ``target``, the event it is another word for."""
    if target is not None:
        doc = tok.doc
        target.quantities += [q for q, at in anchors.items() if _governs(tok, doc[at]) and q not in target.quantities]


def to_records(ctx: DocContext, drafts: list[Draft], ids: dict[int, str]) -> list[Event]:
    out = []
    for k, d in enumerate(drafts):
        sent = ctx.sentence(d.trigger)
        out.append(Event(id=f"e{k + 1}", type=d.type, mode=d.mode, cameo=d.cameo,  # type: ignore[arg-type]
                         actor=[ids[a] for a in d.actors if a in ids], recipient=[ids[a] for a in d.recipients if a in ids],
                         date=d.date, date_range=d.date_range, location=d.location, negated=d.negated,
                         modality=d.modality, text=sent.text, start=sent.start_char, end=sent.end_char,  # type: ignore[arg-type]
                         quantities=d.quantities))
    return out
