"""The jobs crosscheck does, as typed functions: the CLI, the tests (and later the API and web app) call these."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from crosscheck import errors
from crosscheck.align import StoryOptions, build_brief, group_stories
from crosscheck.errors import InputProblem
from crosscheck.extract import extract_articles
from crosscheck.ingest import ReadOptions, read_inputs
from crosscheck.model import Article, Brief, Extraction, Story
from crosscheck.store import DuplicateIdError, Store


@dataclass
class RunReport:
    """What a run did: how many articles were extracted or stored, which were already stored, what was skipped."""

    extracted: int = 0
    stored: int = 0
    already_stored: int = 0
    problems: list[InputProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _articles(inputs: Iterable[str], options: ReadOptions, report: RunReport,
              on_problem: Callable[[InputProblem], None] | None) -> Iterator[Article]:
    for item in read_inputs(inputs, options):
        if isinstance(item, InputProblem):
            report.problems.append(item)
            if on_problem:
                on_problem(item)
        else:
            yield item


def extract_to(inputs: Iterable[str], out: TextIO, options: ReadOptions = ReadOptions(),
               on_problem: Callable[[InputProblem], None] | None = None,
               on_article: Callable[[Extraction], None] | None = None) -> RunReport:
    """Extraction objects as JSON Lines, no store involved (what ``../shared/eval/score.py`` reads)."""
    report = RunReport()
    for ext in extract_articles(_articles(inputs, options, report, on_problem)):
        out.write(ext.to_json() + "\n")
        report.extracted += 1
        if on_article:
            on_article(ext)
    return report


def ingest(inputs: Iterable[str], store: Store, options: ReadOptions = ReadOptions(),
           on_problem: Callable[[InputProblem], None] | None = None,
           on_article: Callable[[Article], None] | None = None) -> RunReport:
    """Reads, extracts and stores articles; an article whose content is already stored is counted, not parsed."""
    report = RunReport()
    pending: deque[Article] = deque()  # parsed in order: the next extraction belongs to the oldest pending article
    queued: set[str] = set()

    def fresh() -> Iterator[Article]:
        for a in _articles(inputs, options, report, on_problem):
            if a.content_hash in queued or store.has_content(a.content_hash):
                report.already_stored += 1
                if on_article:
                    on_article(a)
                continue
            queued.add(a.content_hash)
            pending.append(a)
            yield a

    for ext in extract_articles(fresh()):
        article = pending.popleft()
        try:
            if store.add(article, ext, source=None):
                report.stored += 1
            else:
                report.already_stored += 1
        except DuplicateIdError:
            p = InputProblem(article.id, errors.DUPLICATE_ID.format(id=article.id))
            report.problems.append(p)
            if on_problem:
                on_problem(p)
        if on_article:
            on_article(article)
    return report


def stories(store: Store, options: StoryOptions = StoryOptions()) -> list[Story]:
    """Groups every stored article into stories and stores the grouping."""
    items = [(store.article(e.article.id), e) for e in store.iter_extractions()]
    result = group_stories([(a, e) for a, e in items if a is not None], options)
    result.sort(key=lambda s: (-len(s.articles), s.first_published or "", s.id))
    store.replace_stories(result)
    return result


def brief(store: Store, story_id: str) -> Brief:
    story = store.story(story_id)
    if story is None:
        raise KeyError(story_id)
    items = []
    for aid in story.articles:
        a, e = store.article(aid), store.extraction(aid)
        if a is not None and e is not None:
            items.append((a, e))
    return build_brief(story, items)


def latest_story(store: Store) -> Story | None:
    """The story with the most sources, newest first among equals (for ``brief --latest``)."""
    all_stories = store.list_stories()
    if not all_stories:
        return None
    return sorted(all_stories, key=lambda s: (-len(s.articles), -(int((s.last_published or "0000").replace("-", "")[:8] or 0))))[0]
