"""Articles: the list, one article with its extraction, the article page (its text cut into sentences and runs
under their highlights, with ``c-START`` anchors) and ingest through the API."""

from __future__ import annotations

from collections import defaultdict

from crosscheck.align.facts import sentence_evidence
from crosscheck.model import (
    Article,
)
from crosscheck.store import Store
from crosscheck.views.base import NotFound, Page, View, clamp, cooperative, key_of, page_of, safe_link, source_label
from crosscheck.views.records import ArticleDetail, ArticleSummary, StoryRef, summary_of

# ------------------------------------------------------------------ articles


def list_articles(store: Store, limit: int = 50, offset: int = 0, outlet: str | None = None) -> Page[ArticleSummary]:
    """Stored articles newest first, with the stories each belongs to; one outlet's when ``outlet`` is given."""
    limit, offset = clamp(limit, offset)
    total, rows = store.articles_page(limit, offset, outlet)
    stories = store.story_ids_of(r.meta.id for r in rows)
    return page_of([summary_of(r, stories.get(r.meta.id)) for r in rows], total, limit, offset)


def article_detail(store: Store, article_id: str) -> ArticleDetail:
    """An article with its text and extraction; :class:`NotFound` for an unknown id."""
    a = store.article(article_id)
    if a is None:
        raise NotFound("article", article_id)
    return ArticleDetail(article=a, extraction=store.extraction(article_id),
                         stories=store.story_ids_of([article_id]).get(article_id, []))


class Segment(View):
    """A run of an article's text under the same highlights; ``anchor`` when a record or sentence starts here."""

    start: int
    end: int
    text: str
    kinds: list[str]
    title: str
    anchor: bool


class Sentence(View):
    """A sentence of the article page (``blank``: only the white space between two paragraphs)."""

    start: int
    end: int
    segments: list[Segment]
    blank: bool = False


class PanelItem(View):
    """A line of the article page's side panel: what was found, and where (``start`` is its anchor)."""

    kind: str
    label: str
    detail: str
    start: int
    link: str | None = None


class ArticleView(View):
    article: Article
    label: str
    link: str | None
    extracted: bool
    sentences: list[Sentence]
    panel: dict[str, list[PanelItem]]
    stories: list[StoryRef]


def _sentence_bounds(article: Article) -> tuple[list[int], set[int]]:
    """Where sentences end (the partition of the text) and where each starts (anchors), by the same rule the brief's
    evidence uses (:func:`crosscheck.align.facts.sentence_evidence`)."""
    text = article.text
    ends, starts = [], set()
    pos = 0
    while pos < len(text):
        ev = sentence_evidence(article, pos, pos)
        end = max(ev.end, pos + 1)
        starts.add(ev.start)
        ends.append(end)
        pos = end
    return ends, starts


def article_view(store: Store, article_id: str) -> ArticleView:
    """An article's text cut into sentences and runs, each run with the highlights over it (actors, events, quotes,
    quantities, dates) and the side panel listing them; :class:`NotFound` for an unknown id."""
    a = store.article(article_id)
    if a is None:
        raise NotFound("article", article_id)
    ext = store.extraction(article_id)
    text = a.text
    spans: list[tuple[int, int, str, str]] = []  # start, end, kind, title
    panel: dict[str, list[PanelItem]] = {"actors": [], "events": [], "quotes": [], "quantities": [], "dates": []}
    if ext is not None:
        names = {x.id: x.name for x in ext.actors}
        for x in ext.actors:
            desc = ", ".join(v for v in (x.kind, x.country, x.sector, "; ".join(x.roles)) if v)
            for m in x.mentions:
                spans.append((m.start, m.end, "actor", f"{x.name} ({desc})"))
            first = min((m.start for m in x.mentions), default=0)
            panel["actors"].append(PanelItem(kind="actor", label=x.name, detail=f"{desc} · {len(x.mentions)} mentions",
                                             start=first, link=f"/actors/{key_of(x)}"))
        for ev in ext.events:
            who = ", ".join(names.get(i, i) for i in ev.actor) or "?"
            whom = ", ".join(names.get(i, i) for i in ev.recipient)
            when = ev.date or ("–".join(ev.date_range) if ev.date_range else "undated")
            flags = " ".join(f for f in ("not" if ev.negated else "", ev.modality if ev.modality != "asserted" else "") if f)
            label = f"{ev.type}: {who}" + (f" → {whom}" if whom else "")
            spans.append((ev.start, ev.end, "event", f"event {label} ({when})"))
            panel["events"].append(PanelItem(kind="cooperative" if cooperative(ev.type) else "conflictual", label=label,
                                             detail=" · ".join(v for v in (ev.mode, when, flags) if v), start=ev.start))
        for q in ext.quotes:
            who = names.get(q.speaker or "", q.speaker_text or "unattributed")
            spans.append((q.start, q.end, "quote", f"{'quote' if q.direct else 'reported speech'} of {who}"))
            panel["quotes"].append(PanelItem(kind="quote", label=who, detail=q.text[:160], start=q.start))
        for n in ext.quantities:
            desc = " ".join(str(v) for v in (n.qualifier, n.value, n.unit, n.category) if v not in (None, ""))
            spans.append((n.start, n.end, "quantity", f"quantity: {desc}"))
            panel["quantities"].append(PanelItem(kind="quantity", label=n.text, detail=desc, start=n.start))
        for t in ext.timexes:
            spans.append((t.start, t.end, "timex", f"{t.type}: {t.value}"))
            panel["dates"].append(PanelItem(kind="timex", label=t.text, detail=f"{t.value} ({t.type})", start=t.start))
        for c in ext.claims:
            spans.append((c.start, c.end, "claim", ""))
    for items in panel.values():
        items.sort(key=lambda p: p.start)
    spans = [(max(0, s), min(len(text), e), k, t) for s, e, k, t in spans if s < e and s < len(text)]
    ends, anchors = _sentence_bounds(a)
    anchors |= {s for s, _, _, _ in spans}
    anchors |= {sentence_evidence(a, s, e).start for s, e, k, _ in spans if k != "actor"}
    cuts = sorted({0, len(text), *ends, *anchors, *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    opening: dict[int, list[int]] = defaultdict(list)
    closing: dict[int, list[int]] = defaultdict(list)
    for k, (s, e, _, _) in enumerate(spans):
        opening[s].append(k)
        closing[e].append(k)
    active: set[int] = set()
    sentences: list[Sentence] = []
    ends_set = set(ends)
    current: list[Segment] = []
    sent_start = 0
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        active.difference_update(closing.get(lo, ()))
        active.update(opening.get(lo, ()))
        on = sorted(active)
        kinds = sorted({spans[k][2] for k in on} - {"claim"})
        title = " · ".join(dict.fromkeys(spans[k][3] for k in on if spans[k][3]))
        current.append(Segment(start=lo, end=hi, text=text[lo:hi], kinds=kinds, title=title, anchor=lo in anchors))
        if hi in ends_set or hi == len(text):
            sentences.append(Sentence(start=sent_start, end=hi, segments=current,
                                      blank="\n" in text[sent_start:hi] and not text[sent_start:hi].strip()))
            current, sent_start = [], hi
    stories = store.story_ids_of([article_id]).get(article_id, [])
    refs = [StoryRef(id=s.id, title=s.title, first_published=s.first_published, last_published=s.last_published)
            for s in (store.find_story(x) for x in stories) if s is not None]
    return ArticleView(article=a, label=source_label(a, a.id), link=safe_link(a.url), extracted=ext is not None,
                       sentences=sentences, panel=panel, stories=refs)


# ------------------------------------------------------------------ ingest through the API


class IngestResult(View):
    stored: list[str]
    already_stored: int
    near_duplicates: int
    not_extracted: int
    problems: list[str]
    stories: int | None = None


def ingest_articles(store: Store, articles: list[Article], regroup: bool = False) -> IngestResult:
    """Extracts and stores articles given as records (the API's ``POST /api/articles``); regroups the stories when
    asked. Goes through :func:`crosscheck.jobs.ingest_items` like every other ingest."""
    from crosscheck.jobs import ingest_items, stories

    report = ingest_items(iter(articles), store)
    grouped = len(stories(store)) if regroup else None
    return IngestResult(stored=report.stored_ids, already_stored=report.already_stored,
                        near_duplicates=report.near_duplicates, not_extracted=report.not_extracted,
                        problems=[str(p) for p in report.problems], stories=grouped)

