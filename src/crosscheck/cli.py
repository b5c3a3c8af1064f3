"""The command line: each command a thin wrapper over a function in :mod:`crosscheck.jobs`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from crosscheck import __version__, jobs
from crosscheck.errors import CrosscheckError, InputProblem
from crosscheck.ingest import DEFAULT_MAX_BYTES, ReadOptions
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


InputsArg = Annotated[list[str], typer.Argument(help="Files or folders: .txt, .jsonl, .html (a folder: every file in it).")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Refuse inputs larger than this many bytes.")]


@app.command()
def extract(inputs: InputsArg, output: Annotated[Path | None, typer.Option("-o", "--output", help="Write JSON Lines here (default: standard output).")] = None,
            max_bytes: MaxBytes = DEFAULT_MAX_BYTES) -> None:
    """Extract actors, events, quotes, quantities and dates as JSON Lines (no store involved)."""
    opts = ReadOptions(max_bytes=max_bytes)
    if output is None:
        report = jobs.extract_to(inputs, sys.stdout, opts, on_problem=_problem)
    else:
        with output.open("w", encoding="utf-8") as fh:
            report = jobs.extract_to(inputs, fh, opts, on_problem=_problem)
        err.print(f"extracted {report.extracted} articles to {output}")
    if not report.ok:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def ingest(inputs: InputsArg, max_bytes: MaxBytes = DEFAULT_MAX_BYTES) -> None:
    """Read, extract and store articles; the same article twice is stored once."""
    store = _store()
    opts = ReadOptions(max_bytes=max_bytes)
    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=err, transient=not err.is_terminal) as progress:
        task = progress.add_task("", total=None)
        report = jobs.ingest(inputs, store, opts, on_problem=_problem,
                             on_article=lambda a: progress.update(task, advance=1, description=a.id[:40]))
    err.print(f"stored {report.stored} new articles, {report.already_stored} already stored, {len(report.problems)} skipped "
              f"({store.count()} in {State.db})")
    if not report.ok:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def articles(as_json: Annotated[bool, typer.Option("--json", help="One JSON object of article metadata per line.")] = False) -> None:
    """List the stored articles."""
    rows = _store().list_articles()
    for r in rows:
        if as_json:
            print(json.dumps({**r.meta.model_dump(), "content_hash": r.content_hash}, ensure_ascii=False))
        else:
            out.print(f"{r.meta.id}\t{r.meta.published or '-'}\t{r.meta.outlet or '-'}\t{r.meta.word_count} words\t{r.meta.title or ''}", markup=False)


@app.command()
def show(article_id: str, as_json: Annotated[bool, typer.Option("--json", help="The extraction object as JSON.")] = False) -> None:
    """Print an article's extraction readably (or as JSON)."""
    from crosscheck.report.markdown import extraction_markdown

    store = _store()
    ext, art = store.extraction(article_id), store.article(article_id)
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
            out.print(f"{s.id}\t{len(s.articles)} articles\t{s.first_published or '-'}\t{s.title or ''}", markup=False)


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
def schema() -> None:
    """Print the JSON Schema of extractions, stories and briefs."""
    sys.stdout.write(json_schema_text())


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
