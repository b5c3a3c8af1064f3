"""The command line, run as a user runs it: a real process, a real SQLite file."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def cc(*args, db=None, check=True):
    cmd = [sys.executable, "-m", "crosscheck.cli"] + (["--db", str(db)] if db else []) + [str(a) for a in args]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if check and r.returncode != 0:
        raise AssertionError(f"{cmd} -> {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


def test_demo_path_ingest_is_idempotent_and_stories_and_brief_work(tmp_path):
    db = tmp_path / "demo.db"
    r = cc("ingest", EXAMPLES, db=db)
    assert "stored 4 new articles" in r.stderr
    r = cc("ingest", EXAMPLES, db=db)
    assert "stored 0 new articles, 4 already stored" in r.stderr
    rows = [json.loads(line) for line in cc("articles", "--json", db=db).stdout.splitlines()]
    assert sorted(r["id"] for r in rows) == ["continental-post", "daily-meridian-0312", "farm-prices", "harbour-herald-0311"]
    stories = [json.loads(line) for line in cc("stories", "--json", db=db).stdout.splitlines()]
    grain = next(s for s in stories if "harbour-herald-0311" in s["articles"])
    assert set(grain["articles"]) == {"harbour-herald-0311", "daily-meridian-0312", "continental-post"}
    assert any(s["articles"] == ["farm-prices"] for s in stories)
    md = cc("brief", grain["id"], db=db).stdout
    assert "## Conflicts" in md and "number" in md and "Daily Meridian" in md
    b = json.loads(cc("brief", grain["id"], "--json", db=db).stdout)
    assert {c["kind"] for c in b["conflicts"]} >= {"number"}
    shown = json.loads(cc("show", "harbour-herald-0311", "--json", db=db).stdout)
    assert shown["article"]["outlet"] == "Harbour Herald"
    assert "Hakan Fidan" in cc("show", "harbour-herald-0311", db=db).stdout


def test_bad_inputs_are_skipped_with_one_line_each_and_exit_code_3(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_text("")
    (d / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    (d / "latin.txt").write_bytes("Le président Macron a parlé à Genève.".encode("latin-1"))
    (d / "big.txt").write_text("a" * (20 * 1024 * 1024))
    (d / "batch.jsonl").write_text('{"id": "ok", "text": "Rutte met Trump."}\n{broken\n')
    db = tmp_path / "x.db"
    r = cc("ingest", d, db=db, check=False)
    assert r.returncode == 3
    problems = [line for line in r.stderr.splitlines() if line.startswith("skipped")]
    assert len(problems) == 4, r.stderr
    for name in ("empty.txt", "blob.txt", "big.txt", "batch.jsonl:2"):
        assert any(name in p for p in problems), (name, problems)
    ids = [json.loads(line)["id"] for line in cc("articles", "--json", db=db).stdout.splitlines()]
    assert sorted(ids) == ["latin", "ok"]


def test_extract_writes_jsonl_without_a_store(tmp_path):
    out = tmp_path / "x.jsonl"
    cc("extract", EXAMPLES / "harbour-herald.jsonl", "-o", out)
    ext = json.loads(out.read_text().splitlines()[0])
    assert ext["article"]["id"] == "harbour-herald-0311"


def test_unknown_story_is_a_one_line_error(tmp_path):
    r = cc("brief", "s-nope", db=tmp_path / "e.db", check=False)
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "no story" in r.stderr


def test_every_command_and_option_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    import typer.main

    from crosscheck.cli import app

    group = typer.main.get_group(app)
    for name, cmd in group.commands.items():
        assert f"crosscheck {name}" in readme, f"README does not document `crosscheck {name}`"
        for p in cmd.params:
            for opt in getattr(p, "opts", []):
                if opt.startswith("--"):
                    assert opt in readme, f"README does not document {opt} of `crosscheck {name}`"
