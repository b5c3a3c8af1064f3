"""Outlets and search: an outlet's articles and sourcing profile, full-text search over articles, claims, quotes."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from crosscheck.align.assess import assess
from crosscheck.store import SEARCH_WINDOW, ArticleHit, ClaimHit, Store
from crosscheck.views.articles import list_articles
from crosscheck.views.base import Cache, NotFound, Page, clamp, marked, page_of
from crosscheck.views.index import actor_refs, quote_rows
from crosscheck.views.records import (
    ArticleSearchHit,
    ArticleSummary,
    ClaimSearchHit,
    Fragment,
    OutletDetail,
    OutletSummary,
    QuoteRow,
    SearchResults,
    SourcingProfile,
    StoryRef,
)

# ------------------------------------------------------------------ outlets


_profiles = Cache(256)


def list_outlets(store: Store, limit: int = 100, offset: int = 0) -> Page[OutletSummary]:
    limit, offset = clamp(limit, offset)
    total, rows = store.outlets(limit, offset)
    return page_of([OutletSummary(name=r.name, articles=r.articles, first_published=r.first_published,
                                last_published=r.last_published) for r in rows], total, limit, offset)


def sourcing_profile(store: Store, outlet: str) -> SourcingProfile:
    """The outlet's sourcing profile: ``align.assess`` of each of its extracted articles, summed and averaged."""

    def make() -> SourcingProfile:
        p = SourcingProfile()
        scores, shares = [], []
        for a, e in store.articles_with_extractions(store.outlet_article_ids(outlet)):
            if e is None:
                continue
            ev, score = assess(a, e)
            scores.append(score)
            shares.append(ev.named_attribution_share)
            p.direct_quotes_named += ev.direct_quotes_named
            p.vague_sourcing += ev.vague_sourcing
            p.first_person += ev.first_person
            p.boilerplate_sections += ev.boilerplate_sections
            p.failed_self_claims += ev.failed_self_claims
            p.articles_with_failed_self_claims += ev.failed_self_claims > 0
        n = len(scores)
        p.articles_assessed = n
        if n:
            p.mean_score = round(sum(scores) / n, 3)
            p.named_attribution_share = round(sum(shares) / n, 3)
            p.direct_quotes_named_per_article = round(p.direct_quotes_named / n, 2)
            p.vague_sourcing_per_article = round(p.vague_sourcing / n, 2)
        return p

    return _profiles.get(store, ("profile", outlet), make)


def outlet_detail(store: Store, name: str, limit: int = 50, offset: int = 0) -> OutletDetail:
    """An outlet's stored articles (a page of them), its sourcing profile and its stories; :class:`NotFound` if none."""
    page = list_articles(store, limit, offset, outlet=name)
    if page.total == 0:
        raise NotFound("outlet", name)
    ids = store.outlet_article_ids(name)
    metas = store.article_metas(ids)
    dates = sorted(m.meta.published for m in metas.values() if m.meta.published)
    story_ids = sorted({s for v in store.story_ids_of(ids).values() for s in v})
    stories = [s for s in (store.find_story(x) for x in story_ids[:200]) if s is not None]
    stories.sort(key=lambda s: s.last_published or "", reverse=True)
    return OutletDetail(outlet=OutletSummary(name=name, articles=page.total, first_published=dates[0] if dates else None,
                                             last_published=dates[-1] if dates else None),
                        profile=sourcing_profile(store, name), articles=page,
                        stories=[StoryRef(id=s.id, title=s.title, first_published=s.first_published,
                                          last_published=s.last_published) for s in stories])


# ------------------------------------------------------------------ search


@lru_cache(maxsize=1)
def _claim_searches() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="crosscheck-claim-search")


def search_hits(store: Store, q: str, limit: int = 20, offset: int = 0) -> tuple[int, list[ArticleHit], list[ClaimHit]]:
    """(how many articles match, this page of them, the best ``limit`` claims: none past the first page), the
    newest :data:`~crosscheck.store.SEARCH_WINDOW` matches of each ranked. The claims are searched in another
    thread (its own database connection) while the articles are, so that a search takes the longer of the two
    rather than their sum (issue 17: at 100,000 articles each takes about 100 ms on PostgreSQL)."""
    claims = _claim_searches().submit(store.search_claims, q, limit=limit, newest=SEARCH_WINDOW) if offset == 0 else None
    try:
        total, hits = store.search_articles(q, limit, offset, newest=SEARCH_WINDOW)
    finally:
        found = claims.result() if claims is not None else []
    return total, hits, found


def search(store: Store, q: str, limit: int = 20, offset: int = 0) -> SearchResults:
    """Full-text search: articles by title and text (the store's index, best first, with marked snippets), claims
    (the store's claims index) and the quotes of the articles on this page that hold every word of the query."""
    limit, offset = clamp(limit, offset)
    total, hits, claim_hits = search_hits(store, q, limit, offset)
    stories = store.story_ids_of(h.meta.id for h in hits)
    articles = [ArticleSearchHit(
        article=ArticleSummary(id=h.meta.id, title=h.meta.title, outlet=h.meta.outlet, url=h.meta.url,
                               published=h.meta.published, language=h.meta.language, word_count=h.meta.word_count,
                               stories=stories.get(h.meta.id, [])),
        title=[Fragment(text=t, match=m) for t, m in marked(h.title)],
        snippet=[Fragment(text=t, match=m) for t, m in marked(h.snippet)], score=round(h.score, 6)) for h in hits]
    claims = [ClaimSearchHit(article=c.article_id, claim=c.claim_id, start=c.start, end=c.end, text=c.text,
                             source=c.source, score=round(c.score, 6)) for c in claim_hits]
    words = [w.casefold() for w in re.findall(r"[^\W_]+", q)]
    quotes: list[QuoteRow] = []
    if words and hits:  # the page's extractions alone (by primary key), not an index of every extraction
        parts = dict(store.iter_extraction_parts(("actors", "quotes"), [h.meta.id for h in hits]))
        page_quotes = (row for h in hits if h.meta.id in parts
                       for row in sorted(quote_rows(h.meta.id, h.meta.published, actor_refs(parts[h.meta.id][0]),
                                                    parts[h.meta.id][1]), key=lambda r: r.start))
        for row in page_quotes:
            if all(w in row.text.casefold() for w in words):
                quotes.append(row)
                if len(quotes) >= limit:
                    break
    return SearchResults(query=q, articles=page_of(articles, total, limit, offset), claims=claims, quotes=quotes)


