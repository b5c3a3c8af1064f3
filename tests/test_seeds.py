"""The seeds end to end: JSON Lines -> `crosscheck extract` -> the shared scorer, and the brief of their story.

Floors sit a little under the figures reached, so a regression fails here."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS, SHARED

ROOT = Path(__file__).resolve().parent.parent
SCORER = SHARED / "eval" / "score.py"
GOLD = SHARED / "eval" / "gold" / "seeds.json"
FLOORS = {"actors": 0.95, "actor_country": 0.95, "actor_roles": 0.9, "events": 0.9, "events_dated": 0.78,
          "quotes": 0.9, "quote_speaker": 0.85, "quantities": 1.0, "timexes": 0.95}

pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="shared data not found")


def run(*args):
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, cwd=ROOT, check=True).stdout


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "ext.jsonl"
    run("-m", "crosscheck.cli", "extract", SEEDS, "-o", out)
    report = run(SCORER, "seeds", GOLD, out)
    got = {m[1]: float(m[2]) for m in re.finditer(r"^(\w+)\s+recall=([\d.]+)", report, re.M)}
    return got, report


def test_seed_events_are_mostly_ones_the_gold_lists(scores):
    _, report = scores
    precision = float(re.search(r"^events\s.*precision~=([\d.]+)", report, re.M)[1])
    assert precision >= 0.58, report


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_seed_scores_reach_their_floor(scores, kind):
    got, report = scores
    assert got[kind] >= FLOORS[kind], report


def test_seeds_make_one_story_and_its_brief(tmp_path):
    db = f"sqlite:///{tmp_path / 'seeds.db'}"
    run("-m", "crosscheck.cli", "--db", db, "ingest", SEEDS)
    stories = [json.loads(x) for x in run("-m", "crosscheck.cli", "--db", db, "stories", "--json").splitlines()]
    assert len(stories) == 1 and len(stories[0]["articles"]) == 2
    brief_json = tmp_path / "brief.json"
    brief_json.write_text(run("-m", "crosscheck.cli", "--db", db, "brief", stories[0]["id"], "--json"))
    line = run(SCORER, "brief", GOLD, brief_json).strip().splitlines()[-1]
    got = dict(kv.split("=") for kv in line.split()[1:])
    # floors a little under the figures of 2026-11-26 (gold listing every shared fact; README has the figures)
    assert float(got["conflicts"]) == 1.0 and float(got["conflicts_precision"]) >= 0.5 and got["source_order"] == "True", line
    assert float(got["agreements"]) >= 0.7 and float(got["only_in"]) >= 0.9 and int(got["conflicts_reported"]) <= 3, line
    assert float(got["key_events"]) >= 0.95 and float(got["key_events_dated"]) >= 0.95, line
    b = json.loads(brief_json.read_text())
    # the Trump-Rutte meeting of 2025-10-22 with both sources
    assert any(t["date"] == "2025-10-22" and t["type"] == "CONSULT" and len(t["articles"]) == 2 for t in b["timeline"]), b["timeline"]
    # the Kyiv strike toll as reported by one source only, and the matrix row saying so
    only = [o for o in b["only_in"] if o["article"].startswith("001")]
    assert any("killing at least six people and injuring 18" in e["text"] for o in only for e in o["evidence"])
    row = next(r for r in b["facts"] if any("injuring 18" in e["text"] for c in r["cells"] for e in c["evidence"]))
    assert sorted(c["status"] for c in row["cells"]) == ["reported", "silent"]
    # Rutte's and Trump's quotes with their speakers
    speakers = {q["speaker"] for q in b["quotes"]}
    assert {"Mark Rutte", "Donald Trump"} <= speakers
    md = run("-m", "crosscheck.cli", "--db", db, "brief", stories[0]["id"], "--markdown")
    assert "Mark Rutte" in md and "Word count" in md
