"""Demands in reported speech: "Russia said that Sudan must return the helicopter" reports a demand (PLOVER
REQUEST, CAMEO 10) by the speaker on the one who must act, whatever the act demanded. A speech verb whose
reported clause has a deontic modal ("must", "should", "ought to") and a subject other than the speaker is the
trigger; the clause's own act, if any, stays an event of its own.
"""

from __future__ import annotations

from crosscheck.extract.actors import ActorTable
from crosscheck.extract.context import DocContext
from crosscheck.extract.events.arguments import _arg_actors, _subject_up
from crosscheck.extract.events.draft import SUBJ, Draft
from crosscheck.extract.events.modality import _modality
from crosscheck.extract.events.triggers import _asserting_context
from crosscheck.knowledge import EventPattern

#: modals that lay an obligation on the subject of their clause
DEONTIC = frozenset({"must", "should", "ought"})


def demands(ctx: DocContext, table: ActorTable) -> list[Draft]:
    """A REQUEST draft for each speech verb that reports an obligation laid on someone else."""
    out: list[Draft] = []
    speech = ctx.kb.words("speech_verbs")
    for tok in ctx.tokens:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in speech or not _asserting_context(ctx, tok):
            continue
        for clause in tok.children:
            if clause.dep_ != "ccomp" or not any(a.dep_ == "aux" and a.lower_ in DEONTIC for a in clause.children):
                continue
            obliged = next((c for c in clause.children if c.dep_ in SUBJ), None)
            if obliged is None:
                continue
            speaker = _subject_up(tok)
            actors = _arg_actors(ctx, table, speaker) if speaker is not None and speaker.i != obliged.i else []
            actors = [a for a in actors if table.actors[a].kind != "location"]
            recipients = [a for a in _arg_actors(ctx, table, obliged) if a not in actors]
            if not recipients:
                continue  # "Israel said it must defend itself", "the talks must resume": no one else is asked
            pat = EventPattern(tok.lemma_.lower(), "VERB", "", "REQUEST", "100", "demand", False, ())
            out.append(Draft(trigger=tok, pattern=pat, type="REQUEST", cameo="100", mode="demand", actors=actors,
                             recipients=recipients, modality=_modality(ctx, tok)))
            break
    return out
