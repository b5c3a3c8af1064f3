"""The command line: each command a thin wrapper over a function in :mod:`crosscheck.jobs`."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from crosscheck import __version__, jobs
from crosscheck.errors import CrosscheckError, InputProblem
from crosscheck.ingest import DEFAULT_MAX_BYTES, ReadOptions
from crosscheck.ingest.dedup import DEFAULT_THRESHOLD
from crosscheck.ingest.fetch import FetchOptions
from crosscheck.model import json_schema_text
from crosscheck.store import DEFAULT_URL, Store

#: Exit code when some inputs were skipped (the rest were processed).
EXIT_SKIPPED = 3

app = typer.Typer(add_completion=False, no_args_is_help=True, help="crosscheck: news articles in, one verifiable cross-source record out.")
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


class State:
    db: str = DEFAULT_URL


def _store() -> Store:
    return Store(State.db)


def _problem(p: InputProblem) -> None:
    err.print(f"[yellow]{p}[/yellow]", markup=True, soft_wrap=True) if err.is_terminal else print(str(p), file=sys.stderr)


def _row(line: str) -> None:
    """One tab-separated line of a listing, printed as is (rich would turn the tabs into spaces)."""
    print(line, flush=True)


def _version(value: bool) -> None:
    if value:
        print(f"crosscheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[str, typer.Option("--db", envvar="CROSSCHECK_DB", help="Store URL: a SQLite file (default ./crosscheck.db) or postgresql://...")] = DEFAULT_URL,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    State.db = db


InputsArg = Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs: .txt, .jsonl[.gz], .html, .warc[.gz], RSS/Atom feeds, OPML lists, web pages (a folder: every file in it).")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Refuse a file, page or JSON Lines record larger than this many bytes.")]
AllowPrivate = Annotated[bool, typer.Option("--allow-private", help="Fetch URLs on loopback, private and link-local addresses too (refused by default).")]
Timeout = Annotated[float, typer.Option("--timeout", help="Seconds to wait for a web server before giving up (it is retried).")]
Interval = Annotated[float, typer.Option("--per-host-interval", help="Seconds between two requests to the same web host.")]
NearDup = Annotated[float, typer.Option("--near-duplicate", min=0.0, max=1.0, help="Similarity (0-1, MinHash estimate of word 5-gram Jaccard) from which two articles are linked as the same copy; 0 turns it off.")]
Processes = Annotated[int, typer.Option("--processes", min=1, help="Parse in this many processes.")]


def _ingest_options(max_bytes: int, allow_private: bool, timeout: float, interval: float, near_duplicate: float,
                    processes: int) -> jobs.IngestOptions:
    fetch = FetchOptions(timeout=timeout, min_interval=interval, allow_private=allow_private)
    return jobs.IngestOptions(read=ReadOptions(max_bytes=max_bytes, fetch=fetch), near_duplicate=near_duplicate or None,
                              processes=processes)


def _summary(report: jobs.RunReport, store: Store) -> str:
    extra = []
    if report.near_duplicates:
        extra.append(f"{report.near_duplicates} near-duplicates linked")
    if report.not_extracted:
        extra.append(f"{report.not_extracted} in other languages stored unextracted")
    more = f", {', '.join(extra)}" if extra else ""
    return (f"stored {report.stored} new articles, {report.already_stored} already stored, {len(report.problems)} skipped"
            f"{more} ({store.count()} in {State.db})")


def _progress() -> Progress:
    return Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                    TimeElapsedColumn(), console=err, transient=not err.is_terminal)


@app.command()
def extract(inputs: InputsArg, output: Annotated[Path | None, typer.Option("-o", "--output", help="Write JSON Lines here (default: standard output).")] = None,
            max_bytes: MaxBytes = DEFAULT_MAX_BYTES, allow_private: AllowPrivate = False, processes: Processes = 1) -> None:
    """Extract actors, events, quotes, quantities and dates as JSON Lines (no store involved)."""
    opts = ReadOptions(max_bytes=max_bytes, fetch=FetchOptions(allow_private=allow_private))
    if output is None:
        report = jobs.extract_to(inputs, sys.stdout, opts, on_problem=_problem, processes=processes)
    else:
        with output.open("w", encoding="utf-8") as fh:
            report = jobs.extract_to(inputs, fh, opts, on_problem=_problem, processes=processes)
        err.print(f"extracted {report.extracted} articles to {output}")
    if not report.ok:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def ingest(inputs: InputsArg, max_bytes: MaxBytes = DEFAULT_MAX_BYTES, allow_private: AllowPrivate = False,
           timeout: Timeout = 15.0, per_host_interval: Interval = 1.0, near_duplicate: NearDup = DEFAULT_THRESHOLD,
           processes: Processes = 1) -> None:
    """Read, extract and store articles from files, folders, web pages, feeds and web archives; the same article
    twice is stored once, near-duplicates are linked, an interrupted ingest can simply be run again."""
    store = _store()
    opts = _ingest_options(max_bytes, allow_private, timeout, per_host_interval, near_duplicate, processes)
    with _progress() as progress:
        task = progress.add_task("", total=None)
        report = jobs.ingest(inputs, store, opts, on_problem=_problem,
                             on_article=lambda a: progress.update(task, advance=1, description=a.id[:40]))
    err.print(_summary(report, store), soft_wrap=True)
    if not report.ok:
        raise typer.Exit(EXIT_SKIPPED)


def parse_every(value: str) -> float:
    """Seconds in "15m", "1h", "90s", "2h30m" or a bare number of seconds."""
    text = value.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        seconds = float(text)
    else:
        parts = re.findall(r"(\d+(?:\.\d+)?)\s*([hms])", text)
        if not parts or "".join(n + u for n, u in parts) != re.sub(r"\s+", "", text):
            raise typer.BadParameter(f"{value!r} is not a duration such as 15m, 1h or 90s")
        seconds = sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)
    if seconds <= 0:
        raise typer.BadParameter("the interval must be positive")
    return seconds


@app.command()
def watch(feeds: Annotated[list[str], typer.Argument(help="Feed URLs (RSS or Atom).")],
          every: Annotated[str, typer.Option("--every", help="How often to poll: 15m, 1h, 90s ...")] = "15m",
          once: Annotated[bool, typer.Option("--once", help="Poll once and exit (for cron jobs and tests).")] = False,
          max_bytes: MaxBytes = DEFAULT_MAX_BYTES, allow_private: AllowPrivate = False, timeout: Timeout = 15.0,
          per_host_interval: Interval = 1.0, near_duplicate: NearDup = DEFAULT_THRESHOLD) -> None:
    """Poll feeds (conditional requests), ingest their new entries and print what changed in the stories."""
    seconds = parse_every(every)
    store = _store()
    opts = _ingest_options(max_bytes, allow_private, timeout, per_host_interval, near_duplicate, 1)
    while True:
        report = jobs.poll_feeds(feeds, store, opts, on_problem=_problem)
        for f in report.feeds:
            _row(f"{f.url}\t{f.status}")
        for c in report.changes:
            verb = "new story" if c.opened else f"+{len(c.new_articles)} articles"
            _row(f"{c.story.id}\t{verb}\t{len(c.story.articles)} articles\t{c.story.title or ''}")
        err.print(_summary(report.run, store), soft_wrap=True)
        if once:
            if not report.run.ok:
                raise typer.Exit(EXIT_SKIPPED)
            return
        time.sleep(seconds)


@app.command()
def duplicates(as_json: Annotated[bool, typer.Option("--json", help="One JSON object per group.")] = False) -> None:
    """Articles that several outlets ran as the same copy (near-duplicates), each group with its outlets."""
    store = _store()
    metas = {r.meta.id: r for r in store.list_articles()}
    for root, copies in store.near_duplicates().items():
        ids = [root, *copies]
        outlets = sorted({metas[i].meta.outlet or "?" for i in ids if i in metas})
        if as_json:
            print(json.dumps({"article": root, "copies": copies, "outlets": outlets,
                              "similarity": {i: metas[i].similarity for i in copies if i in metas}}, ensure_ascii=False))
        else:
            title = metas[root].meta.title if root in metas else ""
            _row(f"{root}\t{len(ids)} copies\t{len(outlets)} outlets: {', '.join(outlets)}\t{title or ''}")


@app.command()
def articles(as_json: Annotated[bool, typer.Option("--json", help="One JSON object of article metadata per line.")] = False) -> None:
    """List the stored articles."""
    rows = _store().list_articles()
    for r in rows:
        if as_json:
            print(json.dumps({**r.meta.model_dump(), "content_hash": r.content_hash, "source": r.source,
                              "near_duplicate_of": r.near_duplicate_of}, ensure_ascii=False))
        else:
            dup = f"\tsame copy as {r.near_duplicate_of}" if r.near_duplicate_of else ""
            lang = f"\t[{r.meta.language}, not extracted]" if r.meta.language and not r.meta.language.startswith("en") else ""
            _row(f"{r.meta.id}\t{r.meta.published or '-'}\t{r.meta.outlet or '-'}\t{r.meta.word_count} words\t{r.meta.title or ''}{dup}{lang}")


@app.command()
def show(article_id: str, as_json: Annotated[bool, typer.Option("--json", help="The extraction object as JSON.")] = False) -> None:
    """Print an article's extraction readably (or as JSON)."""
    from crosscheck.report.markdown import extraction_markdown

    store = _store()
    ext, art = store.extraction(article_id), store.article(article_id)
    if art is not None and ext is None:
        raise CrosscheckError(f"article {article_id!r} is stored in {art.language or 'an unknown language'}; "
                              "crosscheck extracts English articles only")
    if ext is None or art is None:
        raise CrosscheckError(f"no stored article {article_id!r} (see `crosscheck articles`)")
    if as_json:
        print(ext.model_dump_json(indent=2))
    else:
        out.print(Markdown(extraction_markdown(ext, art.text)))


@app.command()
def stories(as_json: Annotated[bool, typer.Option("--json", help="Stories as JSON Lines.")] = False) -> None:
    """Group the stored articles into stories."""
    result = jobs.stories(_store())
    for s in result:
        if as_json:
            print(s.model_dump_json())
        else:
            _row(f"{s.id}\t{len(s.articles)} articles\t{s.first_published or '-'}\t{s.title or ''}")


@app.command()
def brief(story_id: Annotated[str | None, typer.Argument(help="A story id from `crosscheck stories`.")] = None,
          latest: Annotated[bool, typer.Option("--latest", help="The story with the most sources.")] = False,
          as_json: Annotated[bool, typer.Option("--json", help="The brief as JSON.")] = False,
          raw: Annotated[bool, typer.Option("--markdown", help="Print Markdown source instead of rendering it.")] = False) -> None:
    """A story's brief: what happened, who said what, the numbers, agreements, conflicts, each source's part."""
    from crosscheck.report.markdown import brief_markdown

    store = _store()
    if story_id is None:
        if not latest:
            raise CrosscheckError("name a story (see `crosscheck stories`) or pass --latest")
        story = jobs.latest_story(store)
        if story is None:
            raise CrosscheckError("no stories yet: run `crosscheck stories` first")
        story_id = story.id
    try:
        b = jobs.brief(store, story_id)
    except KeyError:
        raise CrosscheckError(f"no story {story_id!r} (see `crosscheck stories`)") from None
    if as_json:
        print(b.model_dump_json(indent=2))
    elif raw or not out.is_terminal:
        print(brief_markdown(b))
    else:
        out.print(Markdown(brief_markdown(b)))


@app.command()
def ask(question: Annotated[str, typer.Argument(help="The question, in English, in quotes.")],
        story: Annotated[str | None, typer.Option("--story", help="Only this story's articles (an id from `crosscheck stories`).")] = None,
        limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="At most this many answers.")] = 10,
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object: question, answered, answers in rank order.")] = False) -> None:
    """Answer a question from the stored articles: the sentences that answer it, grouped by what each source says."""
    from crosscheck.ask import NO_ANSWER
    from crosscheck.views import NotFound

    store = _store()
    try:
        result = jobs.ask(store, question, story, limit)
    except NotFound:
        raise CrosscheckError(f"no story {safe(repr(story))} (see `crosscheck stories`)") from None
    if as_json:
        _json(result.model_dump_json())
        return
    print(safe(f"Q: {result.question}"))
    if not result.answers:
        print(f"{NO_ANSWER}: no stored sentence shares a word with the question" if store.count() else
              f"{NO_ANSWER}: the store is empty (crosscheck ingest FILES)")
        return
    if not result.answered:
        print(f"{NO_ANSWER}; the closest sentences, which do not answer it:")
    groups: dict[int, list] = {}
    for a in result.answers:
        groups.setdefault(a.group, []).append(a)
    print(f"{len(groups)} distinct answer{'s' if len(groups) != 1 else ''}:")
    for g, members in groups.items():
        outlets = list(dict.fromkeys(a.outlet or a.article for a in members))
        print(safe(f"  [{g}] {', '.join(outlets)}: {members[0].text[:160]}"))
    print("sentences:")
    for n, a in enumerate(result.answers, 1):
        who = f" ({a.speaker})" if a.speaker else ""
        print(safe(f"  {n}. [{a.group}] {a.outlet or 'unknown outlet'}, {a.article} {a.start}-{a.end}{who}: {a.text}"))


@app.command("eval")
def eval_(shared: Annotated[Path, typer.Option("--shared", help="The folder holding eval/score.py and data/.")] = Path("../shared"),
          out_dir: Annotated[Path, typer.Option("--out", help="Where inputs, extractions, score reports and results.json go.")] = Path("out/eval"),
          only: Annotated[list[str] | None, typer.Option("--only", help="Score only this data set (repeatable): seeds, conll, polnear, tempeval, plover-gsr, basil.")] = None) -> None:
    """Prepare, extract and score every development data set with score.py; print one table."""
    from rich.table import Table

    from crosscheck.evaluate import EvalError, run_eval

    table = Table("data set", "articles", "seconds", "score.py summary", title="crosscheck eval")
    try:
        results = run_eval(shared, out_dir, only, on_result=lambda r: err.print(f"{r.dataset}: {r.summary}", markup=False))
    except EvalError as exc:
        raise CrosscheckError(str(exc)) from None
    for r in results:
        table.add_row(r.dataset, str(r.articles), f"{r.seconds:.0f}", r.summary)
    out.print(table)
    err.print(f"reports and results.json in {out_dir}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of extractions, stories and briefs."""
    sys.stdout.write(json_schema_text())


@app.command()
def serve(host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
          token_file: Annotated[Path | None, typer.Option("--token-file", help="File whose first line is the token POST /api/articles asks for (else CROSSCHECK_TOKEN; without either, ingest over the API is off).")] = None) -> None:
    """Serve the web pages and the REST API (docs at /api/docs) over the store."""
    from crosscheck.web import TOKEN_ENV, read_token
    from crosscheck.web import serve as run_server

    token = read_token(token_file)
    err.print(f"crosscheck serving {State.db} on http://{host}:{port}/ (API docs at /api/docs; "
              f"ingest over the API {'on' if token else f'off: no --token-file or {TOKEN_ENV}'})", soft_wrap=True)
    run_server(_store(), host=host, port=port, token=token)

def main() -> None:
    try:
        app()
    except CrosscheckError as exc:
        print(f"crosscheck: {exc}", file=sys.stderr)
        sys.exit(2)
    except BrokenPipeError:  # `crosscheck ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
