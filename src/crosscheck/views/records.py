"""The records the views return (pydantic, so that the API documents them): what pages and JSON show."""

from __future__ import annotations

from pydantic import Field

from crosscheck.model import (
    Article,
    Extraction,
)
from crosscheck.store import StoredArticle
from crosscheck.views.base import Page, View

# ------------------------------------------------------------------ records of the views


class ActorRef(View):
    id: str
    name: str


class Fragment(View):
    text: str
    match: bool = False


class StorySummary(View):
    id: str
    title: str | None
    article_ids: list[str]
    articles: int
    outlets: int
    outlet_names: list[str]
    first_published: str | None
    last_published: str | None
    #: None while a large story waits for its brief (the list does not wait for it)
    agreements: int | None
    conflicts: int | None


class ArticleSummary(View):
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    language: str | None
    word_count: int
    near_duplicate_of: str | None = None
    stories: list[str] = Field(default_factory=list)


class ArticleDetail(View):
    article: Article
    extraction: Extraction | None
    stories: list[str]


class EventRow(View):
    article: str
    published: str | None
    event: str
    type: str
    cooperative: bool
    cameo: str | None
    mode: str | None
    actors: list[ActorRef]
    recipients: list[ActorRef]
    date: str | None
    date_range: list[str] | None
    location: str | None
    negated: bool
    modality: str
    text: str
    start: int
    end: int


class QuoteRow(View):
    article: str
    published: str | None
    quote: str
    speaker: ActorRef | None
    speaker_text: str | None
    text: str
    direct: bool
    cue: str | None
    start: int
    end: int


class ActorSummary(View):
    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    roles: list[str]
    articles: int
    events: int
    #: None on an actor's page when the actor is named in too many articles to count them all
    #: (:data:`crosscheck.views.index.ACTOR_SAMPLE`)
    quotes: int | None


class StoryRef(View):
    id: str
    title: str | None
    first_published: str | None
    last_published: str | None


class ActorDetail(View):
    """An actor's page: its summary and names, one page (``limit`` from ``offset``) of its events as actor, of its
    events as recipient and of its quotes, with how many there are of each (``quotes_total`` None: not counted,
    the actor is named in too many articles), and its stories. ``sampled``: the summary's names, country, sector
    and roles and the stories come from the actor's newest articles only."""

    actor: ActorSummary
    names: list[str]
    events_as_actor: list[EventRow]
    events_as_recipient: list[EventRow]
    quotes: list[QuoteRow]
    stories: list[StoryRef]
    limit: int = 50
    offset: int = 0
    events_as_actor_total: int = 0
    events_as_recipient_total: int = 0
    quotes_total: int | None = 0
    sampled: bool = False


class OutletSummary(View):
    name: str
    articles: int
    first_published: str | None
    last_published: str | None


class SourcingProfile(View):
    """An outlet's sourcing across its stored articles: the per-article assessment (``align.assess``), aggregated."""

    articles_assessed: int = 0
    mean_score: float = 0.0
    named_attribution_share: float = 0.0
    direct_quotes_named: int = 0
    direct_quotes_named_per_article: float = 0.0
    vague_sourcing: int = 0
    vague_sourcing_per_article: float = 0.0
    first_person: int = 0
    boilerplate_sections: int = 0
    failed_self_claims: int = 0
    articles_with_failed_self_claims: int = 0


class OutletDetail(View):
    outlet: OutletSummary
    profile: SourcingProfile
    articles: Page[ArticleSummary]
    stories: list[StoryRef]


class ArticleSearchHit(View):
    article: ArticleSummary
    title: list[Fragment]
    snippet: list[Fragment]
    score: float


class ClaimSearchHit(View):
    article: str
    claim: str
    start: int
    end: int
    text: str
    source: str | None
    score: float


class SearchResults(View):
    query: str
    articles: Page[ArticleSearchHit]
    claims: list[ClaimSearchHit]
    quotes: list[QuoteRow]


def summary_of(m: StoredArticle, stories: list[str] | None = None) -> ArticleSummary:
    a = m.meta
    return ArticleSummary(id=a.id, title=a.title, outlet=a.outlet, url=a.url, published=a.published, language=a.language,
                          word_count=a.word_count, near_duplicate_of=m.near_duplicate_of, stories=stories or [])


class Coverage(View):
    """Articles per day (or per week, for long stories) per outlet."""

    unit: str
    days: list[str]
    outlets: list[str]
    counts: dict[str, list[int]]
    undated: int = 0


