"""The command line, run as a user runs it: a real process, a real SQLite file."""

import gzip
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import SHARED, needs_shared

BENCH = SHARED / "data" / "bench" / "abp-5000.jsonl.gz"

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


def test_ingest_of_a_loopback_url_is_refused_without_allow_private(site, tmp_path):
    url = site.add("/a.html", "<html><body><p>hello</p></body></html>")
    r = cc("ingest", url, db=tmp_path / "x.db", check=False)
    assert r.returncode == 3 and f"skipped {url}:" in r.stderr and "--allow-private" in r.stderr
    assert site.hits["/a.html"] == 0 and "stored 0 new articles" in r.stderr


def test_watch_once_ingests_a_feed_and_prints_story_changes(site, tmp_path):
    from tests.conftest import news_page

    site.add("/a.html", news_page("Talks in Geneva", ["Negotiators from both governments met in Geneva on Tuesday to "
                                                     "discuss reopening the grain corridor after weeks of delay."]))
    feed = site.add("/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>Talks'
                                 f'</title><link>{site.base}/a.html</link></item></channel></rss>',
                    content_type="application/rss+xml", etag='"1"')
    db = tmp_path / "w.db"
    r = cc("watch", feed, "--once", "--allow-private", "--per-host-interval", "0", db=db)
    assert f"{feed}\t1 new entries" in r.stdout and "new story" in r.stdout and "stored 1 new articles" in r.stderr
    r = cc("watch", feed, "--once", "--allow-private", "--every", "10m", db=db)
    assert f"{feed}\tnot modified" in r.stdout and "stored 0 new articles" in r.stderr
    bad = cc("watch", feed, "--once", "--every", "soon", db=db, check=False)
    assert bad.returncode == 2 and "not a duration" in bad.stderr


def test_duplicates_lists_the_outlets_that_ran_the_same_copy(tmp_path):
    wire = ("GENEVA, March 11 (Agency) - Negotiators from Russia and Ukraine met in Geneva on Tuesday to discuss "
            "reopening the Black Sea grain corridor after weeks of delay, United Nations officials said. The talks, "
            "the first in two months, ended without agreement but both sides said they would return next week.")
    src = tmp_path / "copies.jsonl"
    src.write_text("".join(json.dumps({"id": f"c{i}", "outlet": f"Outlet {i}", "text": (f"Headline {i}\n\n" + wire)}) + "\n"
                           for i in range(4)), encoding="utf-8")
    db = tmp_path / "d.db"
    r = cc("ingest", src, db=db)
    assert "3 near-duplicates linked" in r.stderr
    groups = [json.loads(line) for line in cc("duplicates", "--json", db=db).stdout.splitlines()]
    assert groups == [{"article": "c0", "copies": ["c1", "c2", "c3"], "outlets": ["Outlet 0", "Outlet 1", "Outlet 2", "Outlet 3"],
                       "similarity": groups[0]["similarity"]}]
    assert all(v >= 0.8 for v in groups[0]["similarity"].values())
    assert "4 copies\t4 outlets" in cc("duplicates", db=db).stdout


@needs_shared()
def test_an_ingest_killed_halfway_and_run_again_stores_every_article_once(tmp_path):
    """SIGKILL `crosscheck ingest` halfway through a slice of the bench file, run it again: each article once."""
    n = 60
    src = tmp_path / "bench-slice.jsonl.gz"
    with gzip.open(BENCH, "rt", encoding="utf-8") as fh, gzip.open(src, "wt", encoding="utf-8") as out:
        for _, line in zip(range(n), fh, strict=False):
            out.write(line)
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "crosscheck.cli", "--db", str(db), "ingest", str(src)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        stored = _count(db)
        if stored >= n // 2:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored < n, f"the ingest was not caught halfway ({stored} of {n})"
    r = cc("ingest", src, db=db)
    assert "already stored" in r.stderr
    with sqlite3.connect(db) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
        hashes = [row[0] for row in conn.execute("SELECT content_hash FROM articles")]
        extracted = conn.execute("SELECT count(*) FROM extractions").fetchone()[0]
    assert len(ids) == n and len(set(ids)) == n and len(set(hashes)) == n and extracted == n


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_an_article_in_another_language_is_listed_as_not_extracted(tmp_path):
    src = tmp_path / "fr.jsonl"
    src.write_text(json.dumps({"id": "fr1", "text": "Le président a reçu le secrétaire général de l'OTAN à la Maison "
                                                   "Blanche mercredi pour parler de l'Ukraine et des garanties de sécurité."}),
                   encoding="utf-8")
    db = tmp_path / "l.db"
    r = cc("ingest", src, db=db)
    assert "1 in other languages stored unextracted" in r.stderr
    assert "[fr, not extracted]" in cc("articles", db=db).stdout
    shown = cc("show", "fr1", db=db, check=False)
    assert shown.returncode == 2 and "stored in fr" in shown.stderr


HEAVY = ("spacy", "sqlalchemy", "numpy", "datasketch", "scipy", "trafilatura")
SHOW_HEAVY = f"import sys; print(sorted(m for m in sys.modules if m.split('.')[0] in {set(HEAVY)!r}))"


def test_importing_the_command_line_imports_no_heavy_library():
    r = subprocess.run([sys.executable, "-c", f"import crosscheck.cli; {SHOW_HEAVY}"], capture_output=True, text=True,
                       cwd=ROOT, check=True)
    assert r.stdout.strip() == "[]", r.stdout


def test_help_and_version_answer_without_loading_the_jobs():
    code = ("import contextlib, io\nfrom crosscheck.cli import run\n"
            "for args in (['--help'], ['ingest', '--help'], ['extract', '--help'], ['--version'], ['schema']):\n"
            "    with contextlib.redirect_stdout(io.StringIO()):\n"
            "        assert run(args) == 0, args\n"
            f"{SHOW_HEAVY}")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]", r.stdout


def test_a_store_failure_after_it_opened_is_one_line_and_exit_code_2(tmp_path, monkeypatch, capsys):
    from sqlalchemy.exc import OperationalError

    from crosscheck.cli import run
    from crosscheck.store import Store

    def broken(self):
        raise OperationalError("SELECT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(Store, "list_articles", broken)
    assert run(["--db", str(tmp_path / "s.db"), "articles"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("crosscheck: the store ") and "failed: disk I/O error" in lines[0]
