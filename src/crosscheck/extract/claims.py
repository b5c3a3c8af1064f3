"""Claims: every statement of fact an article makes, a sentence or a clause of one, with who it is attributed to.

A sentence is one claim unless it coordinates clauses that each have their own subject ("Grimm denied wrongdoing,
and his lawyer said he would fight"), or joins them with a semicolon: then each clause is a claim of its own. A
claim inside a quotation or reported speech is attributed to that quote's speaker; otherwise the article states it
itself. Its actors, quantities and time expressions are the records whose spans lie inside it; polarity and
modality come from its main predicate (for "X said that ...", the predicate of what was said): "will", "plans to",
"is expected to" make it upcoming, "would", "could", "may", "if" hypothetical. Headings, bylines and other lines
that state nothing are not claims.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from crosscheck.extract.context import DocContext
from crosscheck.model import Actor, Claim, ClaimModality, Quantity, Quote, Timex

SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
#: a clause needs at least this many words to be a claim of its own when a sentence is split
MIN_CLAUSE_WORDS = 4
FUTURE_AUX = frozenset({"will", "shall", "wo", "'ll"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "'d"})
#: verbs whose infinitive complement has not happened yet ("plans to file", "is expected to be indicted")
PROSPECTIVE = frozenset({"plan", "expect", "intend", "schedule", "set", "aim", "prepare", "hope", "vow", "promise",
                         "pledge", "threaten", "want", "seek", "propose", "consider", "go"})


def extract(ctx: DocContext, actors: list[Actor], quotes: list[Quote], quantities: list[Quantity],
            timexes: list[Timex]) -> list[Claim]:
    """The claims of one parsed article, in text order, with ids ``c1``, ``c2``, ..."""
    out: list[Claim] = []
    mentions = sorted((m.start, m.end, a.id) for a in actors for m in a.mentions)
    speech = ctx.kb.words("speech_verbs") | ctx.kb.words("direct_cue_verbs")
    for sent in ctx.sents:
        if not _states_something(ctx, sent):
            continue
        for clause, head in _clauses(sent):
            start, end = _trim(ctx.text, clause.start_char, clause.end_char)
            if end - start < 12:
                continue
            out.append(_claim(ctx, len(out) + 1, start, end, head, speech, mentions, quotes, quantities, timexes))
    return out


def _states_something(ctx: DocContext, sent: Span) -> bool:
    """A sentence with a verb and a few words; not a heading, a byline, a question or a caption line."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < MIN_CLAUSE_WORDS:
        return False
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return False
    last = next((t for t in reversed(sent) if not t.is_space and t.text not in "”’\"')"), None)
    if last is not None and last.text == "?":
        return False
    # a line of its own without closing punctuation and with few words is a heading or a caption
    text = sent.text.strip()
    own_line = "\n" not in text and ctx.line(sent.start_char) == text
    return not (own_line and len(words) < 12 and text[-1] not in ".!?”\"’:")


def _clauses(sent: Span) -> list[tuple[Span, Token]]:
    """The sentence, or its coordinated clauses when each has a subject of its own (and its semicolon parts)."""
    root = sent.root
    cuts: list[int] = []
    for c in root.children:
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and any(g.dep_ in SUBJECTS for g in c.children) \
                and c.i > root.i:
            cuts.append(c.left_edge.i)
        elif c.dep_ == "punct" and c.text == ";" and c.i + 1 < sent.end:
            cuts.append(c.i + 1)
    if not cuts:
        return [(sent, root)]
    doc = sent.doc
    parts: list[tuple[Span, Token]] = []
    bounds = [sent.start, *sorted(set(cuts)), sent.end]
    for a, b in zip(bounds, bounds[1:], strict=False):
        span = doc[a:b]
        # drop the conjunction and punctuation that joined the clause to the next one
        while len(span) > 1 and (span[-1].dep_ in ("cc", "punct") or span[-1].is_space) and span[-1].text not in ".!?":
            span = doc[span.start:span.end - 1]
        if sum(t.is_alpha for t in span) < MIN_CLAUSE_WORDS:
            return [(sent, root)]
        heads = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
        head = next((t for t in heads if t.pos_ in ("VERB", "AUX")), heads[0] if heads else span.root)
        parts.append((span, head))
    return parts


OPENING, CLOSING = "“\"‘'", "”\"’'"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Without surrounding space, and without a quotation mark the claim does not close (or open): a sentence of
    a quotation that runs over several sentences is shown as the words of that sentence."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    inner = text[start + 1:end]
    if start < end and text[start] in OPENING and not any(c in CLOSING for c in inner if c not in "'"):
        start += 1
    inner = text[start:end - 1]
    if end > start and text[end - 1] in "”\"" and not any(c in "“\"" for c in inner):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _predicate(head: Token, speech: frozenset[str]) -> Token:
    """The verb that carries what a clause states: for "X said (that) Y did Z", the verb of what was said."""
    if head.lemma_.lower() in speech:
        content = next((c for c in head.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ in ("VERB", "AUX")), None)
        if content is not None:
            return content
    return head


def _modality(pred: Token) -> ClaimModality:
    aux = {c.lower_ for c in pred.children if c.dep_ in ("aux", "auxpass")}
    if aux & FUTURE_AUX:
        return "upcoming"
    if aux & HYPOTHETICAL_AUX or any(c.dep_ == "advcl" and any(m.lower_ == "if" for m in c.children) for c in pred.children):
        return "hypothetical"
    lemma = pred.lemma_.lower()
    if lemma in PROSPECTIVE and any(c.dep_ == "xcomp" for c in pred.children) and (lemma != "go" or pred.lower_ == "going"):
        return "upcoming"
    return "happened"


def _claim(ctx: DocContext, n: int, start: int, end: int, head: Token, speech: frozenset[str],
           mentions: list[tuple[int, int, str]], quotes: list[Quote], quantities: list[Quantity],
           timexes: list[Timex]) -> Claim:
    pred = _predicate(head, speech)
    source, source_text, quote_id = None, None, None
    best = 0
    for q in quotes:
        overlap = min(end, q.end) - max(start, q.start)
        if overlap > 0 and overlap >= min(0.5 * (end - start), 0.8 * (q.end - q.start)) and overlap > best:
            best = overlap
            source, source_text, quote_id = q.speaker, q.speaker_text, q.id
    inside = [t for t in timexes if start <= t.start and t.end <= end]
    return Claim(
        id=f"c{n}", text=ctx.text[start:end], start=start, end=end, source=source,
        source_text=source_text if source is None else None, quote=quote_id,
        actors=list(dict.fromkeys(a for s, e, a in mentions if start <= s and e <= end)),
        quantities=[q.id for q in quantities if start <= q.start and q.end <= end],
        timexes=[t.id for t in inside],
        dates=[t.value for t in inside if t.type == "date" and t.value[:1].isdigit()],
        negated=any(c.dep_ == "neg" for c in pred.children) or any(c.dep_ == "neg" for c in head.children),
        modality=_modality(pred),
    )
