"""Source assessment: evidence about how an article sources what it says, never a bare verdict.

Counts what a reader can check: the share of factual sentences attributed to a named source, direct quotes from
named speakers, vague sourcing ("sources indicate"), first-person anecdote, boilerplate sections (FAQ, "People
also ask", pros and cons lists) and self-claims that fail a check (a stated word count). The score that orders
sources is a plain function of that evidence, shown beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosscheck.model import Article, Evidence, Extraction, SourceEvidence

VAGUE = re.compile(r"\b(?:sources? (?:say|said|says|indicate|indicated|suggest|close to)|(?:some|many) (?:say|believe|argue)|"
                   r"it is (?:said|believed|reported)|reportedly|rumou?red|insiders|people familiar with|observers say|"
                   r"experts say|analysts say|according to (?:sources|reports|some))\b", re.I)
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|my|me|myself)\b|\bI’(?:m|ve|d)\b")
BOILERPLATE = re.compile(r"^(?:FAQs?|Frequently Asked Questions|People Also Ask.*|Pros:?|Cons:?|Bullet Points.*|"
                         r"Key Takeaways.*|Conclusion|In Conclusion|Best Tools.*|Where to Get Updates.*|Related Articles?|"
                         r"Read More|Table of Contents)\s*:?$", re.I | re.M)
WORD_COUNT = re.compile(r"\(?\bword count:?\s*(?P<n>\d[\d,]*)\)?", re.I)


@dataclass(frozen=True)
class SelfClaim:
    evidence: Evidence
    stated: int
    actual: int

    @property
    def failed(self) -> bool:
        return abs(self.stated - self.actual) > max(25, 0.1 * self.actual)

    def summary(self, outlet: str) -> str:
        return (f"{outlet} states a word count of {self.stated:,}; its text has {self.actual:,} words.")


def self_claims(article: Article) -> list[SelfClaim]:
    """Claims an article makes about itself that can be checked: a stated word count."""
    out = []
    for m in WORD_COUNT.finditer(article.text):
        stated = int(m.group("n").replace(",", ""))
        actual = article.word_count - len(re.findall(r"\w+", m.group(0)))
        out.append(SelfClaim(Evidence(article=article.id, text=article.text[m.start():m.end()], start=m.start(), end=m.end()),
                             stated, actual))
    return out


def _outside_quotes(text: str, ext: Extraction) -> str:
    chars = list(text)
    for q in ext.quotes:
        if q.direct:
            for i in range(q.start, min(q.end, len(chars))):
                chars[i] = " "
    return "".join(chars)


def assess(article: Article, ext: Extraction) -> tuple[SourceEvidence, float]:
    """The evidence about one article's sourcing, and the score that orders sources (higher is better sourced)."""
    text = article.text
    narration = _outside_quotes(text, ext)
    sentences = max(1, len(re.findall(r"[.!?](?:\s|$)", text)))
    attributed = {(q.start, q.end) for q in ext.quotes if q.speaker or q.speaker_text}
    speakers = {a.id: a for a in ext.actors}
    named_direct = sum(1 for q in ext.quotes if q.direct and q.speaker in speakers and speakers[q.speaker].kind == "person"
                       and len(q.text.split()) >= 4)
    share = min(1.0, len(attributed) / sentences)
    vague = len(VAGUE.findall(narration))
    first = len(FIRST_PERSON.findall(narration))
    boiler = len(BOILERPLATE.findall(text))
    failed = sum(1 for c in self_claims(article) if c.failed)
    ev = SourceEvidence(named_attribution_share=round(share, 3), direct_quotes_named=named_direct, vague_sourcing=vague,
                        first_person=first, boilerplate_sections=boiler, failed_self_claims=failed)
    score = 0.3 + 0.6 * share + 0.05 * min(named_direct, 8) - 0.05 * min(vague, 5) - 0.02 * min(first, 10) \
        - 0.04 * min(boiler, 5) - 0.15 * failed
    return ev, round(max(0.0, min(1.0, score)), 3)
