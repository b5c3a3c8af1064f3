"""Read-side views of the store for the web app and the API: typed functions that both call (``jobs`` re-exports them).

Modules: ``base`` (pages, identities, labels, caches), ``records`` (what the views return), ``stories``,
``articles``, ``index`` (actors, events and quotes across the store), ``outlets`` (outlets and search).

What this package decides:

- **An actor across articles.** Extraction ids (``a1``) are per article; across articles an actor is its kind and
  its name folded (case, accents, punctuation): ``person:mark-rutte``. Two people of one name are one actor here, and
  "Rutte" alone in an article that never names him in full is another: the extraction already merges mentions
  within an article, so full names are what articles share.
- **Cooperation or conflict.** PLOVER's AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID and RETREAT are
  cooperative, every other type conflictual (the edge colours of the actor graph).
- **Paging.** Every list is a :class:`Page`: ``limit`` items from ``offset``, with the ``total``.
- **Caches, keyed by :meth:`Store.fingerprint`.** A story's brief, the index of actors, events and quotes across
  all extractions, an outlet's sourcing profile: built on first use, rebuilt once anything is stored or the stories
  are regrouped. An extraction rewritten in place under the same article is not noticed until then.
- **Anchors.** An article page marks every sentence start and every record start with ``c-START``, so the evidence
  of a brief (a sentence, a quote, an event clause) links to its place.
"""

from __future__ import annotations

from crosscheck.views.articles import (
    ArticleView,
    IngestResult,
    PanelItem,
    Segment,
    Sentence,
    article_detail,
    article_view,
    ingest_articles,
    list_articles,
)
from crosscheck.views.base import (
    COOPERATIVE,
    MAX_LIMIT,
    Cache,
    NotFound,
    Page,
    View,
    actor_key,
    clamp,
    cooperative,
    key_of,
    marked,
    page_of,
    safe_link,
    source_label,
    window,
)
from crosscheck.views.index import (
    RecordIndex,
    actor_detail,
    actor_histogram,
    actor_timeline,
    event_histogram,
    list_actors,
    list_events,
    list_quotes,
    record_index,
)
from crosscheck.views.outlets import (
    list_outlets,
    outlet_detail,
    search,
    sourcing_profile,
)
from crosscheck.views.records import (
    ActorDetail,
    ActorRef,
    ActorSummary,
    ArticleDetail,
    ArticleSearchHit,
    ArticleSummary,
    ClaimSearchHit,
    Coverage,
    EventRow,
    Fragment,
    OutletDetail,
    OutletSummary,
    QuoteRow,
    SearchResults,
    SourcingProfile,
    StoryRef,
    StorySummary,
    summary_of,
)
from crosscheck.views.stories import (
    LIST_BRIEF_LIMIT,
    ActorGraph,
    GraphEdge,
    GraphNode,
    MatrixRow,
    SourceColumn,
    SourceOnly,
    SpeakerQuotes,
    StoryView,
    actor_graph,
    brief_for,
    cached_brief,
    coverage,
    fact_matrix,
    list_stories,
    story_brief,
    story_brief_json,
    story_counts,
    story_summary,
    story_view,
    warm,
)

__all__ = [
    "LIST_BRIEF_LIMIT", "story_brief_json", "ActorDetail", "ActorGraph", "ActorRef", "ActorSummary", "ArticleDetail", "ArticleSearchHit",
    "ArticleSummary", "ArticleView", "COOPERATIVE", "Cache", "ClaimSearchHit", "Coverage", "EventRow",
    "Fragment", "GraphEdge", "GraphNode", "IngestResult", "MAX_LIMIT", "MatrixRow", "NotFound", "OutletDetail",
    "OutletSummary", "Page", "PanelItem", "QuoteRow", "RecordIndex", "SearchResults", "Segment", "Sentence",
    "SourceColumn", "SourceOnly", "SourcingProfile", "SpeakerQuotes", "StoryRef", "StorySummary", "StoryView",
    "View", "actor_detail", "actor_graph", "actor_histogram", "actor_timeline", "actor_key", "article_detail", "article_view", "brief_for",
    "cached_brief", "clamp", "cooperative", "coverage", "event_histogram", "fact_matrix", "ingest_articles",
    "key_of", "list_actors", "list_articles", "list_events", "list_outlets", "list_quotes", "list_stories",
    "marked", "outlet_detail", "page_of", "record_index", "safe_link", "search", "source_label",
    "sourcing_profile", "story_brief", "story_counts", "story_summary", "story_view", "summary_of", "warm",
    "window",
]
