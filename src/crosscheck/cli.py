"""The command line: each command a thin wrapper over a function in :mod:`crosscheck.jobs`.

Each command imports what it uses (the jobs, the store, the readers) when it runs: this module imports none of
spaCy, SQLAlchemy, numpy or datasketch, so that ``crosscheck --help``, a command's ``--help`` and ``--version``
answer at once. The defaults its options show come from :mod:`crosscheck.defaults`."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from crosscheck import __version__
from crosscheck.defaults import DEFAULT_MAX_BYTES, DEFAULT_THRESHOLD, DEFAULT_URL
from crosscheck.errors import CrosscheckError, InputProblem
from crosscheck.paths import display_path, is_url

if TYPE_CHECKING:
    from crosscheck import jobs
    from crosscheck.store import Store

#: Exit code when some inputs were skipped (the rest were processed).
EXIT_SKIPPED = 3

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="crosscheck: news articles in, one verifiable cross-source record out.")
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


class State:
    db: str = DEFAULT_URL
    debug: bool = False


#: Set to anything but "" or "0" to see the traceback of a failure (as --debug does).
DEBUG_ENV = "CROSSCHECK_DEBUG"

# C0 and C1 control characters, DEL, and the bidirectional overrides that reorder what a terminal shows
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_KEEP_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    c = m.group()
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def safe(value: object) -> str:
    """Text from article data made safe for a terminal on one line: control characters (escape sequences, line
    breaks, tabs) and bidirectional overrides are shown as ``\\xNN`` / ``\\uNNNN`` instead of acting."""
    return _UNSAFE.sub(_visible, str(value))


def safe_block(text: str) -> str:
    """Like :func:`safe`, keeping line breaks and tabs (Markdown briefs and extractions)."""
    return _UNSAFE_KEEP_LINES.sub(_visible, text)


def safe_json(line: str) -> str:
    """A JSON line with the characters JSON leaves raw but a terminal acts on (C1 controls, DEL, line and
    paragraph separators, bidirectional overrides) written as ``\\uNNNN`` escapes; the data is unchanged."""
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", line)


def _markup(value: object) -> str:
    """Article data for a rich console: terminal-safe and with rich markup escaped."""
    return escape(safe(value))


def _store_error(exc: Exception) -> str:
    """The one line that says why a store could not be opened or written."""
    orig = getattr(exc, "orig", None)
    detail = str(orig if orig is not None else exc).strip().splitlines()
    text = detail[0] if detail else type(exc).__name__
    return re.sub(r"^\([\w.]+\)\s*", "", text)[:200]


def _check_sqlite_path(url: str) -> None:
    """A SQLite store's file must be in a folder that exists and must not be a folder itself (said in one line
    rather than SQLite's "unable to open database file")."""
    if not url.startswith("sqlite:///") or url.startswith("sqlite:///file:") or url == "sqlite:///:memory:":
        return
    path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    if path.is_dir():
        raise CrosscheckError(f"cannot open the store {safe(url)}: {safe(display_path(path))} is a folder (--db names a file)")
    if not path.parent.is_dir():
        raise CrosscheckError(f"cannot open the store {safe(url)}: the folder {safe(display_path(path.parent))} does not exist")


def _store() -> Store:
    """The store --db names, or one line saying why it cannot be opened."""
    from crosscheck.store import Store

    url = State.db if "://" in State.db else f"sqlite:///{State.db}"
    _check_sqlite_path(url)
    try:
        return Store(State.db)
    except CrosscheckError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bad URL, driver, file or server: all one line for the user
        raise CrosscheckError(f"cannot open the store {safe(State.db)}: {safe(_store_error(exc))} (check --db or "
                              "CROSSCHECK_DB)") from exc


def _problem(p: InputProblem) -> None:
    if err.is_terminal:
        err.print(f"[yellow]{_markup(p)}[/yellow]", markup=True, soft_wrap=True)
    else:
        print(safe(p), file=sys.stderr)


def _row(*fields: object) -> None:
    """One tab-separated line of a listing, each field made terminal-safe (a tab or line break inside a field
    cannot break the columns), printed as is (rich would turn the tabs into spaces)."""
    print("\t".join(safe(f) for f in fields), flush=True)


class _SafeJSONOut:
    """Standard output for JSON Lines, each write passed through :func:`safe_json`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(safe_json(text))

    def flush(self) -> None:
        self._stream.flush()


def _json(line: str) -> None:
    """One line of JSON output (see :func:`safe_json`)."""
    print(safe_json(line))


def _version(value: bool) -> None:
    if value:
        print(f"crosscheck {__version__}")
        raise typer.Exit()


def _check_db(value: str) -> str:
    if not value.strip():
        raise typer.BadParameter("the store URL is empty (a SQLite file such as crosscheck.db, or postgresql://...)")
    return value


@app.callback()
def main_options(
    db: Annotated[str, typer.Option("--db", envvar="CROSSCHECK_DB", callback=_check_db, help="Store URL: a SQLite file (default ./crosscheck.db) or postgresql://...")] = DEFAULT_URL,
    debug: Annotated[bool, typer.Option("--debug", help=f"Show the Python traceback of a failure (also {DEBUG_ENV}=1).")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    State.db = db
    State.debug = debug


InputsArg = Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs: .txt, .jsonl[.gz], .html, .warc[.gz], RSS/Atom feeds, OPML lists, web pages (a folder: every file in it).")]
#: The most --max-bytes may be: what is read of one input is held in memory (with its text, up to four times more).
MAX_BYTES_LIMIT = 64 * 1024 * 1024
MaxBytes = Annotated[int, typer.Option("--max-bytes", min=1, max=MAX_BYTES_LIMIT, help=f"Refuse a file, page or JSON Lines record larger than this many bytes (at most {MAX_BYTES_LIMIT:,}).")]
AllowPrivate = Annotated[bool, typer.Option("--allow-private", help="Fetch URLs on loopback, private and link-local addresses too (refused by default).")]
Timeout = Annotated[float, typer.Option("--timeout", min=0.1, max=600.0, help="Seconds to wait for a web server before giving up (it is retried; 0.1 to 600).")]
Interval = Annotated[float, typer.Option("--per-host-interval", min=0.0, max=3600.0, help="Seconds between two requests to the same web host (0 to 3600).")]
NearDup = Annotated[float, typer.Option("--near-duplicate", min=0.0, max=1.0, help="Similarity (0-1, MinHash estimate of word 5-gram Jaccard) from which two articles are linked as the same copy; 0 turns it off.")]
Processes = Annotated[int, typer.Option("--processes", min=1, max=64, help="Parse in this many processes (1 to 64).")]


def _check_dask(value: str | None) -> str | None:
    from crosscheck.cluster import ClusterSpec

    if value is not None:
        try:
            ClusterSpec.parse(value)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value


Dask = Annotated[str | None, typer.Option("--dask", callback=_check_dask, help="Extract on a Dask cluster: local:N (N worker processes here) or a scheduler address tcp://HOST:8786 (replaces --processes).")]


def _ingest_options(max_bytes: int, allow_private: bool, timeout: float, interval: float, near_duplicate: float,
                    processes: int, dask: str | None = None) -> jobs.IngestOptions:
    from crosscheck import jobs
    from crosscheck.ingest import ReadOptions
    from crosscheck.ingest.fetch import FetchOptions

    fetch = FetchOptions(timeout=timeout, min_interval=interval, allow_private=allow_private)
    return jobs.IngestOptions(read=ReadOptions(max_bytes=max_bytes, fetch=fetch), near_duplicate=near_duplicate or None,
                              processes=processes, dask=dask)


def _summary(report: jobs.RunReport, store: Store) -> str:
    extra = []
    if report.near_duplicates:
        extra.append(f"{report.near_duplicates} near-duplicates linked")
    if report.not_extracted:
        extra.append(f"{report.not_extracted} in other languages stored unextracted")
    more = f", {', '.join(extra)}" if extra else ""
    return (f"stored {report.stored} new articles, {report.already_stored} already stored, {len(report.problems)} skipped"
            f"{more} ({store.count()} in {_markup(State.db)})")


def _progress() -> Progress:
    return Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}", markup=False),
                    TimeElapsedColumn(), console=err, transient=not err.is_terminal)


def _same_file(a: str, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def _output_file(output: Path, inputs: list[str], binary: bool = False) -> Iterator[TextIO]:
    """The file -o names, written safely: refused before anything is written when it is one of the inputs or a
    folder or its folder is missing; written to a temporary file beside it and renamed over it only when the run
    got to its end, so that a failed run leaves no half file (and no truncated input). A device or pipe (/dev/null,
    /dev/stdout) is written directly. A write error is one line."""
    shown = safe(display_path(output))
    for inp in inputs:
        if not is_url(inp) and _same_file(inp, output):
            raise CrosscheckError(f"-o {shown} is also an input: it would be overwritten while read (write elsewhere)")
    if output.is_dir():
        raise CrosscheckError(f"-o {shown} is a folder (name a file)")
    parent = output.parent
    if not parent.is_dir():
        raise CrosscheckError(f"-o {shown}: the folder {safe(display_path(parent))} does not exist")
    try:
        mode = os.stat(output).st_mode if output.exists() else None
        if mode is not None and not stat.S_ISREG(mode):
            with (output.open("wb") if binary else output.open("w", encoding="utf-8")) as fh:
                yield fh  # type: ignore[misc]
            return
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{output.name}.", suffix=".part")
    except OSError as exc:
        raise CrosscheckError(f"cannot write -o {shown}: {exc.strerror or exc}") from None
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")) as fh:
            yield fh  # type: ignore[misc]
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~umask)
        os.replace(tmp, output)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise CrosscheckError(f"cannot write -o {shown}: {exc.strerror or exc} (nothing was written)") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"


@app.command()
def extract(inputs: InputsArg, output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here (default: standard output); with --dask, an existing folder gets one file per partition, part-00000.jsonl (or .parquet) ...")] = None,
            max_bytes: MaxBytes = DEFAULT_MAX_BYTES, allow_private: AllowPrivate = False, processes: Processes = 1,
            dask: Dask = None,
            fmt: Annotated[OutputFormat | None, typer.Option("--format", help="jsonl (JSON Lines) or parquet (one row per article; default: parquet when -o ends in .parquet, else jsonl).")] = None) -> None:
    """Extract actors, events, quotes, quantities and dates as JSON Lines or Parquet (no store involved)."""
    from crosscheck import jobs
    from crosscheck.ingest import ReadOptions
    from crosscheck.ingest.fetch import FetchOptions

    opts = ReadOptions(max_bytes=max_bytes, fetch=FetchOptions(allow_private=allow_private))
    parquet = fmt == OutputFormat.parquet or (fmt is None and output is not None and output.suffix.lower() == ".parquet")
    if output is None:
        if parquet:
            raise typer.BadParameter("Parquet is written to a file: name one with -o", param_hint="--format")
        report = jobs.extract_to(inputs, _SafeJSONOut(sys.stdout), opts, on_problem=_problem,  # type: ignore[arg-type]
                                 processes=processes, dask=dask)
    elif dask and output.is_dir():
        report = jobs.extract_to_shards(inputs, output, dask, opts, on_problem=_problem,
                                        fmt="parquet" if parquet else "jsonl")
        err.print(f"extracted {report.extracted} articles to shards in {_markup(display_path(output))}")
    else:
        with _output_file(output, inputs, binary=parquet) as fh:
            if parquet:
                report = jobs.extract_to_parquet(inputs, fh, opts, on_problem=_problem,  # type: ignore[arg-type]
                                                 processes=processes, dask=dask)
            else:
                report = jobs.extract_to(inputs, fh, opts, on_problem=_problem, processes=processes, dask=dask)
        err.print(f"extracted {report.extracted} articles to {_markup(display_path(output))}")
    if not report.ok:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def ingest(inputs: InputsArg, max_bytes: MaxBytes = DEFAULT_MAX_BYTES, allow_private: AllowPrivate = False,
           timeout: Timeout = 15.0, per_host_interval: Interval = 1.0, near_duplicate: NearDup = DEFAULT_THRESHOLD,
           processes: Processes = 1, dask: Dask = None) -> None:
    """Read, extract and store articles from files, folders, web pages, feeds and web archives; the same article
    twice is stored once, near-duplicates are linked, an interrupted ingest can simply be run again."""
    from crosscheck import jobs

    store = _store()
    opts = _ingest_options(max_bytes, allow_private, timeout, per_host_interval, near_duplicate, processes, dask)
    with _progress() as progress:
        task = progress.add_task("", total=None)
        report = jobs.ingest(inputs, store, opts, on_problem=_problem,
                             on_article=lambda a: progress.update(task, advance=1, description=safe(a.id)[:40]))
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


def _check_every(value: str) -> str:
    parse_every(value)
    return value


@app.command()
def watch(feeds: Annotated[list[str], typer.Argument(help="Feed URLs (RSS or Atom).")],
          every: Annotated[str, typer.Option("--every", callback=_check_every, help="How often to poll: 15m, 1h, 90s ...")] = "15m",
          once: Annotated[bool, typer.Option("--once", help="Poll once and exit (for cron jobs and tests).")] = False,
          max_bytes: MaxBytes = DEFAULT_MAX_BYTES, allow_private: AllowPrivate = False, timeout: Timeout = 15.0,
          per_host_interval: Interval = 1.0, near_duplicate: NearDup = DEFAULT_THRESHOLD) -> None:
    """Poll feeds (conditional requests), ingest their new entries and print what changed in the stories."""
    from crosscheck import jobs

    seconds = parse_every(every)
    store = _store()
    opts = _ingest_options(max_bytes, allow_private, timeout, per_host_interval, near_duplicate, 1)
    while True:
        report = jobs.poll_feeds(feeds, store, opts, on_problem=_problem)
        for f in report.feeds:
            _row(f.url, f.status)
        for c in report.changes:
            verb = "new story" if c.opened else f"+{len(c.new_articles)} articles"
            _row(c.story.id, verb, f"{len(c.story.articles)} articles", c.story.title or "")
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
            _json(json.dumps({"article": root, "copies": copies, "outlets": outlets,
                              "similarity": {i: metas[i].similarity for i in copies if i in metas}}, ensure_ascii=False))
        else:
            title = metas[root].meta.title if root in metas else ""
            _row(root, f"{len(ids)} copies", f"{len(outlets)} outlets: {', '.join(outlets)}", title or "")


@app.command()
def articles(as_json: Annotated[bool, typer.Option("--json", help="One JSON object of article metadata per line.")] = False) -> None:
    """List the stored articles."""
    rows = _store().list_articles()
    for r in rows:
        if as_json:
            _json(json.dumps({**r.meta.model_dump(), "content_hash": r.content_hash, "source": r.source,
                              "near_duplicate_of": r.near_duplicate_of}, ensure_ascii=False))
        else:
            dup = [f"same copy as {r.near_duplicate_of}"] if r.near_duplicate_of else []
            lang = [f"[{r.meta.language}, not extracted]"] if r.meta.language and not r.meta.language.startswith("en") else []
            _row(r.meta.id, r.meta.published or "-", r.meta.outlet or "-", f"{r.meta.word_count} words", r.meta.title or "", *dup, *lang)


@app.command()
def show(article_id: str, as_json: Annotated[bool, typer.Option("--json", help="The extraction object as JSON.")] = False) -> None:
    """Print an article's extraction readably (or as JSON)."""
    from rich.markdown import Markdown

    from crosscheck.report.markdown import extraction_markdown

    store = _store()
    ext, art = store.extraction(article_id), store.article(article_id)
    if art is not None and ext is None:
        raise CrosscheckError(f"article {safe(repr(article_id))} is stored in {safe(art.language or 'an unknown language')}; "
                              "crosscheck extracts English articles only")
    if ext is None or art is None:
        raise CrosscheckError(f"no stored article {safe(repr(article_id))} (see `crosscheck articles`)")
    if as_json:
        _json(ext.model_dump_json(indent=2))
    else:
        out.print(Markdown(safe_block(extraction_markdown(ext, art.text))))


@app.command()
def stories(as_json: Annotated[bool, typer.Option("--json", help="Stories as JSON Lines.")] = False) -> None:
    """Group the stored articles into stories."""
    from crosscheck import jobs

    result = jobs.stories(_store())
    for s in result:
        if as_json:
            _json(s.model_dump_json())
        else:
            _row(s.id, f"{len(s.articles)} articles", s.first_published or "-", s.title or "")


@app.command()
def brief(story_id: Annotated[str | None, typer.Argument(help="A story id from `crosscheck stories`.")] = None,
          latest: Annotated[bool, typer.Option("--latest", help="The story with the most sources.")] = False,
          as_json: Annotated[bool, typer.Option("--json", help="The brief as JSON.")] = False,
          raw: Annotated[bool, typer.Option("--markdown", help="Print Markdown source instead of rendering it.")] = False) -> None:
    """A story's brief: what happened, who said what, the numbers, agreements, conflicts, each source's part."""
    from rich.markdown import Markdown

    from crosscheck import jobs
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
        raise CrosscheckError(f"no story {safe(repr(story_id))} (see `crosscheck stories`)") from None
    if as_json:
        _json(b.model_dump_json(indent=2))
    elif raw or not out.is_terminal:
        print(safe_block(brief_markdown(b)))
    else:
        out.print(Markdown(safe_block(brief_markdown(b))))


@app.command()
def ask(question: Annotated[str, typer.Argument(help="The question, in English, in quotes.")],
        story: Annotated[str | None, typer.Option("--story", help="Only this story's articles (an id from `crosscheck stories`).")] = None,
        limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="At most this many answers.")] = 10,
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object: question, answered, answers in rank order.")] = False) -> None:
    """Answer a question from the stored articles: the sentences that answer it, grouped by what each source says."""
    from crosscheck import jobs
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
          only: Annotated[list[str] | None, typer.Option("--only", help="Score only this data set (repeatable): seeds, conll, polnear, tempeval, plover-gsr, basil, seeds-brief, briefs, ask.")] = None) -> None:
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
def bench(input_path: Annotated[Path, typer.Argument(metavar="[INPUT]", help="A JSON Lines file (.gz too) of articles (default: the bench corpus in ../shared).")] = Path("../shared/data/bench/abp-5000.jsonl.gz"),
          limit: Annotated[int | None, typer.Option("--limit", min=1, help="Time the first N English articles of INPUT (default 200); with --scale, replicate the dated ones among the first N (default 500).")] = None,
          processes: Processes = 1,
          db: Annotated[str | None, typer.Option("--db", help="Ingest into this empty store (default: a new SQLite file in a temporary folder; the global --db is not used).")] = None,
          only: Annotated[list[str] | None, typer.Option("--only", help="Run only this stage (repeatable): spacy, extract, ingest, stories.")] = None,
          scale: Annotated[list[int] | None, typer.Option("--scale", min=1, help="Instead: fill the store to N articles by replicating extracted ones (repeatable, e.g. --scale 10000 --scale 100000), group stories and time briefs, actor timelines and full-text searches at each size.")] = None,
          extractions: Annotated[Path | None, typer.Option("--extractions", help="With --scale: take the base articles' extractions from this JSON Lines file (`crosscheck extract` output) instead of extracting them.")] = None,
          queries: Annotated[int, typer.Option("--queries", min=1, help="With --scale: requests of each kind timed at each size.")] = 30,
          group: Annotated[bool, typer.Option("--group/--no-group", help="With --scale: group the store into stories at each size (--no-group: time briefs of the stories it holds).")] = True,
          as_json: Annotated[bool, typer.Option("--json", help="One JSON object with every figure.")] = False) -> None:
    """Time plain spaCy, extract, ingest, and story grouping + briefs over the same articles; print articles/s,
    tokens/s, peak memory and each stage's time over plain spaCy's. With --scale: query speed and story grouping
    with many articles stored."""
    from crosscheck.benchmark import STAGES, BenchOptions, bench_table, run_bench

    if not input_path.is_file():
        raise CrosscheckError(f"no such file: {safe(display_path(input_path))} (give a JSON Lines file of articles)")
    if scale:
        from crosscheck.benchmark_scale import ScaleOptions, run_scale, scale_table

        if extractions is not None and not extractions.is_file():
            raise CrosscheckError(f"no such file: {safe(display_path(extractions))} (give `crosscheck extract` output)")
        scale_report = run_scale(input_path, ScaleOptions(sizes=tuple(scale), base=limit or 500, extractions=extractions,
                                                          db=db, queries=queries, group=group),
                                 on_progress=lambda m: err.print(m, markup=False))
        if as_json:
            _json(scale_report.to_json())
        else:
            out.print(scale_table(scale_report))
        return
    limit = limit or 200
    stages = tuple(only) if only else STAGES
    if bad := [s for s in stages if s not in STAGES]:
        raise typer.BadParameter(f"unknown stage {safe(bad[0])!r}; the stages are {', '.join(STAGES)}", param_hint="--only")
    report = run_bench(input_path, BenchOptions(limit=limit, processes=processes, db=db, stages=stages),
                       on_stage=None if as_json else lambda s: err.print(f"{s.stage}: {s.seconds:.1f} s", markup=False))
    if as_json:
        _json(report.to_json())
    else:
        out.print(bench_table(report))


@app.command()
def schema() -> None:
    """Print the JSON Schema of extractions, stories and briefs."""
    from crosscheck.model import json_schema_text

    sys.stdout.write(json_schema_text())


@app.command()
def serve(host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
          token_file: Annotated[Path | None, typer.Option("--token-file", help="File whose first line is the token POST /api/articles asks for (else CROSSCHECK_TOKEN; without either, ingest over the API is off).")] = None) -> None:
    """Serve the web pages and the REST API (docs at /api/docs) over the store."""
    from crosscheck.web import TOKEN_ENV, read_token
    from crosscheck.web import serve as run_server

    token = read_token(token_file)
    err.print(f"crosscheck serving {_markup(State.db)} on http://{_markup(host)}:{port}/ (API docs at /api/docs; "
              f"ingest over the API {'on' if token else f'off: no --token-file or {TOKEN_ENV}'})", soft_wrap=True)
    run_server(_store(), host=host, port=port, token=token)


def _debugging() -> bool:
    return State.debug or os.environ.get(DEBUG_ENV, "") not in ("", "0")


def _fail(message: str, code: int) -> int:
    """Prints one line on standard error (the traceback before it with --debug) and returns the exit code."""
    if _debugging():
        traceback.print_exc()
    print(f"crosscheck: {message}", file=sys.stderr, flush=True)
    return code


def _silence_stdout() -> None:
    """After standard output failed (a closed pipe, a full disk), send what is left of it nowhere, so that the
    interpreter's last flush does not print a second error."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _from_store(exc: Exception) -> bool:
    """Whether an exception is SQLAlchemy's, that is the store failed (without SQLAlchemy imported, none is: the
    command line imports it only with the store)."""
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.SQLAlchemyError)


def run(args: list[str] | None = None) -> int:
    """Runs the command line and returns its exit code; no exception escapes. The error boundary: a usage error or
    a bad option value, a store that cannot be opened or written, an output that cannot be written is one line on
    standard error and exit code 2; skipped inputs exit with 3 (each was reported as it was skipped); anything
    else is one line asking for a report and exit code 1. ``--debug`` (or CROSSCHECK_DEBUG=1) prints the
    traceback too. Articles stored before a failure stay stored: each is its own transaction."""
    State.db, State.debug = DEFAULT_URL, False
    try:
        code = app(args=args, standalone_mode=False)
        sys.stdout.flush()
        return code if isinstance(code, int) else 0
    except typer.TyperException as exc:  # usage errors and bad option values, with the option's name
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:  # bare `crosscheck`: the help
            print(ctx.get_help())
            return 2
        return _fail(safe(exc.format_message()), 2)
    except typer.Abort:
        return _fail("interrupted; what was stored before stays stored", 130)
    except KeyboardInterrupt:
        return _fail("interrupted; what was stored before stays stored", 130)
    except CrosscheckError as exc:
        return _fail(str(exc), 2)
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # `crosscheck ... | head`
            _silence_stdout()
            return 1
        _silence_stdout()
        where = f" {safe(display_path(exc.filename))}" if exc.filename else " the output"
        return _fail(f"cannot read or write{where}: {safe(exc.strerror or exc)}", 2)
    except RecursionError:
        return _fail(f"an input nested too deeply to process; run again with --debug or {DEBUG_ENV}=1 to see where, "
                     "and please report it", 1)
    except MemoryError:
        return _fail("out of memory (lower --max-bytes or --processes)", 1)
    except Exception as exc:  # noqa: BLE001 - the boundary: no traceback reaches a user
        if _from_store(exc):
            return _fail(f"the store {safe(State.db)} failed: {safe(_store_error(exc))} (what was stored before "
                         "stays stored; check --db or CROSSCHECK_DB)", 2)
        detail = safe(str(exc).splitlines()[0][:200]) if str(exc) else ""
        return _fail(f"internal error ({type(exc).__name__}{': ' + detail if detail else ''}); run again with --debug "
                     f"or {DEBUG_ENV}=1 to see the traceback, and please report it", 1)


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
