"""crosscheck bench: every stage timed over the same few articles, in this process and through the command line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crosscheck.benchmark import STAGES, BenchOptions, first_articles, run_bench, write_jsonl
from crosscheck.errors import CrosscheckError
from crosscheck.model import Article
from crosscheck.store import Store

ROOT = Path(__file__).resolve().parent.parent

TEXTS = [
    ("a1", "Harbour Herald", "The port authority of Valmora said on Monday that 12 ships were held outside the harbour "
     "after a storm damaged two cranes. Director Ana Ruiz said repairs would take a week."),
    ("a2", "Daily Meridian", "Twelve ships waited outside Valmora harbour on Monday, the port authority said, after a "
     "storm damaged cranes. Ana Ruiz, the port's director, said repairs could take a week."),
    ("a3", "Farm Weekly", "Wheat prices rose 3 percent in Carden on Tuesday as dry weather cut the harvest forecast, "
     "the agriculture ministry said."),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "few.jsonl"
    write_jsonl([Article(id=i, outlet=o, published="2025-10-20", text=t) for i, o, t in TEXTS], path)
    return path


def test_every_stage_is_timed_over_the_same_articles_and_compared_with_plain_spacy(corpus: Path) -> None:
    seen: list[str] = []
    report = run_bench(corpus, BenchOptions(limit=2), on_stage=lambda s: seen.append(s.stage))
    assert seen == list(STAGES) and [s.stage for s in report.stages] == list(STAGES)
    assert report.articles == 2 and report.tokens > 40
    for s in report.stages:
        assert s.articles == 2 and s.tokens == report.tokens
        assert s.seconds > 0 and s.peak_rss_mb > 50 and s.cpu_seconds >= 0
    assert "2 stored" in report.stage("ingest").note
    assert "briefs" in report.stage("stories").note
    assert report.ratio("extract") == pytest.approx(report.stage("extract").seconds / report.stage("spacy").seconds)
    data = json.loads(report.to_json())
    assert set(data["ratios"]) == {"extract/spacy", "ingest/spacy", "stories/spacy"}
    assert data["stages"][0]["articles_per_s"] > 0 and data["stages"][0]["tokens_per_s"] > 0


def test_ingest_goes_into_the_store_given_and_refuses_one_that_is_not_empty(corpus: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    report = run_bench(corpus, BenchOptions(limit=3, db=url, stages=("ingest",)))
    assert [s.stage for s in report.stages] == ["ingest"] and report.ratio("ingest") is None
    store = Store(url)
    assert store.count() == 3
    store.close()
    with pytest.raises(CrosscheckError, match="not empty"):
        run_bench(corpus, BenchOptions(limit=3, db=url, stages=("ingest",)))


def test_the_bench_articles_are_read_back_as_they_were(corpus: Path, tmp_path: Path) -> None:
    first = first_articles(corpus, 3)
    again = tmp_path / "again.jsonl"
    write_jsonl(first, again)
    assert [(a.id, a.text, a.outlet) for a in first_articles(again, 5)] == [(i, t, o) for i, o, t in TEXTS]


def test_command_line_prints_one_json_object_or_a_table_and_one_line_for_mistakes(corpus: Path, tmp_path: Path) -> None:
    def cc(*args: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "crosscheck.cli", "bench", *map(str, args)], capture_output=True,
                              text=True, cwd=ROOT)

    r = cc(corpus, "--limit", 1, "--only", "spacy", "--only", "extract", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [s["stage"] for s in data["stages"]] == ["spacy", "extract"] and data["articles"] == 1
    assert "extract/spacy" in data["ratios"] and data["processes"] == 1
    r = cc(corpus, "--limit", 1, "--only", "spacy")
    assert r.returncode == 0 and "crosscheck bench" in r.stdout and "spacy" in r.stdout
    r = cc(corpus, "--only", "parse")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "unknown stage 'parse'" in r.stderr
    r = cc(tmp_path / "missing.jsonl")
    assert r.returncode == 2 and "no such file" in r.stderr


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="the kernel's high-water mark is Linux-only")
def test_a_burst_shorter_than_the_sampling_interval_still_counts_in_the_peak() -> None:
    from crosscheck.benchmark import MemorySampler

    with MemorySampler(interval=60) as idle:
        pass
    with MemorySampler(interval=60) as mem:  # no sample falls inside the burst: only the kernel's peak sees it
        block = bytearray(200 * 2**20)
        for k in range(0, len(block), 4096):
            block[k] = 1
        del block
    assert mem.peak >= idle.peak + 150 * 2**20
