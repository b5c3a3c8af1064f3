"""crosscheck bench --scale: a store filled by replicating extracted articles, grouped and queried at each size
(tiny sizes here; the figures are the benchmark's, no time is asserted)."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from crosscheck import jobs
from crosscheck.benchmark import write_jsonl
from crosscheck.benchmark_scale import (
    QUERY_KINDS,
    ScaleOptions,
    _prepare,
    base_articles,
    copies,
    percentile,
    run_scale,
)
from crosscheck.errors import CrosscheckError
from crosscheck.model import Article
from crosscheck.store import Store

ROOT = Path(__file__).resolve().parent.parent

TEXTS = [
    ("a1", "2025-10-20", "The port authority of Valmora said on Monday that 12 ships were held outside the harbour "
     "after a storm damaged two cranes. Director Ana Ruiz said repairs would take a week."),
    ("a2", "2025-10-21", "Twelve ships waited outside Valmora harbour on Monday, the port authority said, after a "
     "storm damaged cranes. Ana Ruiz, the port's director, said repairs could take a week."),
    ("a3", "2025-10-27", "Wheat prices rose 3 percent in Carden on Tuesday as dry weather cut the harvest forecast, "
     "Agriculture Minister Jonas Berg said, and farmers criticised the government."),
    ("a4", None, "An undated note about nothing in particular, which the benchmark leaves out."),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "few.jsonl"
    write_jsonl([Article(id=i, outlet="Harbour Herald", title=f"Valmora harbour news {i}", published=p, text=t)
                 for i, p, t in TEXTS], path)
    return path


def test_copies_get_their_own_ids_texts_and_dates_a_period_apart(corpus: Path) -> None:
    items = base_articles(corpus, 10)
    assert [a.id for a, _ in items] == ["a1", "a2", "a3"]  # the undated article is left out
    base = _prepare(items)
    made = list(copies(base, 30, 2, 7))
    assert [p.article.id for p in made] == ["a3~0", "a1~1", "a2~1", "a3~1", "a1~2"]
    a1 = made[1]
    assert a1.article.published == (date(2025, 10, 20).replace(month=11, day=19)).isoformat()
    assert a1.article.text.endswith("(copy 1)") and a1.article.content_hash != items[0][0].content_hash
    ext = json.loads(a1.extraction_json)
    assert ext["article"]["id"] == "a1~1" and ext["article"]["published"] == "2025-11-19"
    assert ext["events"] == json.loads(items[0][1].to_json())["events"]  # events keep their own dates
    assert a1.claim_rows and {r["article_id"] for r in a1.claim_rows} == {"a1~1"}
    assert all(r["embedding"] for r in a1.claim_rows)
    assert {r["article_id"] for r in a1.event_rows} <= {"a1~1"}


def test_each_size_is_filled_grouped_and_queried(corpus: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scale.db'}"
    said: list[str] = []
    report = run_scale(corpus, ScaleOptions(sizes=(9, 6), db=url, queries=3), on_progress=said.append)
    assert report.base_articles == 3 and report.backend == "sqlite"
    assert report.period_days == 7 + 7  # 2025-10-20 .. 2025-10-27, and twice the story window and a day
    assert [r.articles for r in report.sizes] == [6, 9]
    for r in report.sizes:
        assert r.stories >= 2 * r.articles // 3 and r.store_mb > 0 and r.grouping_seconds > 0
        assert r.grouping_peak_rss_mb > 0
        assert [q.kind for q in r.queries] == list(QUERY_KINDS)
        assert all(q.p50_ms <= q.p95_ms <= q.max_ms for q in r.queries)
    assert any("9 articles grouped" in m for m in said)
    store = Store(url)
    assert store.count() == 9 and store.article("a2~2").published == "2025-11-18"
    assert len(store.list_stories()) == report.sizes[-1].stories
    brief = jobs.brief(store, max(store.list_stories(), key=lambda s: len(s.articles)).id)
    assert len(brief.sources) >= 2
    store.close()
    again = run_scale(corpus, ScaleOptions(sizes=(6, 9, 12), db=url, queries=2))  # goes on where it stopped
    assert [(r.articles, r.grouping_seconds is None) for r in again.sizes] == [(9, True), (12, False)]
    assert again.sizes[0].fill_seconds == 0 and again.sizes[0].stories == report.sizes[-1].stories
    store = Store(url)
    assert store.count() == 12 and store.count_grouped() == 12
    other = Article(id="other", text="Another article altogether.")
    store.add(other, None)
    store.close()
    with pytest.raises(CrosscheckError, match="not empty"):
        run_scale(corpus, ScaleOptions(sizes=(20,), db=url))


def test_the_peak_memory_of_a_call_is_sampled_while_it_runs() -> None:
    from crosscheck.benchmark_scale import peak_rss_while

    def hold() -> int:
        block = bytearray(200 * 2**20)  # 200 MB, touched
        for k in range(0, len(block), 4096):
            block[k] = 1
        return len(block)

    _, base = peak_rss_while(lambda: None)
    got, peak = peak_rss_while(hold)
    assert got == 200 * 2**20 and peak >= base + 150


def test_percentiles_interpolate_between_ranks() -> None:
    assert percentile([], 95) == 0.0
    assert percentile([5.0], 95) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile(list(map(float, range(1, 101))), 95) == pytest.approx(95.05)


def test_the_command_line_reads_extractions_from_a_file(corpus: Path, tmp_path: Path) -> None:
    ext = tmp_path / "few.extractions.jsonl"
    with ext.open("w", encoding="utf-8") as fh:
        jobs.extract_to([str(corpus)], fh)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    r = subprocess.run([sys.executable, "-m", "crosscheck.cli", "bench", str(corpus), "--scale", "4", "--extractions",
                        str(ext), "--queries", "2", "--db", url, "--json"], capture_output=True, text=True, cwd=ROOT,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["base_articles"] == 3 and [s["articles"] for s in data["sizes"]] == [4]
    assert {q["kind"] for q in data["sizes"][0]["queries"]} == set(QUERY_KINDS)
    bad = subprocess.run([sys.executable, "-m", "crosscheck.cli", "bench", str(corpus), "--scale", "4",
                          "--extractions", str(tmp_path / "missing.jsonl")], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "no such file" in bad.stderr
