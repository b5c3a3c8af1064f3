"""The jobs crosscheck does, as typed functions: the CLI, the tests (and later the API and web app) call these."""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import IO, TextIO, TypeVar

from crosscheck import errors
from crosscheck.align import StoryOptions
from crosscheck.align.stories import arrival_order, group_in_order
from crosscheck.errors import InputProblem
from crosscheck.extract import ExtractFailure, extract_batch, is_english, run_batches
from crosscheck.ingest import Reader, ReadOptions, read_inputs
from crosscheck.ingest.dedup import DEFAULT_THRESHOLD, NearDuplicateIndex, url_key
from crosscheck.ingest.feeds import FeedEntry, FeedError, parse_feed
from crosscheck.ingest.fetch import FetchError
from crosscheck.ingest.guard import RefusedURL
from crosscheck.model import Actor, Article, Brief, Extraction, Story
from crosscheck.prepare import ReadyArticle, prepare_batch
from crosscheck.store import Copy, DuplicateIdError, FeedState, Store

T = TypeVar("T")


@dataclass(frozen=True)
class IngestOptions:
    """How an ingest runs: how inputs are read and fetched, when two texts count as the same copy (estimated
    Jaccard similarity of word 5-grams; None turns near-duplicate detection off), how many processes parse."""

    read: ReadOptions = field(default_factory=ReadOptions)
    near_duplicate: float | None = DEFAULT_THRESHOLD
    processes: int = 1
    #: Extract on this Dask cluster instead ("local:N" or a scheduler address, see crosscheck.cluster).
    dask: str | None = None


@dataclass
class RunReport:
    """What a run did: how many articles were extracted or stored, which were already stored, what was skipped."""

    extracted: int = 0
    stored: int = 0
    already_stored: int = 0
    near_duplicates: int = 0
    not_extracted: int = 0
    stored_ids: list[str] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def skip(self, problem: InputProblem, on_problem: Callable[[InputProblem], None] | None) -> None:
        """Records an input that was skipped and tells the caller at once."""
        self.problems.append(problem)
        if on_problem:
            on_problem(problem)


def _articles(items: Iterable[Article | InputProblem], report: RunReport,
              on_problem: Callable[[InputProblem], None] | None) -> Iterator[Article]:
    for item in items:
        if isinstance(item, InputProblem):
            report.skip(item, on_problem)
        else:
            yield item


def _extractions(articles: Iterable[Article], processes: int, dask: str | None,
                 on_error: Callable[[ExtractFailure], None],
                 work: Callable[[list[Article]], list[T | ExtractFailure]] = extract_batch) -> Iterator[T]:
    """Extractions in input order (or what another batch function ``work`` gives, see
    :func:`crosscheck.extract.run_batches`): in this process, in ``processes`` worker processes, or on a Dask
    cluster."""
    if dask:
        from crosscheck.cluster import ClusterSpec, extract_on_cluster

        return extract_on_cluster(articles, ClusterSpec.parse(dask), on_error=on_error, work=work)
    if processes > 1:
        preload_workers()
        return run_batches(articles, work, batch_size=WORKER_BATCH_SIZE, processes=processes, on_error=on_error)
    return run_batches(articles, work, processes=processes, on_error=on_error)


#: Articles per task with several processes: small tasks keep every worker busy to the end of a run (with 32, 200
#: articles make seven tasks, and the last runs on one worker while the other has nothing left to do).
WORKER_BATCH_SIZE = 8


def preload_workers() -> None:
    """Parse workers start ready: the forkserver they are forked from imports the command line's modules (each
    worker runs the program's main module again, which then finds them imported; Python 3.11's forkserver does not
    preload ``__main__`` itself) and :mod:`crosscheck.preload` (the pipeline loaded and warmed), when it starts,
    that is before this process first starts workers."""
    if sys.platform != "win32":
        from multiprocessing import forkserver

        multiprocessing.get_context("forkserver").set_forkserver_preload(["crosscheck.cli", "crosscheck.jobs", "crosscheck.preload"])
        forkserver.ensure_running()  # it loads the pipeline while this process reads the first articles


def extract_to(inputs: Iterable[str], out: TextIO, options: ReadOptions = ReadOptions(),
               on_problem: Callable[[InputProblem], None] | None = None,
               on_article: Callable[[Extraction], None] | None = None, processes: int = 1,
               dask: str | None = None) -> RunReport:
    """Extraction objects as JSON Lines, no store involved (what ``../shared/eval/score.py`` reads)."""
    return _extract_each(inputs, lambda ext: out.write(ext.to_json() + "\n"), options, on_problem, on_article,
                         processes, dask)


def extract_to_parquet(inputs: Iterable[str], out: str | Path | IO[bytes], options: ReadOptions = ReadOptions(),
                       on_problem: Callable[[InputProblem], None] | None = None,
                       on_article: Callable[[Extraction], None] | None = None, processes: int = 1,
                       dask: str | None = None) -> RunReport:
    """The same extractions as :func:`extract_to`, as one Parquet file (see :mod:`crosscheck.parquet`)."""
    from crosscheck.parquet import ParquetOut

    with ParquetOut(out) as sink:
        return _extract_each(inputs, sink.write, options, on_problem, on_article, processes, dask)


def _extract_each(inputs: Iterable[str], write: Callable[[Extraction], None], options: ReadOptions,
                  on_problem: Callable[[InputProblem], None] | None, on_article: Callable[[Extraction], None] | None,
                  processes: int, dask: str | None) -> RunReport:
    report = RunReport()
    failed = _failure_reporter(report, on_problem)
    for ext in _extractions(_articles(read_inputs(inputs, options), report, on_problem), processes, dask, failed):
        write(ext)
        report.extracted += 1
        if on_article:
            on_article(ext)
    return report


def extract_to_shards(inputs: Iterable[str], folder: Path, dask: str, options: ReadOptions = ReadOptions(),
                      on_problem: Callable[[InputProblem], None] | None = None,
                      on_article: Callable[[Extraction], None] | None = None, fmt: str = "jsonl") -> RunReport:
    """Extracts on a Dask cluster into one file per partition in ``folder``, JSON Lines or Parquet (``fmt``; see
    :func:`crosscheck.cluster.write_shards`)."""
    from crosscheck.cluster import ClusterSpec, write_shards

    report = RunReport()

    def counted(ext: Extraction) -> None:
        report.extracted += 1
        if on_article:
            on_article(ext)

    write_shards(_articles(read_inputs(inputs, options), report, on_problem), ClusterSpec.parse(dask), folder,
                 on_error=_failure_reporter(report, on_problem), on_article=counted, fmt=fmt)
    return report


def ingest(inputs: Iterable[str], store: Store, options: IngestOptions = IngestOptions(),
           on_problem: Callable[[InputProblem], None] | None = None,
           on_article: Callable[[Article], None] | None = None) -> RunReport:
    """Reads, extracts and stores articles from files, folders and URLs (see :func:`ingest_items`)."""
    return ingest_items(read_inputs(inputs, options.read), store, options, on_problem, on_article)


def ingest_items(items: Iterable[Article | InputProblem], store: Store, options: IngestOptions = IngestOptions(),
                 on_problem: Callable[[InputProblem], None] | None = None,
                 on_article: Callable[[Article], None] | None = None, report: RunReport | None = None) -> RunReport:
    """Extracts and stores articles, each in its own transaction, so that an ingest killed at any point and run
    again stores every article exactly once. An article whose content or canonical URL is already stored is
    counted, not parsed; a near-duplicate of a stored article is stored and linked to it; an article in another
    language is stored, marked with its language, and not run through the English pipeline."""
    report = report if report is not None else RunReport()
    pending: deque[Article] = deque()  # parsed in order: the next extraction belongs to the oldest pending article
    queued: set[str] = set()
    index = NearDuplicateIndex(options.near_duplicate) if options.near_duplicate else None
    if index is not None:
        for aid, root, sig in store.signatures():
            index.add(aid, sig, root)

    def fresh() -> Iterator[Article]:
        for a in _articles(items, report, on_problem):
            key = url_key(a.url)
            if {a.content_hash, key} & queued or store.has_content(a.content_hash) or store.has_url(key):
                report.already_stored += 1
                if on_article:
                    on_article(a)
                continue
            queued.update(k for k in (a.content_hash, key) if k)
            pending.append(a)
            yield a

    # each article's rows and signature computed where it is parsed (in the workers with several processes)
    work = partial(prepare_batch, minhash=index is not None)
    for ready in _extractions(fresh(), options.processes, options.dask, _failure_reporter(report, on_problem), work):
        article = pending.popleft()
        while article.id != ready.article_id and pending:  # the articles before it failed and were reported
            article = pending.popleft()
        _store_one(store, article, ready, index, report, on_problem)
        if on_article:
            on_article(article)
    return report


def _failure_reporter(report: RunReport, on_problem: Callable[[InputProblem], None] | None) -> Callable[[ExtractFailure], None]:
    return lambda f: report.skip(InputProblem(f.article_id, f.message), on_problem)


def _store_one(store: Store, article: Article, ready: ReadyArticle, index: NearDuplicateIndex | None,
               report: RunReport, on_problem: Callable[[InputProblem], None] | None) -> None:
    sig = ready.minhash if index is not None else None
    match = index.match(sig) if index is not None and sig is not None else None
    english = is_english(article)
    copy = Copy(url_key=url_key(article.url), minhash=sig, near_duplicate_of=match.root if match else None,
                similarity=round(match.similarity, 3) if match else None)
    try:  # this process's article (the worker's copy came back equal): on_article hears of the same object
        stored = store.add_one_prepared(replace(ready.prepared, article=article), copy)
    except DuplicateIdError:
        report.skip(InputProblem(article.source or article.id, errors.DUPLICATE_ID.format(id=article.id)), on_problem)
        return
    if not stored:
        report.already_stored += 1
        return
    report.stored += 1
    report.stored_ids.append(article.id)
    report.near_duplicates += match is not None
    report.not_extracted += not english
    if index is not None and sig is not None:
        index.add(article.id, sig, copy.near_duplicate_of)


@dataclass(frozen=True)
class FeedPoll:
    """One feed's poll: ``"not modified"``, ``"N new entries"`` or the problem that stopped it."""

    url: str
    status: str
    new_entries: int = 0


@dataclass(frozen=True)
class StoryChange:
    """A story that newly stored articles opened or joined."""

    story: Story
    new_articles: list[str]
    opened: bool


@dataclass
class PollReport:
    feeds: list[FeedPoll] = field(default_factory=list)
    run: RunReport = field(default_factory=RunReport)
    changes: list[StoryChange] = field(default_factory=list)


def poll_feeds(feed_urls: Iterable[str], store: Store, options: IngestOptions = IngestOptions(),
               on_problem: Callable[[InputProblem], None] | None = None,
               on_article: Callable[[Article], None] | None = None) -> PollReport:
    """Polls each feed once with a conditional request (ETag / Last-Modified from the last poll), ingests the
    entries not stored yet, regroups the stories and says which stories the new articles opened or joined."""
    report = PollReport()
    reader = Reader(options.read)
    entries: list[FeedEntry] = []
    try:
        for url in feed_urls:
            got = _poll_one(url, store, reader)
            if isinstance(got, InputProblem):
                report.run.skip(got, on_problem)
                report.feeds.append(FeedPoll(url, got.message))
                continue
            modified, feed_entries = got
            fresh = [e for e in feed_entries if e.link and not store.has_url(url_key(e.link)) and not store.has_source(e.link)]
            entries.extend(fresh)
            report.feeds.append(FeedPoll(url, f"{len(fresh)} new entries" if modified else "not modified", len(fresh)))
        items = (item for e in entries if e.link
                 for item in reader.read_url(e.link, title=e.title, published=e.published, pages_only=True))
        ingest_items(items, store, options, on_problem, on_article, report=report.run)
    finally:
        reader.close()
    if report.run.stored_ids:
        before = {aid for s in store.list_stories() for aid in s.articles}
        new = set(report.run.stored_ids)
        for s in stories(store):
            added = [a for a in s.articles if a in new]
            if added:
                report.changes.append(StoryChange(s, added, opened=not any(a in before for a in s.articles)))
    return report


def _poll_one(url: str, store: Store, reader: Reader) -> tuple[bool, list[FeedEntry]] | InputProblem:
    """(whether the feed changed since the last poll, its entries), or the problem that stopped the poll."""
    state = store.feed_state(url)
    headers = {}
    if state and state.etag:
        headers["If-None-Match"] = state.etag
    if state and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified

    def keep_validators(status: str) -> None:
        store.save_feed_state(replace(state or FeedState(url), polled_at=None, status=status))

    try:
        resp = reader.fetcher.get(url, headers=headers)
        if resp.status == 304:
            keep_validators("not modified")
            return False, []
        feed = parse_feed(resp.body, resp.final_url)
    except (FetchError, RefusedURL, FeedError) as exc:
        keep_validators(str(exc))
        return InputProblem(url, str(exc))
    store.save_feed_state(FeedState(url, feed.title, resp.headers.get("etag"), resp.headers.get("last-modified"),
                                    None, f"{len(feed.entries)} entries"))
    return True, list(feed.entries)


def stories(store: Store, options: StoryOptions = StoryOptions()) -> list[Story]:
    """Groups every stored article into stories and stores the grouping: the articles stream through the
    grouper in its order (oldest first, then by id: :func:`crosscheck.align.group_stories`' order), one chunk of
    texts read at a time, so memory holds what the grouper keeps (each story's word and actor counts), not every
    article's text and actor mentions (12.7 GB at 100,000 articles when they were all read first). Grouping reads
    only each article's text and the actors of its extraction (whole extractions, claims and all, would cost more
    than the grouping itself at 100,000 articles)."""
    result = group_in_order(grouping_stream(store), options)
    result.sort(key=lambda s: (-len(s.articles), s.first_published or "", s.id))
    store.replace_stories(result)
    return result


def grouping_stream(store: Store) -> Iterator[tuple[Article, Extraction]]:
    """Every extracted article with its extraction's actors (nothing else of it), oldest first and then by id
    (undated first), read a chunk at a time: what :func:`~crosscheck.align.stories.group_in_order` takes in."""
    order = sorted(store.extracted_published(), key=lambda r: arrival_order(r[0], r[1]))
    for a, (actors,) in store.iter_articles_with_parts(("actors",), [aid for aid, _ in order]):
        # stored data, validated when it was stored
        yield a, Extraction.model_construct(article=a.meta(), actors=[Actor.model_construct(**x) for x in json.loads(actors)])


def brief(store: Store, story_id: str) -> Brief:
    story = store.find_story(story_id)
    if story is None:
        raise KeyError(story_id)
    return views.stories.brief_for(store, story)  # its articles in one query, its claims' stored embeddings


def latest_story(store: Store) -> Story | None:
    """The story with the most sources, newest first among equals (for ``brief --latest``)."""
    all_stories = store.list_stories()
    if not all_stories:
        return None
    return sorted(all_stories, key=lambda s: (-len(s.articles), -(int((s.last_published or "0000").replace("-", "")[:8] or 0))))[0]


# ------------------------------------------------------------------ read-side views (the web app and the API)
# They live in crosscheck.views and are re-exported here, so that every caller finds the jobs in one place.
from crosscheck import views  # noqa: E402

NotFound = views.NotFound
Page = views.Page
actor_detail = views.actor_detail
actor_histogram = views.actor_histogram
actor_timeline = views.actor_timeline
article_detail = views.article_detail
article_view = views.article_view
event_histogram = views.event_histogram
ingest_articles = views.ingest_articles
list_actors = views.list_actors
list_articles = views.list_articles
list_events = views.list_events
list_outlets = views.list_outlets
list_quotes = views.list_quotes
list_stories = views.list_stories
outlet_detail = views.outlet_detail
search = views.search
story_brief = views.story_brief
story_brief_json = views.story_brief_json
story_summary = views.story_summary
story_view = views.story_view


# ------------------------------------------------------------------ questions (crosscheck ask, GET /api/ask)


def ask(store: Store, question: str, story: str | None = None, limit: int = 10) -> AskResult:
    """The stored sentences that answer ``question``, ranked and grouped by what they say (``story``: only that
    story's articles). :class:`crosscheck.ask.BadQuestion` (one line) for a question that cannot be asked,
    :class:`crosscheck.views.NotFound` for an unknown story."""
    from crosscheck.ask import ask as answer

    article_ids = None
    if story is not None:
        found = store.find_story(story)
        if found is None:
            raise views.NotFound("story", story)
        article_ids = list(found.articles)
    return answer(store, question, article_ids, limit)


from crosscheck.ask import AskResult  # noqa: E402
