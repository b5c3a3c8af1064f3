"""Extractions as Parquet: written by `crosscheck extract -o FILE.parquet`, read back equal to the JSON Lines output."""

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from crosscheck.model import ArticleMeta, Extraction
from crosscheck.parquet import LISTS, META, SCHEMA, read_extractions, write_extractions

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [
    {"id": "storm", "outlet": "Harbour Herald", "published": "2025-10-20", "title": "Storm shuts Valmora pier",
     "text": "The port authority of Valmora said on Monday that 12 ships were held outside the harbour after a storm "
             "damaged two cranes. \"We will reopen the pier as soon as it is safe,\" Director Ana Ruiz told reporters. "
             "The authority asked the ministry for 4.5 million euros."},
    {"id": "wheat", "outlet": "Farm Weekly", "published": "2025-10-21",
     "text": "Wheat prices rose 3 percent in Carden on Tuesday as dry weather cut the harvest forecast, the "
             "agriculture ministry said. Farmers' union leader Tomas Berg called for emergency aid."},
    {"id": "empty-ish", "text": "Nothing happened."},
]


def test_the_columns_cover_every_field_of_an_extraction() -> None:
    assert set(LISTS) | {"article"} == set(Extraction.model_fields)
    assert set(META) | {"id", "word_count"} == set(ArticleMeta.model_fields)
    assert SCHEMA.names == ["article_id", *META, "word_count", *LISTS]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crosscheck.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)


def test_extract_writes_parquet_that_reads_back_as_the_json_lines_output(tmp_path: Path) -> None:
    inp = tmp_path / "articles.jsonl"
    inp.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    jsonl, parquet, forced = tmp_path / "out.jsonl", tmp_path / "out.parquet", tmp_path / "out.bin"
    for args in ((str(inp), "-o", str(jsonl)), (str(inp), "-o", str(parquet)), (str(inp), "-o", str(forced), "--format", "parquet")):
        r = run("extract", *args)
        assert r.returncode == 0, r.stderr
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    for path in (parquet, forced):
        assert [e.to_json() for e in read_extractions(path)] == lines
    table = pq.read_table(parquet)
    assert table.schema.equals(SCHEMA) and table.column("article_id").to_pylist() == ["storm", "wheat", "empty-ish"]
    storm = table.slice(0, 1).to_pylist()[0]
    assert storm["title"] == "Storm shuts Valmora pier" and storm["outlet"] == "Harbour Herald"
    assert json.loads(storm["quantities"]) == json.loads(lines[0])["quantities"] != []
    refused = run("extract", str(inp), "--format", "parquet")
    assert refused.returncode == 2 and "-o" in refused.stderr and not refused.stdout


def test_writing_in_row_groups_keeps_order_and_values(tmp_path: Path) -> None:
    exts = [Extraction(article=ArticleMeta(id=f"a{i}", word_count=i, title=None if i % 2 else f"T{i}"))
            for i in range(600)]
    assert write_extractions(exts, tmp_path / "x.parquet") == 600
    assert pq.ParquetFile(tmp_path / "x.parquet").num_row_groups == 3
    assert list(read_extractions(tmp_path / "x.parquet")) == exts
    assert write_extractions([], tmp_path / "none.parquet") == 0 and list(read_extractions(tmp_path / "none.parquet")) == []


@pytest.mark.parametrize("value", [12, 4.5])
def test_a_quantity_keeps_its_number_type(tmp_path: Path, value: float) -> None:
    from crosscheck.model import Quantity

    ext = Extraction(article=ArticleMeta(id="q"), quantities=[Quantity(id="q1", value=value, text="x", start=0, end=1)])
    write_extractions([ext], tmp_path / "q.parquet")
    [back] = read_extractions(tmp_path / "q.parquet")
    assert back.to_json() == ext.to_json()
