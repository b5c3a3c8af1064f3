"""Quotes: direct quotations and reported speech, with the speaker resolved to an actor where possible.

Direct quotes come from quotation marks; the speaker is the subject of the cue verb next to them ("Rutte told
reporters", "he added", "As a senior U.S. official told Fox News"), or of the quote before them when a paragraph
goes on quoting the same person. Reported speech is the clause a speech verb governs ("X said that ...") or the
sentence "according to X" introduces; a noun can carry one too ("Trump's claim that ...", "her decision to ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from crosscheck.extract.actors import ActorTable
from crosscheck.extract.context import DocContext, quote_spans
from crosscheck.model import Quote, normalise_text

SUBJECTS = ("nsubj", "nsubjpass")
SPEAKER_EDGE = ",.;:“”\"' \n"
#: the kinds of actor that can speak (a place cannot)
SPEAKER_KINDS = ("person", "organization", "group", "country")


@dataclass
class Speaker:
    actor: int | None
    text: str | None
    start: int | None
    end: int | None
    cue: str | None


def _is_cue(ctx: DocContext, tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    return (tok.pos_ in ("VERB", "AUX") and (lemma in ctx.kb.words("speech_verbs") or lemma in ctx.kb.words("direct_cue_verbs"))
            and not ctx.quoted[tok.i])


def _subject_of(ctx: DocContext, table: ActorTable, verb: Token) -> Speaker | None:
    """The speaker of a cue verb: its subject, or the subject of the verb it is coordinated with or governed by."""
    v = verb
    for _ in range(3):
        subj = next((c for c in v.children if c.dep_ in SUBJECTS and not ctx.quoted[c.i]), None)
        if subj is not None:
            return _speaker_from(ctx, table, subj, verb)
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head.i != v.i:
            v = v.head
            continue
        if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX"):  # "offered ... from saying"
            v = v.head.head
            continue
        break
    # "according to X" / "X's statement"
    return None


def _speaker_from(ctx: DocContext, table: ActorTable, subj: Token, verb: Token) -> Speaker:
    doc = ctx.doc
    if subj.tag_ in ("WP", "WDT") and subj.head.dep_ == "relcl":  # "Fidan, who chaired the session, told"
        subj = subj.head.head
    toks = [t for t in subj.subtree if not ctx.quoted[t.i] and t.dep_ not in ("relcl", "punct") and not (t.i > subj.i and t.dep_ in ("relcl",))]
    if not toks:  # the whole phrase is inside quotation marks: keep its head word
        toks = [subj]
    # drop relative clauses and appositive tails from the speaker's text, keep the noun phrase
    left = min(t.i for t in toks)
    right = max(t.i for t in toks)
    for c in subj.children:
        if c.dep_ in ("relcl", "acl", "appos") and c.i > subj.i:
            right = min(right, c.left_edge.i - 1)
    span = doc[left:right + 1]
    text = span.text.strip(SPEAKER_EDGE)
    start = span.start_char + (len(span.text) - len(span.text.lstrip(SPEAKER_EDGE)))
    actor = table.token_actor.get(subj.i)
    if actor is None:
        for t in span:
            a = table.token_actor.get(t.i)
            if a is not None and table.actors[a].kind in SPEAKER_KINDS:
                actor = a
                break
    if actor is not None and table.actors[actor].kind not in SPEAKER_KINDS:
        actor = None
    # a description that only mentions an actor ("a senior U.S. official") is not that actor
    if actor is not None and subj.i not in table.actors[actor].tokens and subj.pos_ == "NOUN":
        actor = None
    return Speaker(actor, text or None, start, start + len(text), verb.text)


def _named_before_cue(ctx: DocContext, table: ActorTable, cands: list[Token], quote_end: int) -> tuple[Speaker | None, Token | None]:
    """The speaker between a quotation and a cue the parser left without a subject ("“...,” Flynn, a top Trump
    surrogate, said Thursday on Fox News's “Fox and Friends.”": the parser took the show for the subject)."""
    first = ctx.token_at(quote_end)
    if first is None:
        return None, None
    for cue in cands:
        if cue.idx < quote_end:
            continue
        between = [t for t in ctx.tokens[first.i:cue.i] if not ctx.quoted[t.i] and not t.is_punct]
        if len(between) > 12:
            continue
        for t in between:
            if t.ent_type_ in ("PERSON", "ORG", "NORP") or (t.pos_ == "PRON" and t.dep_ in SUBJECTS):
                while t.head.i != t.i and t.head.i < cue.i and t.head.ent_iob_ == "I" and t.dep_ == "compound":
                    t = t.head
                return _speaker_from(ctx, table, t, cue), cue
    return None, None


def _according_to(ctx: DocContext, table: ActorTable, sent: Span) -> tuple[Speaker, Token, Token] | None:
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.nbor(1).lower_ == "to" and not ctx.quoted[tok.i]:
            to = tok.nbor(1)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            sp = _speaker_from(ctx, table, pobj, tok)
            sp.cue = "according to"
            return sp, tok, pobj
    return None


def extract(ctx: DocContext, table: ActorTable) -> list[Quote]:
    text = ctx.text
    quotes: list[tuple[int, int, bool, Speaker | None]] = []
    last_speaker: Speaker | None = None
    last_end = -1
    for qs, qe in quote_spans(text):
        content_start, content_end = _trim(text, qs, qe)
        if content_end <= content_start:
            continue
        label = _LABEL.match(text, content_start, content_end)
        turn: Speaker | None = None
        if label:  # "“WALLACE: Let's start with ...”": a transcript quoted whole
            turn = _named(ctx, table, label.start("name"), label.end("name"), ":")
            content_start = label.end()
        words = text[content_start:content_end].split()
        first_tok = ctx.token_at(content_start)
        last_tok = ctx.token_at(max(content_start, content_end - 1))
        if first_tok is None or last_tok is None:
            continue
        s1, s2 = ctx.sent_of[first_tok.i], ctx.sent_of[last_tok.i]
        # the cue: a speech verb outside quotes in the sentences the quote touches, nearest first
        region_start, region_end = ctx.sents[s1].start, ctx.sents[s2].end
        cands = [t for t in ctx.tokens[region_start:region_end] if _is_cue(ctx, t)]
        cands.sort(key=lambda t: min(abs(t.idx - qs), abs(t.idx - qe)))
        speaker = turn
        cue_tok = None
        whole_sentence = _fills_sentences(ctx, content_start, content_end, s1, s2)
        clause: tuple[int, int] | None = None
        if speaker is None:
            for cue in cands:
                found = _subject_of(ctx, table, cue)
                if found is None:
                    continue
                if speaker is None:
                    speaker, cue_tok = found, cue
                if whole_sentence:
                    break
                # a quoted phrase inside reported speech: the statement is the whole clause of the cue that holds it
                # ("Trump is telling a group that the military is “depleted” and says ...": telling, not says)
                clause = _clause_around(ctx, cue, content_start, content_end, qs, qe)
                if clause is not None:
                    speaker, cue_tok = found, cue
                    break
        if speaker is None:
            speaker, cue_tok = _named_before_cue(ctx, table, cands, qe)
        if speaker is None:
            speaker = _named_after_cue(ctx, table, cands, qe)
        if speaker is None:
            acc = _according_to(ctx, table, ctx.sents[s1])
            if acc:
                speaker = acc[0]
        if speaker is None and s1 > 0:
            speaker = _introduced_by(ctx, table, ctx.sents[s1 - 1], qs)
        if speaker is None and s1 > 0 and whole_sentence and last_speaker is None:
            speaker = _subject_before(ctx, table, ctx.sents[s1 - 1], qs)
        if speaker is None:
            speaker = _signed(ctx, table, qe)
        if speaker is None and s2 + 1 < len(ctx.sents):
            speaker = _said_after(ctx, table, ctx.sents[s2 + 1], qe)
        if speaker is None and whole_sentence and last_speaker is not None and _same_or_next_paragraph(text, last_end, qs):
            speaker = Speaker(last_speaker.actor, last_speaker.text, None, None, None)
        if speaker is None and (len(words) < 3 or (not whole_sentence and len(words) < 6)):
            continue  # a scare quote ("tough"), a title or a term inside narration, with no one saying it
        if clause is None and len(words) < 3 and not whole_sentence:
            continue  # a word or two in quotation marks outside any reported clause: a name, a title, a term
        if clause is not None:  # two quoted phrases in one clause give it twice: _drop_nested keeps one
            quotes.append((*clause, False, speaker))
            last_speaker, last_end = speaker, qe
            continue
        quotes.append((content_start, content_end, True, speaker))
        if speaker is not None:
            last_speaker, last_end = speaker, qe
    quotes.extend(_transcript_turns(ctx, table, [(s, e) for s, e, _, _ in quotes]))
    quotes.sort(key=lambda q: q[0])
    quotes = _join_interrupted(text, quotes)
    quotes = _join_resumed(text, quotes)
    quotes = _split_repeated(ctx, quotes)
    quotes.extend(_reported(ctx, table, [(s, e) for s, e, _, _ in quotes]))
    quotes.sort(key=lambda q: (q[0], not q[2]))  # a direct quote first where a reported one starts with it
    quotes = _drop_nested(quotes)
    return [_record(ctx, table, k, q) for k, q in enumerate(quotes)]


def _drop_nested(quotes: list[tuple[int, int, bool, Speaker | None]]) -> list[tuple[int, int, bool, Speaker | None]]:
    """Reported speech inside another attribution's content is part of that statement, not one of its own ("Machado
    promised to continue supporting Clinton": what she promised, not a stance of hers on Clinton; "agreed to discuss
    their own ideas"). Direct quotations are kept wherever they are; of two attributions of one span the first is kept."""
    # outermost first: a span is nested when an earlier, different span reaches at least as far
    nested: set[tuple[int, int]] = set()
    reach = -1
    for span in sorted({q[:2] for q in quotes}, key=lambda x: (x[0], -x[1])):
        if reach >= span[1]:
            nested.add(span)
        reach = max(reach, span[1])
    out: list[tuple[int, int, bool, Speaker | None]] = []
    seen: set[tuple[int, int]] = set()
    for q in quotes:
        if (q[2] or q[:2] not in nested) and q[:2] not in seen:
            out.append(q)
            seen.add(q[:2])
    return out


def _named_after_cue(ctx: DocContext, table: ActorTable, cands: list[Token], quote_end: int) -> Speaker | None:
    """The speaker named right after a cue that follows the quotation, the parser having made them its object
    ("“Prices will rise,” warned economist Lena Holt of Nordbank")."""
    for cue in cands:
        if cue.idx < quote_end or ctx.text[quote_end:cue.idx].strip(" ,\"”’'\n"):
            continue
        for t in ctx.tokens[cue.i + 1:min(cue.i + 7, len(ctx.doc))]:
            if t.is_punct or ctx.quoted[t.i]:
                break
            a = table.token_actor.get(t.i)
            if a is not None and table.actors[a].kind in ("person", "organization"):
                head = t
                while head.dep_ in ("compound", "flat") and head.head.i > head.i and table.token_actor.get(head.head.i) == a:
                    head = head.head
                return _speaker_from(ctx, table, head, cue)
    return None


def _subject_before(ctx: DocContext, table: ActorTable, prev: Span, quote_start: int) -> Speaker | None:
    """The speaker of a quotation that stands alone right after a sentence about a person ("Jonas Berg, the
    mayor, spoke to the crowd. “Nobody will be left behind.”"): that sentence's subject, when it is a person."""
    gap = ctx.text[prev.start_char + len(prev.text.rstrip()):quote_start]
    if gap.strip(" \"“'‘") or "\n" in gap:  # the same paragraph only
        return None
    subj = next((c for c in prev.root.children if c.dep_ in SUBJECTS), None)
    a = table.token_actor.get(subj.i) if subj is not None else None
    if a is None or table.actors[a].kind != "person":
        return None
    return _speaker_from(ctx, table, subj, prev.root)


def _introduced_by(ctx: DocContext, table: ActorTable, prev: Span, quote_start: int) -> Speaker | None:
    """The speaker of a quote that the sentence before introduces with a colon ("Sanchez told the crowd:")."""
    if ctx.text[prev.end_char:quote_start].strip(" \n\"“'‘") or not prev.text.rstrip(" \n\"“'‘").endswith(":"):
        return None
    for tok in reversed(list(prev)):
        if _is_cue(ctx, tok):
            return _subject_of(ctx, table, tok)
    return None


_LABEL = re.compile(r"(?P<name>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):[ \t]+")
_SIGNATURE = re.compile(r"[”\"'’]*[ \t\xa0]*[―—–-]{1,2}[ \t\xa0]*(?P<name>[A-Z][\w.'’-]*(?:[ \xa0][A-Z][\w.'’-]*){0,4})[^\n]{0,80}$", re.M)


def _named(ctx: DocContext, table: ActorTable, start: int, end: int, cue: str) -> Speaker:
    tok = ctx.token_at(start)
    actor = table.token_actor.get(tok.i) if tok is not None else None
    if actor is not None and table.actors[actor].kind not in SPEAKER_KINDS:
        actor = None
    return Speaker(actor, ctx.text[start:end], start, end, cue)


def _signed(ctx: DocContext, table: ActorTable, quote_end: int) -> Speaker | None:
    """A quotation signed after a dash at the end of its paragraph ("“Maybe we can build a wall.” ― Steve Quinlan")."""
    m = _SIGNATURE.match(ctx.text, quote_end)
    if m is None:
        return None
    return _named(ctx, table, m.start("name"), m.end("name"), ctx.text[quote_end:m.start("name")].strip(" \t\xa0”\"'’"))


def _said_after(ctx: DocContext, table: ActorTable, nxt: Span, quote_end: int) -> Speaker | None:
    """A quotation ending in ? or ! that the parser cut off from its attribution: "“Why isn't this proof?” Vitter
    demanded." The next sentence must begin right after the closing mark with a cue that has nothing else to say."""
    if ctx.text[quote_end:nxt.start_char].strip(" ”\"'’") or ctx.text[max(0, quote_end - 1):quote_end] not in "?!":
        return None
    for tok in nxt[:8]:
        if _is_cue(ctx, tok) and not any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > tok.i for c in tok.children):
            return _subject_of(ctx, table, tok)
    return None


_TURN = re.compile(r"^(?P<name>[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,3}):[ \t]+(?P<body>\S.*)$", re.M)


def _covered(s: int, e: int, direct: list[tuple[int, int]]) -> bool:
    """Whether a direct quote already holds more than half of the span."""
    return any(min(e, de) - max(s, ds) > 0.5 * (e - s) for ds, de in direct)


def _transcript_turns(ctx: DocContext, table: ActorTable, direct: list[tuple[int, int]]) -> list[tuple[int, int, bool, Speaker | None]]:
    """Interview transcripts: a paragraph opening with a speaker's name and a colon ("PENCE: Well, the question
    really should be ...") is that speaker's turn. The name must be written in capitals or be an actor found in
    the article, so that headings such as "Key Milestones:" are not taken for speakers."""
    out: list[tuple[int, int, bool, Speaker | None]] = []
    for m in _TURN.finditer(ctx.text):
        name = m.group("name")
        tok = ctx.token_at(m.start("name"))
        actor = table.token_actor.get(tok.i) if tok is not None else None
        if not (name.isupper() and len(name) > 2) and actor is None:
            continue
        s, e = _trim(ctx.text, m.start("body"), m.end("body"))
        if e - s < 10 or _covered(s, e, direct):
            continue
        if actor is not None and table.actors[actor].kind not in SPEAKER_KINDS:
            continue
        out.append((s, e, True, Speaker(actor, name, m.start("name"), m.end("name"), ":")))
    return out


def _join_interrupted(text: str, quotes: list[tuple[int, int, bool, Speaker | None]]) -> list[tuple[int, int, bool, Speaker | None]]:
    """One quoted sentence interrupted by its attribution ("“That's Mexico's vulnerability,” said Luis Rubio,
    “and its strength.”"): the first part ends with a comma, the second goes on in lower case."""
    out: list[tuple[int, int, bool, Speaker | None]] = []
    for q in quotes:
        if out:
            ps, pe, pd, psp = out[-1]
            gap = text[pe:q[0]]
            if (pd and q[2] and len(gap) < 120 and "\n" not in gap and (text[pe - 1:pe] == "," or gap[:1] == ",")
                    and text[q[0]:q[0] + 1].islower() and not any(c in gap.strip(" ,“”\"'‘’") for c in ".!?")):
                out[-1] = (ps, q[1], True, psp or q[3])
                continue
        out.append(q)
    return out


def _clause_around(ctx: DocContext, cue: Token, s: int, e: int, qs: int, qe: int) -> tuple[int, int] | None:
    """The reported clause that holds a quoted phrase: "Trump says the military is “depleted”" states that the
    military is depleted, in the speaker's words only in part. None when the cue's content is the quote itself or
    does not hold it."""
    sent = ctx.sentence(cue)
    span = _content_of(ctx, cue, sent, quoted_clause=True)
    if span is None:
        return None
    cs, ce = _trim(ctx.text, *span)
    if not (cs <= qs and e <= ce) or ce - cs < (e - s) + 8:
        return None
    before, after = ctx.text[cs:qs].strip(" “\"'‘"), ctx.text[qe:ce].strip(" ”\"'’.,;:!?")
    if before.endswith(",") and not after:  # "Later, “He's the only one ...,” Rutte insisted": an opening adverbial
        return None
    return cs, ce


def _fold(s: str) -> str:
    """Text compared without case, punctuation or spacing: a sentence quoted again ends with a comma, not a stop."""
    return " ".join(re.sub(r"[^\w\s]", "", normalise_text(s)).split())


def _split_repeated(ctx: DocContext, quotes: list[tuple[int, int, bool, Speaker | None]]) -> list[tuple[int, int, bool, Speaker | None]]:
    """A sentence that the article quotes again on its own elsewhere ("“I have total confidence in President Trump.
    He's the only one who can get this done.” ... “He's the only one who can get this done,” Rutte insisted") is a
    statement of its own: the longer quotation is cut before and after it, so that both occurrences are one quote."""
    direct = {_fold(ctx.text[s:e]) for s, e, d, _ in quotes if d}
    out: list[tuple[int, int, bool, Speaker | None]] = []
    for q in quotes:
        s, e, d, sp = q
        if not d:
            out.append(q)
            continue
        cuts: set[int] = set()
        first = ctx.token_at(s)
        last = ctx.token_at(e - 1)
        if first is not None and last is not None:
            for k in range(ctx.sent_of[first.i], ctx.sent_of[last.i] + 1):
                sent = ctx.sents[k]
                a, b = _trim(ctx.text, max(s, sent.start_char), min(e, sent.end_char))
                if (a, b) != (s, e) and b > a and _fold(ctx.text[a:b]) in direct:
                    cuts.update((a, b))
        if not cuts:
            out.append(q)
            continue
        bounds = sorted({s, e, *cuts})
        for a, b in zip(bounds, bounds[1:], strict=False):
            a, b = _trim(ctx.text, a, b)
            if b > a:
                out.append((a, b, d, sp))
    return out


_SHORT_QUOTED = re.compile(r"[“\"][^“”\"\n]{1,40}[”\"]")


def _join_resumed(text: str, quotes: list[tuple[int, int, bool, Speaker | None]]) -> list[tuple[int, int, bool, Speaker | None]]:
    """A quotation resumed after its attribution ("“These are strange days,” said Peter Morgan, a lawyer. “I don't
    know what his intentions are.”") is one statement: the second part has no cue of its own, the attribution sits
    between the two in the same paragraph and names the first part's speaker."""
    out: list[tuple[int, int, bool, Speaker | None]] = []
    for q in quotes:
        if out and q[2] and out[-1][2]:
            ps, pe, _, psp = out[-1]
            # a title or a nickname quoted inside the attribution ("on Fox News's “Fox and Friends.”") is no new quotation
            gap = text[pe:q[0]].rstrip(" “\"").lstrip(" ,.!?”\"")
            gap = _SHORT_QUOTED.sub("", gap).strip(" ,.!?“”\"'‘’")
            own_cue = q[3] is not None and q[3].start is not None
            if (psp is not None and psp.start is not None and pe <= psp.start < q[0] and not own_cue and "\n" not in gap
                    and len(gap) < 400 and not any(c in gap for c in "“”\"")):
                out[-1] = (ps, q[1], True, psp)
                continue
        out.append(q)
    return out


def _reported(ctx: DocContext, table: ActorTable, direct: list[tuple[int, int]]) -> list[tuple[int, int, bool, Speaker | None]]:
    """Reported speech: "X said (that) CLAUSE", "CLAUSE, X said", "according to X, CLAUSE"."""
    doc = ctx.doc
    out: list[tuple[int, int, bool, Speaker | None]] = []

    stance = ctx.kb.words("stance_verbs") | ctx.kb.words("speech_verbs") | ctx.kb.words("judging_verbs")

    for sent in ctx.sents:
        acc = _according_to(ctx, table, sent)
        if acc:
            sp, according, pobj = acc
            phrase_end = pobj.right_edge.i + 1
            if according.i <= sent.start + 1:
                toks = [t for t in sent if t.i >= phrase_end and not t.is_punct or t.i >= phrase_end + 1]
            else:
                toks = [t for t in sent if t.i < according.i]
            if toks:
                s, e = _trim(ctx.text, toks[0].idx, toks[-1].idx + len(toks[-1].text))
                if e - s > 10 and not _covered(s, e, direct):
                    out.append((s, e, False, sp))
                    continue
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or ctx.quoted[tok.i] or tok.lemma_.lower() not in stance:
                continue
            span = _content_of(ctx, tok, sent)
            if span is None:
                continue
            s, e = _trim(ctx.text, *span)
            toks = [t for t in doc.char_span(s, e, alignment_mode="expand") or []]
            if e - s < 6 or _covered(s, e, direct) or (toks and any(ctx.quoted[t.i] for t in toks[: max(1, len(toks) // 2)])):
                continue
            if any(c.dep_ == "nsubjpass" for c in tok.children) and any(c.dep_ == "xcomp" for c in tok.children):
                # "X is expected to ...": the subject is part of what is expected; the source is the agent, if named
                agent = next((p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
                out.append((s, e, False, _speaker_from(ctx, table, agent, tok) if agent is not None else None))
                continue
            sp = _subject_of(ctx, table, tok)
            if sp is None:
                continue
            out.append((s, e, False, sp))
        out.extend(_nominal(ctx, table, sent, direct + [(s, e) for s, e, _, _ in out]))
    return out


def _nominal(ctx: DocContext, table: ActorTable, sent: Span, taken: list[tuple[int, int]]) -> list[tuple[int, int, bool, Speaker | None]]:
    """Attributions a noun carries ("Trump's claim that there have been thousands of shootings", "her decision to
    meet Bill Clinton", "Clinton's comments on the shooting"): the noun's clause, infinitive or, for some,
    prepositional object is the content; its possessor, or the subject of the verb it is the object of
    ("Clinton issued a statement that ..."), the source."""
    nouns = ctx.kb.words("stance_nouns")
    preps = ctx.kb.words("noun_content_preps")
    out: list[tuple[int, int, bool, Speaker | None]] = []
    for tok in sent:
        if tok.pos_ != "NOUN" or ctx.quoted[tok.i] or tok.lemma_.lower() not in nouns:
            continue
        content: list[Token] | None = None
        for c in tok.children:
            if c.i < tok.i or ctx.quoted[c.i]:
                continue
            that_clause = c.dep_ in ("acl", "ccomp", "relcl") and c.left_edge.lower_ == "that" and c.left_edge.dep_ == "mark"
            infinitive = c.dep_ == "acl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            if that_clause or infinitive:
                content = list(c.subtree)
            elif c.dep_ == "prep" and c.lower_ in preps:
                pobj = next((p for p in c.children if p.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME") and pobj.left_edge.i < pobj.right_edge.i:
                    content = list(pobj.subtree)  # "comments on the shooting"; not "a statement on Monday"
            if content:
                break
        span = _span_of(content) if content else None
        if span is None:
            continue
        s, e = _trim(ctx.text, *span)
        if e - s < 6 or _covered(s, e, taken):
            continue
        sp: Speaker | None = None
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is not None:
            sp = _speaker_from(ctx, table, poss, tok)
        elif tok.dep_ == "dobj":
            sp = _subject_of(ctx, table, tok.head)
        if sp is not None:
            sp.cue = tok.text
        out.append((s, e, False, sp))
    return out


def _span_of(tokens: list[Token]) -> tuple[int, int] | None:
    """The characters of what was said, without a leading "that" or closing punctuation."""
    tokens = [t for t in tokens if not (t.lower_ == "that" and t.dep_ in ("mark", "advmod") and t is tokens[0])]
    while tokens and tokens[-1].is_punct and not tokens[-1].is_quote:
        tokens.pop()
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _prep_object(head: Token, preps: frozenset[str]) -> Token | None:
    """The object of ``head``'s first preposition among ``preps`` ("comments on the shooting")."""
    return next((p for c in head.children if c.dep_ == "prep" and c.lower_ in preps
                 for p in c.children if p.dep_ in ("pobj", "pcomp")), None)


def _content_of(ctx: DocContext, verb: Token, sent: Span, quoted_clause: bool = False) -> tuple[int, int] | None:
    """The character span of what a cue verb attributes: its clause ("said (that) ..."), its infinitive ("wants to
    ..."), the rest of the sentence around a parenthetical cue ("Too often, Mr. Clarke said, the debate ..."), or,
    for verbs that take one, its object ("cited the election", "called for a ban")."""

    trailing = _before_trailing_cue(ctx, verb, sent)
    if trailing is not None:
        return _span_of(trailing)
    # a "that" clause the parser took for an adverbial ("tweeted in the early morning hours that Machado was ...")
    comps = [c for c in verb.children if (c.dep_ == "ccomp" or (c.dep_ == "advcl" and c.i > verb.i and c.left_edge.lower_ == "that"))
             and (quoted_clause or not ctx.quoted[c.i])]
    # with a clause on either side, what is said follows the verb ("Writing ... Pence won, Barabak noted that ...")
    comp = next((c for c in comps if c.i > verb.i), None) if len(comps) > 1 else (comps[0] if comps else None)
    if comp is not None:
        return _span_of(list(comp.subtree) + _continued(ctx, verb, comp))
    if verb.dep_ == "parataxis" and verb.head.sent == verb.sent:
        inside = {t.i for t in verb.subtree}
        rest = [t for t in sent if t.i not in inside and not t.is_punct]
        return _span_of(rest) if len(rest) >= 3 else None
    lemma = verb.lemma_.lower()
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)), None)
    if xcomp is not None:
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subj is not None and not ctx.quoted[subj.i]:  # passive: "one in nine voters is expected to be Latino"
            return _span_of(sorted({*subj.subtree, *xcomp.subtree}, key=lambda t: t.i))
        return _span_of(list(xcomp.subtree) + _continued(ctx, verb, xcomp))
    if lemma not in ctx.kb.words("np_content_verbs"):
        if any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in verb.children):
            return None
        # what a stance is about when the verb takes no clause or object: "commented on the death", "protested against"
        about = _prep_object(verb, ctx.kb.words("content_preps"))
        return _span_of(list(about.subtree)) if about is not None else None
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "on") and lemma == "call":
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None:
                toks = sorted([*pobj.subtree, *[t for x in verb.children if x.dep_ == "xcomp" for t in x.subtree]], key=lambda t: t.i)
                return _span_of(toks)
    dobj = next((c for c in verb.children if c.dep_ == "dobj" and not ctx.quoted[c.i]), None)
    if dobj is None or (dobj.pos_ == "PRON" and not (quoted_clause and dobj.lower_ not in ("what", "which", "that"))):
        return None
    # what is said of the object: "called a former Miss Universe “disgusting”", "blasted the media for being dishonest"
    judging = lemma in ctx.kb.words("judging_verbs")
    said_of = [t for c in verb.children
               if c.i > dobj.i and (c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "as")
                                    or (c.dep_ == "prep" and c.lower_ in ("for", "of") and judging))
               for t in c.subtree]
    if not said_of and lemma in ctx.kb.words("person_object_verbs") and _is_person(dobj):
        return None  # "welcomed Rutte", "called Putin": a person alone is whom the act is about, not what is said
    # what the parser hung on the verb belongs to the object ("cited his endorsements from 88 generals", "described
    # crass behavior by Trump behind the scenes"), but not the time or the channel ("on Tuesday", "in a statement")
    for c in verb.children:
        if c.i > dobj.i and c.dep_ in ("prep", "advcl") and not ctx.quoted[c.i]:
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is None or (pobj.ent_type_ not in ("DATE", "TIME") and pobj.lemma_.lower() not in ctx.kb.words("speech_nouns")):
                said_of.extend(c.subtree)
    return _span_of(sorted({*dobj.subtree, *said_of}, key=lambda t: t.i))


def _is_person(tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and any(t.ent_type_ == "PERSON" for t in tok.subtree))


def _continued(ctx: DocContext, verb: Token, content: Token) -> list[Token]:
    """A second clause the parser hung on the cue instead of on what was said ("said that it was too early to tell,
    and there was no evidence yet"; "agreed to share a currency and rely on one another"): a conjunct with a subject
    of its own or in the infinitive, right after the content, that is not a speech act itself."""
    out: list[Token] = []
    end = max(t.i for t in content.subtree)
    # "CLAUSE, the agency said in a report, and CLAUSE": the attribution sits between the two clauses
    attribution = {verb.i} if content.i < verb.i else set()
    if attribution:
        attribution.update(t.i for c in verb.children if c.dep_ in (*SUBJECTS, "prep", "npadvmod", "aux", "neg")
                           for t in c.subtree)
    for c in verb.children:
        if c.i <= end or c.dep_ != "conj" or _is_cue(ctx, c) or ctx.quoted[c.i]:
            continue
        between = ctx.doc[end + 1:c.left_edge.i]
        if any(t.dep_ not in ("cc", "punct", "advmod") and t.i not in attribution for t in between):
            break
        has_subject = any(x.dep_ in SUBJECTS or x.dep_ == "expl" for x in c.children)
        if has_subject or content.dep_ == "xcomp":
            out.extend(t for t in ctx.tokens[end + 1:c.right_edge.i + 1])
            end = c.right_edge.i
    return out


def _before_trailing_cue(ctx: DocContext, verb: Token, sent: Span) -> list[Token] | None:
    """"CLAUSE, X said." / "CLAUSE, said X, a lawyer." with the cue and its speaker after the sentence's last comma
    and nothing of their own to say: what they said is everything before that comma, whatever the parser attached
    the cue to ("Clinton had told police ..., but the NYPD overruled that request, the source added")."""
    subj = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if subj is None:
        return None
    left = min(subj.left_edge.i, verb.i)
    right = max(t.i for t in verb.subtree)
    if left - 2 < sent.start or right < sent.end - 1 - sum(1 for t in sent[-3:] if t.is_punct or ctx.quoted[t.i]):
        return None
    before = ctx.tokens[left - 1]
    if before.text not in (",", "—", "--") and not (before.is_quote and ctx.tokens[left - 2].text == ","):
        return None
    if any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > verb.i for c in verb.children):
        return None
    if any(c.dep_ == "conj" and c.i > verb.i and any(x.dep_ in SUBJECTS for x in c.children) for c in verb.children):
        return None  # "CLAUSE, the agency said, and CLAUSE": what was said goes on after the attribution
    content = [t for t in sent if t.i < left and not (t.is_punct and t.i >= left - 2)]
    return content if len(content) >= 3 else None


def _record(ctx: DocContext, table: ActorTable, k: int, q: tuple[int, int, bool, Speaker | None]) -> Quote:
    s, e, direct, sp = q
    inside = ctx.text[s:e]
    if inside.count("“") > inside.count("”") and ctx.text[e:e + 1] == "”":  # keep the closing mark of a quoted word
        e += 1
    return Quote(id=f"q{k + 1}", text=ctx.text[s:e], start=s, end=e, direct=direct,
                 speaker=f"@{sp.actor}" if sp and sp.actor is not None else None,
                 speaker_text=sp.text if sp else None, speaker_start=sp.start if sp else None,
                 speaker_end=sp.end if sp else None, cue=sp.cue if sp else None)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \n\t'‘\"“":
        s += 1
    while e > s and text[e - 1] in " \n\t,;:’'\"”—–-":
        e -= 1
    return s, e


def _fills_sentences(ctx: DocContext, s: int, e: int, s1: int, s2: int) -> bool:
    """Whether a quote is (nearly) all of the sentences it spans: no narration around it."""
    sent_chars = ctx.sents[s2].end_char - ctx.sents[s1].start_char
    return (e - s) >= 0.8 * sent_chars - 4


def _same_or_next_paragraph(text: str, prev_end: int, start: int) -> bool:
    return prev_end >= 0 and text.count("\n", prev_end, start) <= 1
