"""Extraction on a real Dask cluster (worker processes on 127.0.0.1) gives what a single-process run gives."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crosscheck import jobs
from crosscheck.cluster import ClusterSpec, connect, extract_on_cluster, write_shards
from crosscheck.errors import CrosscheckError
from crosscheck.extract import extract_articles
from crosscheck.model import Article
from crosscheck.parquet import read_extractions
from crosscheck.store import Store

ROOT = Path(__file__).resolve().parent.parent
STORM = ("The port authority of Valmora said on Monday that 12 ships were held outside the harbour after a storm "
         "damaged two cranes on the north pier. Director Ana Ruiz said repairs would take a week and that the "
         "authority had asked the ministry for 4 million euros. \"We will reopen the pier as soon as it is safe,\" "
         "Ruiz told reporters in Valmora.")
ARTICLES = [
    {"id": "storm", "outlet": "Harbour Herald", "published": "2025-10-20", "text": STORM},
    {"id": "storm-copy", "outlet": "Coast Daily", "published": "2025-10-20", "text": STORM.replace("Monday", "Monday evening")},
    {"id": "storm-again", "outlet": "Coast Daily", "published": "2025-10-21", "text": STORM},
    {"id": "wheat", "outlet": "Farm Weekly", "published": "2025-10-21",
     "text": "Wheat prices rose 3 percent in Carden on Tuesday as dry weather cut the harvest forecast, the "
             "agriculture ministry said. Farmers' union leader Tomas Berg called for emergency aid."},
    {"id": "talks", "outlet": "Daily Meridian", "published": "2025-10-22",
     "text": "Foreign ministers of Valmora and Carden met in Geneva on Wednesday and agreed to resume trade talks "
             "next month, a joint statement said."},
    {"id": "greve", "outlet": "Le Quotidien", "published": "2025-10-22", "language": "fr",
     "text": "Les dockers de Valmora ont annoncé mardi une grève de deux jours pour protester contre les retards."},
]


@pytest.fixture(scope="module")
def scheduler():
    """A running scheduler with two single-threaded worker processes, as `dask scheduler` + `dask worker` make."""
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def articles() -> list[Article]:
    return [Article(**a) for a in ARTICLES]


def test_cluster_addresses_are_read_or_refused_in_one_line() -> None:
    assert ClusterSpec.parse("local:2") == ClusterSpec(local_workers=2)
    assert ClusterSpec.parse("tcp://10.0.0.5:8786") == ClusterSpec(address="tcp://10.0.0.5:8786")
    assert ClusterSpec.parse("sched.example:8786") == ClusterSpec(address="tcp://sched.example:8786")
    for bad in ("local:0", "local:x", "8786", "http://x", ""):
        with pytest.raises(ValueError):
            ClusterSpec.parse(bad)


def test_extractions_and_shards_from_the_cluster_equal_a_single_process_run(scheduler: str, tmp_path: Path) -> None:
    spec = ClusterSpec.parse(scheduler)
    single = [e.to_json() for e in extract_articles(articles())]
    assert [e.to_json() for e in extract_on_cluster(articles(), spec, size=2)] == single
    shards = write_shards(articles(), spec, tmp_path / "shards", size=2)
    assert [p.name for p in shards] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert [line for p in shards for line in p.read_text(encoding="utf-8").splitlines()] == single
    with pytest.raises(CrosscheckError, match="already holds shards"):
        write_shards(articles(), spec, tmp_path / "shards")
    parquet = write_shards(articles(), spec, tmp_path / "shards", size=2, fmt="parquet")  # beside the JSON Lines
    assert [p.name for p in parquet] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert [e.to_json() for e in read_extractions(tmp_path / "shards")] == single


def _stored(url: str) -> list[tuple]:
    db = sqlite3.connect(url.removeprefix("sqlite:///"))
    rows = db.execute("SELECT a.id, a.content_hash, a.language, a.near_duplicate_of, a.similarity, a.minhash, e.data "
                      "FROM articles a LEFT JOIN extractions e ON e.article_id = a.id ORDER BY a.id").fetchall()
    claims = db.execute("SELECT article_id, claim_id, text, embedding FROM claims ORDER BY article_id, claim_id").fetchall()
    rows += db.execute("SELECT * FROM actor_events ORDER BY article_id, position, actor, role").fetchall()
    rows += db.execute("SELECT * FROM actor_articles ORDER BY article_id, actor").fetchall()
    db.close()
    return rows + claims


def test_ingest_on_the_cluster_stores_what_a_single_process_ingest_stores(scheduler: str, inputs: Path,
                                                                           tmp_path: Path) -> None:
    reports = {}
    for name, dask in (("single", None), ("cluster", scheduler)):
        store = Store(f"sqlite:///{tmp_path / name}.db")
        reports[name] = jobs.ingest([str(inputs)], store, jobs.IngestOptions(dask=dask))
        store.close()
    single, cluster = reports["single"], reports["cluster"]
    assert (cluster.stored, cluster.already_stored, cluster.near_duplicates, cluster.not_extracted) == \
        (single.stored, single.already_stored, single.near_duplicates, single.not_extracted) == (5, 1, 1, 1)
    assert _stored(f"sqlite:///{tmp_path / 'cluster'}.db") == _stored(f"sqlite:///{tmp_path / 'single'}.db")


def test_command_line_runs_a_local_cluster_and_says_in_one_line_what_is_wrong(inputs: Path, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def cc(*args: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "crosscheck.cli", *map(str, args)], capture_output=True,
                              text=True, cwd=ROOT)

    r = cc("extract", inputs, "--dask", "local:2")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [e.to_json() for e in extract_articles(articles())]
    r = cc("extract", inputs, "--dask", "local:0")
    assert r.returncode == 2 and "local:N takes 1 to 64 workers" in r.stderr and r.stderr.count("\n") == 1
    monkeypatch.setattr("crosscheck.cluster.CONNECT_TIMEOUT", 2)
    with pytest.raises(CrosscheckError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"), \
            connect(ClusterSpec.parse("tcp://127.0.0.1:9")):
        pass
