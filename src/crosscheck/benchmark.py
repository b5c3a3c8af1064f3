"""``crosscheck bench``: the time and memory of each stage over the same articles, in one run.

It decides what is compared with what. The first ``limit`` English articles of a JSON Lines file are written to a
temporary JSON Lines file, and then timed, one after the other in this process:

- ``spacy``: plain ``nlp.pipe`` of the model exactly as shipped over their texts (the floor: crosscheck cannot
  parse faster than spaCy does);
- ``extract``: ``crosscheck extract`` of the file (reading, language detection, crosscheck's pipeline, the
  extractors, JSON Lines out);
- ``ingest``: ``crosscheck ingest`` of the file into a fresh store (a new SQLite file unless a URL is given);
- ``stories``: story grouping of the store and a brief of every story of two or more articles.

Every stage runs with ``processes`` parsers (spaCy's own ``n_process`` for the plain run, which forks this
process). Models are loaded before the clock starts, in this process and (with several processes) in the
forkserver crosscheck's workers are forked from: the stages time throughput; start-up (a few seconds) is not in
them. Each stage reports its wall time, its CPU time (this process and its workers: on a machine shared with other
jobs, CPU/wall below the number of processes shows how much of the machine the stage got), the peak resident
memory of this process and its workers summed (sampled every 50 ms; pages a forked worker shares with the process
it was forked from count in both, so with several processes it is an upper bound), and the machine's 1-minute
load average when it ended.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import psutil

from crosscheck.errors import CrosscheckError
from crosscheck.ingest import read_inputs
from crosscheck.model import Article

if TYPE_CHECKING:
    from rich.table import Table
    from spacy.language import Language

    from crosscheck.store import Store

#: The benchmark corpus beside the checkout (see ../shared/README.md).
DEFAULT_INPUT = Path("../shared/data/bench/abp-5000.jsonl.gz")
STAGES = ("spacy", "extract", "ingest", "stories")


@dataclass(frozen=True)
class BenchOptions:
    """What one benchmark run measures: how many articles, with how many parsing processes, into which store
    (None: a new SQLite file in a temporary folder), and which stages (a subset of :data:`STAGES`)."""

    limit: int = 200
    processes: int = 1
    db: str | None = None
    stages: tuple[str, ...] = STAGES


@dataclass(frozen=True)
class StageResult:
    """One timed stage."""

    stage: str
    seconds: float
    cpu_seconds: float
    articles: int
    tokens: int
    peak_rss_mb: float
    load_average: float
    note: str = ""

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0


@dataclass
class BenchReport:
    """A whole run: the stages, what they ran over, and the machine they ran on."""

    input: str
    articles: int
    tokens: int
    processes: int
    date: str
    machine: str
    cpus: int
    stages: list[StageResult] = field(default_factory=list)

    def stage(self, name: str) -> StageResult | None:
        return next((s for s in self.stages if s.stage == name), None)

    def ratio(self, name: str, base: str = "spacy") -> float | None:
        """Time of stage ``name`` over the time of ``base`` (the issue's b/a and c/a), when both ran."""
        s, b = self.stage(name), self.stage(base)
        return s.seconds / b.seconds if s and b and b.seconds else None

    def to_dict(self) -> dict:
        stages = [asdict(s) | {"articles_per_s": round(s.articles_per_s, 3), "tokens_per_s": round(s.tokens_per_s, 1)}
                  for s in self.stages]
        ratios = {f"{name}/spacy": round(r, 3) for name in STAGES[1:] if (r := self.ratio(name)) is not None}
        return {k: v for k, v in asdict(self).items() if k != "stages"} | {"stages": stages, "ratios": ratios}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


def first_articles(path: str | Path, n: int) -> list[Article]:
    """The first n English articles of a file (JSON Lines, gzipped or not), as crosscheck reads them."""
    out = []
    for item in read_inputs([str(path)]):
        if isinstance(item, Article) and (item.language or "en").startswith("en"):
            out.append(item)
            if len(out) == n:
                break
    return out


def write_jsonl(articles: list[Article], path: Path) -> None:
    """The articles as a JSON Lines file crosscheck reads back to the same articles (language detected again)."""
    with path.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(a.model_dump_json(include={"id", "title", "outlet", "url", "published", "author", "text"}) + "\n")


class MemorySampler:
    """Samples, every ``interval``, the resident memory of this process and all its descendants (parse workers,
    also those a forkserver starts, which are not this process's children) together, and the CPU time of each
    descendant (their last sample counts: a worker's time after its last sample, under ``interval``, is missed).

    On Linux this process's own peak is also the kernel's high-water mark (``VmHWM``, reset on entry through
    ``/proc/self/clear_refs``), so a burst shorter than ``interval`` is not missed; descendants are sampled only."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self._me = psutil.Process()
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        total = own = self._me.memory_info().rss
        for child in self._me.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
                t = child.cpu_times()
                self._cpu[child.pid] = t.user + t.system
        self.peak = max(self.peak, total)
        self._last_total, self._last_own = total, own

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with contextlib.suppress(psutil.Error):
                self._sample()

    @staticmethod
    def _reset_own_peak() -> bool:
        try:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
            return True
        except OSError:
            return False

    @staticmethod
    def _own_peak() -> int | None:
        try:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return None

    def descendants_cpu(self) -> float:
        return sum(self._cpu.values())

    def __enter__(self) -> MemorySampler:
        self._hwm = self._reset_own_peak()
        self._sample()
        self._before = dict(self._cpu)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        own = self._own_peak() if self._hwm else None
        if own is not None:  # the kernel's peak of this process, plus its descendants as last sampled
            children = self._last_total - self._last_own
            self.peak = max(self.peak, own + children)
        for pid, before in self._before.items():  # processes that lived before the stage: only what it used
            self._cpu[pid] -= before


def _self_cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


@contextlib.contextmanager
def _timed(stage: str, articles: int, tokens: int, results: list[StageResult],
           on_stage: Callable[[StageResult], None] | None, note: Callable[[], str] = lambda: "") -> Iterator[None]:
    cpu0, t0 = _self_cpu(), time.perf_counter()
    with MemorySampler() as mem:
        yield
    seconds, cpu = time.perf_counter() - t0, _self_cpu() - cpu0 + mem.descendants_cpu()
    result = StageResult(stage, round(seconds, 3), round(cpu, 3), articles, tokens, round(mem.peak / 2**20, 1),
                         round(os.getloadavg()[0], 2), note())
    results.append(result)
    if on_stage:
        on_stage(result)


def run_bench(input_path: str | Path = DEFAULT_INPUT, options: BenchOptions = BenchOptions(),
              on_stage: Callable[[StageResult], None] | None = None) -> BenchReport:
    """Times each stage of :data:`STAGES` that ``options.stages`` names over the first ``options.limit`` English
    articles of ``input_path``; ``on_stage`` hears of each stage as it ends. Raises
    :class:`~crosscheck.errors.CrosscheckError` (one line) for an unknown stage, an input without English
    articles, or a ``db`` that is not empty."""
    from crosscheck.nlp import plain_pipeline
    from crosscheck.store import Store

    unknown = set(options.stages) - set(STAGES)
    if unknown:
        raise CrosscheckError(f"unknown stage(s) {', '.join(sorted(unknown))}; the stages are {', '.join(STAGES)}")
    articles = first_articles(input_path, options.limit)
    if not articles:
        raise CrosscheckError(f"no English articles in {input_path} (the benchmark reads JSON Lines of articles)")
    plain = plain_pipeline()
    tokens = sum(len(doc) for doc in plain.tokenizer.pipe(a.text for a in articles))  # one count for every stage
    report = BenchReport(str(input_path), len(articles), tokens, options.processes,
                         datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                         f"{platform.node()} {platform.machine()} {platform.python_implementation()} "
                         f"{platform.python_version()}", os.cpu_count() or 1)

    def timed(stage: str, note: Callable[[], str] = lambda: "") -> contextlib.AbstractContextManager[None]:
        return _timed(stage, len(articles), tokens, report.stages, on_stage, note)

    with tempfile.TemporaryDirectory(prefix="crosscheck-bench-") as tmp:
        folder = Path(tmp)
        jsonl = folder / "bench.jsonl"
        write_jsonl(articles, jsonl)
        store = Store(options.db or f"sqlite:///{folder / 'bench.db'}") if {"ingest", "stories"} & set(options.stages) else None
        try:
            if store is not None and store.count():
                raise CrosscheckError(f"the store {store.name} is not empty: the benchmark ingests into an empty store "
                                      "(name a new one with --db, or leave --db out for a temporary SQLite file)")
            if "spacy" in options.stages:
                _plain_spacy(plain, [a.text for a in articles], options.processes, timed)
            del plain
            _warm_up(articles, options.processes)
            if "extract" in options.stages:
                with timed("extract"), (folder / "bench.extractions.jsonl").open("w", encoding="utf-8") as fh:
                    _extract(jsonl, fh, options.processes)
            if store is not None:
                _ingest_and_brief(jsonl, store, options, timed)
        finally:
            if store is not None:
                store.close()
    return report


Timer = Callable[..., contextlib.AbstractContextManager[None]]


def _plain_spacy(nlp: Language, texts: list[str], processes: int, timed: Timer) -> None:
    list(nlp.pipe(texts[:2]))
    with timed("spacy"):
        for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
            pass


def _warm_up(articles: list[Article], processes: int) -> None:
    """crosscheck's pipeline and knowledge, and the ingest's embedding model, loaded in this process and, with
    several processes, in the forkserver the workers are forked from, as a long run has them: the stages time
    throughput, not start-up."""
    from crosscheck import jobs
    from crosscheck.extract import extract_articles
    from crosscheck.prepare import prepare_batch

    prepare_batch(articles[:1])
    if processes > 1:
        jobs.preload_workers()
        list(extract_articles(articles[:processes], batch_size=1, processes=processes))


def _extract(jsonl: Path, out: TextIO, processes: int) -> None:
    from crosscheck import jobs

    jobs.extract_to([str(jsonl)], out, processes=processes)


def _ingest_and_brief(jsonl: Path, store: Store, options: BenchOptions, timed: Timer) -> None:
    from crosscheck import embed, jobs

    run = jobs.RunReport()
    with timed("ingest", lambda: f"{run.stored} stored, {run.near_duplicates} near-duplicates"):
        run = jobs.ingest([str(jsonl)], store, jobs.IngestOptions(processes=options.processes))
    if "stories" not in options.stages:
        return
    embed.model()
    counts = [0, 0]
    with timed("stories", lambda: f"{counts[0]} stories, {counts[1]} briefs"):
        grouped = jobs.stories(store)
        counts[0] = len(grouped)
        for s in grouped:
            if len(s.articles) > 1:
                jobs.brief(store, s.id)
                counts[1] += 1


def bench_table(report: BenchReport) -> Table:
    """The report as a rich table: one row per stage, with its time over plain spaCy's."""
    from rich.table import Table

    table = Table("stage", "s", "art/s", "tok/s", "×spacy", "cpu/wall", "RSS MB", "load", "note",
                  title=f"crosscheck bench: {report.articles} articles, {report.tokens:,} tokens, "
                        f"{report.processes} process{'es' if report.processes > 1 else ''}, {report.date}",
                  caption=f"{report.machine}, {report.cpus} CPUs; load: 1-minute load average at the stage's end")
    for s in report.stages:
        ratio = report.ratio(s.stage)
        table.add_row(s.stage, f"{s.seconds:.1f}", f"{s.articles_per_s:.2f}", f"{s.tokens_per_s:,.0f}",
                      f"{ratio:.2f}" if ratio is not None else "", f"{s.cpu_seconds / s.seconds:.2f}" if s.seconds else "",
                      f"{s.peak_rss_mb:,.0f}", f"{s.load_average:.2f}", s.note)
    return table
