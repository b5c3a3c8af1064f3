"""Extractions as Parquet: ``crosscheck extract -o FILE.parquet`` (or ``--format parquet``), and Parquet shards
with ``--dask``.

One row per article. The article's metadata are typed columns (``article_id``, ``title``, ``outlet``, ``url``,
``published``, ``language``, ``word_count``); each list of records (``actors``, ``events``, ``quotes``,
``quantities``, ``timexes``, ``claims``) is one column holding that list as JSON text, exactly as the JSON Lines
output writes it. The lists are kept as JSON rather than nested Arrow structs because their schema must not
depend on the data: a shard whose articles happen to name no quantity, or whose quantities are all integers,
would otherwise get column types other shards do not have, and a folder of shards could no longer be read as
one dataset. DuckDB, Spark and pandas read the JSON columns with their JSON functions; :func:`read_extractions`
gives back the same :class:`~crosscheck.model.Extraction` objects the JSON Lines output holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from crosscheck.model import Extraction

META = ("title", "outlet", "url", "published", "language")
LISTS = ("actors", "events", "quotes", "quantities", "timexes", "claims")
SCHEMA = pa.schema([pa.field("article_id", pa.string(), nullable=False),
                    *(pa.field(name, pa.string()) for name in META),
                    pa.field("word_count", pa.int64()),
                    *(pa.field(name, pa.string(), nullable=False) for name in LISTS)])
#: Rows per row group: a row group is what a reader reads at once.
ROW_GROUP = 256


def _row(ext: Extraction) -> dict:
    data = json.loads(ext.to_json())
    art = data["article"]
    return {"article_id": art["id"], **{k: art.get(k) for k in META}, "word_count": art.get("word_count"),
            **{k: json.dumps(data.get(k) or [], ensure_ascii=False, separators=(",", ":")) for k in LISTS}}


class ParquetOut:
    """Writes extractions to one Parquet file (a path or a binary file object), a row group at a time; use it as a
    context manager (the file is complete only once it is closed)."""

    def __init__(self, where: str | Path | IO[bytes], row_group: int = ROW_GROUP) -> None:
        self._writer = pq.ParquetWriter(where, SCHEMA, compression="zstd")
        self._rows: list[dict] = []
        self._row_group = row_group
        self.written = 0

    def write(self, ext: Extraction) -> None:
        self._rows.append(_row(ext))
        if len(self._rows) >= self._row_group:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=SCHEMA))
            self.written += len(self._rows)
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()

    def __enter__(self) -> ParquetOut:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_extractions(extractions: Iterable[Extraction], where: str | Path | IO[bytes]) -> int:
    """Writes extractions to one Parquet file; returns how many."""
    with ParquetOut(where) as out:
        for ext in extractions:
            out.write(ext)
    return out.written


def read_extractions(path: str | Path) -> Iterator[Extraction]:
    """The extractions of a Parquet file (or a folder of Parquet shards, in file-name order) that this module
    wrote, in order."""
    path = Path(path)
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    for f in files:
        for batch in pq.ParquetFile(f).iter_batches(batch_size=ROW_GROUP):
            for r in batch.to_pylist():
                article = {"id": r["article_id"], **{k: r[k] for k in META}, "word_count": r["word_count"]}
                yield Extraction.model_validate({"article": article, **{k: json.loads(r[k]) for k in LISTS}})
