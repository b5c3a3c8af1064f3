"""``crosscheck eval``: prepare, run and score every development data set with ``../shared/eval/score.py``.

score.py is the yardstick and lives beside the project, not in it; this module only drives it: ``score.py prepare``
writes a data set as input articles, crosscheck extracts them (and groups them into stories where the data set
scores stories), ``score.py DATASET`` scores the result. Each data set's last printed line is its summary.

Two more rows score briefs, made from the same extractions: ``briefs`` groups the 150 BASIL articles into stories,
briefs every story and scores them with ``score.py briefs`` against the hand-made cross-source gold of
``eval/gold/briefs``; ``seeds-brief`` briefs the seeds' story against ``eval/gold/seeds.json``.

The ``ask`` row stores the BASIL articles and the seeds with their extractions in one fresh SQLite store, asks every
question of ``eval/gold/questions`` over the whole store (``crosscheck ask --json``, one object a line) and scores the
answers with ``score.py ask``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from crosscheck.align import build_brief, group_stories
from crosscheck.extract import extract_articles
from crosscheck.ingest import read_inputs
from crosscheck.model import Article, Extraction

#: (data set, its source under ../shared, whether score.py wants stories)
DATASETS: tuple[tuple[str, str, bool], ...] = (
    ("seeds", "eval/gold/seeds.json", True),
    ("conll", "data/conll-eng.testa", False),
    ("polnear", "data/polnear", False),
    ("tempeval", "data/tempeval/TimeBank", False),
    ("plover-gsr", "data/plover-gsr.json", False),
    ("basil", "data/basil", True),
)
#: (row, the data set whose extractions it briefs, its gold under ../shared, score.py's command)
BRIEF_SETS: tuple[tuple[str, str, str, str], ...] = (
    ("seeds-brief", "seeds", "eval/gold/seeds.json", "brief"),
    ("briefs", "basil", "eval/gold/briefs", "briefs"),
)
#: (row, the data sets whose articles are stored together, the questions' gold under ../shared)
ASK_SETS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("ask", ("basil", "seeds"), "eval/gold/questions"),
)
ALL_SETS = (tuple(d for d, _, _ in DATASETS) + tuple(b for b, _, _, _ in BRIEF_SETS)
            + tuple(a for a, _, _ in ASK_SETS))


class EvalError(RuntimeError):
    """The evaluation cannot run (no shared folder, score.py failed); the message is one line."""


@dataclass(frozen=True)
class EvalResult:
    dataset: str
    articles: int
    seconds: float
    summary: str
    figures: dict[str, float]


_FIGURE = re.compile(r"([A-Za-z_][\w+-]*)[=:]\s*(-?\d+(?:\.\d+)?)")


def figures(summary: str) -> dict[str, float]:
    """``name=0.75`` / ``name: 0.75`` pairs of a score.py summary line."""
    return {k: float(v) for k, v in _FIGURE.findall(summary)}


def _score(args: list[str]) -> str:
    r = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise EvalError(f"score.py {' '.join(args[1:3])} failed: {(r.stderr or r.stdout).strip().splitlines()[-1:]}")
    return r.stdout


def run_eval(shared: Path, out: Path, only: Iterable[str] | None = None,
             on_result: Callable[[EvalResult], None] | None = None) -> list[EvalResult]:
    """Prepares, extracts and scores the chosen data sets (all by default); writes inputs, extractions, score.py's
    full reports and ``results.json`` under ``out``."""
    score = shared / "eval" / "score.py"
    if not score.exists():
        raise EvalError(f"no {score}: pass --shared with the folder holding eval/ and data/")
    chosen = set(only) if only else set(ALL_SETS)
    unknown = chosen - set(ALL_SETS)
    if unknown:
        raise EvalError(f"unknown data set(s) {', '.join(sorted(unknown))}; choose from {', '.join(ALL_SETS)}")
    out.mkdir(parents=True, exist_ok=True)
    results = []
    needed = chosen | {base for row, base, _, _ in BRIEF_SETS if row in chosen}
    needed |= {base for row, bases, _ in ASK_SETS if row in chosen for base in bases}
    made: dict[str, tuple[list[Article], list[Extraction]]] = {}
    for name, src, stories in DATASETS:
        if name not in needed:
            continue
        source = shared / src
        inputs, system, stories_path = out / f"{name}.articles.jsonl", out / f"{name}.extractions.jsonl", out / f"{name}.stories.jsonl"
        _score([str(score), "prepare", name, str(source), str(inputs)])
        started = time.perf_counter()
        articles = [a for a in read_inputs([inputs]) if isinstance(a, Article)]
        failures: list[str] = []
        extractions = list(extract_articles(articles, on_error=lambda f, out=failures: out.append(f.article_id)))
        if failures:
            print(f"{name}: extraction failed on {len(failures)} articles: {', '.join(failures[:5])}", file=sys.stderr)
        made[name] = (articles, extractions)
        if name not in chosen:
            continue
        by_id = {a.id: a for a in articles}
        system.write_text("".join(e.to_json() + "\n" for e in extractions), encoding="utf-8")
        args = [str(score), name, str(source), str(system)]
        if stories:
            grouped = group_stories([(by_id[e.article.id], e) for e in extractions])
            stories_path.write_text("".join(s.model_dump_json() + "\n" for s in grouped), encoding="utf-8")
            args += ["--stories", str(stories_path)]
        seconds = time.perf_counter() - started
        report = _score(args)
        (out / f"{name}.score.txt").write_text(report, encoding="utf-8")
        summary = report.strip().splitlines()[-1] if report.strip() else ""
        result = EvalResult(name, len(articles), round(seconds, 1), summary, figures(summary))
        results.append(result)
        if on_result:
            on_result(result)
    for row, base, gold, command in BRIEF_SETS:
        if row in chosen:
            result = _score_briefs(row, score, shared / gold, command, *made[base], out)
            results.append(result)
            if on_result:
                on_result(result)
    for row, bases, gold in ASK_SETS:
        if row in chosen:
            result = _score_ask(row, score, shared / gold, [made[b] for b in bases], out)
            results.append(result)
            if on_result:
                on_result(result)
    (out / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    return results


def _score_briefs(row: str, score: Path, gold: Path, command: str, articles: list[Article], extractions: list[Extraction],
                  out: Path) -> EvalResult:
    """Groups the extracted articles into stories, briefs each story of two or more articles (as ``crosscheck brief
    --json`` prints them, one after another) and scores the briefs against the cross-source gold."""
    started = time.perf_counter()
    by_id = {a.id: a for a in articles}
    pairs = [(by_id[e.article.id], e) for e in extractions]
    ext_of = {e.article.id: e for e in extractions}
    briefs_path = out / f"{row}.briefs.json"
    with briefs_path.open("w", encoding="utf-8") as fh:
        for story in group_stories(pairs):
            if len(story.articles) > 1:
                brief = build_brief(story, [(by_id[a], ext_of[a]) for a in story.articles])
                fh.write(brief.model_dump_json(indent=2) + "\n")
    seconds = time.perf_counter() - started
    report = _score([str(score), command, str(gold), str(briefs_path)])
    (out / f"{row}.score.txt").write_text(report, encoding="utf-8")
    summary = report.strip().splitlines()[-1] if report.strip() else ""
    return EvalResult(row, len(articles), round(seconds, 1), summary, figures(summary))


def _score_ask(row: str, score: Path, gold: Path, sets: list[tuple[list[Article], list[Extraction]]],
               out: Path) -> EvalResult:
    """Stores the articles of the given sets with their extractions in a fresh SQLite store, answers every question
    of the gold folder over the whole store (as ``crosscheck ask --json`` prints them) and scores the answers."""
    from crosscheck.ask import ask
    from crosscheck.store import Store

    db = out / f"{row}.db"
    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    store = Store(f"sqlite:///{db}")
    try:
        n = 0
        for articles, extractions in sets:
            ext_of = {e.article.id: e for e in extractions}
            for a in articles:
                n += store.add(a, ext_of.get(a.id))
        questions = [json.loads(line) for line in _score([str(score), "questions", str(gold)]).splitlines() if line.strip()]
        answers_path = out / f"{row}.answers.jsonl"
        with answers_path.open("w", encoding="utf-8") as fh:
            for q in questions:
                fh.write(ask(store, q["question"]).model_dump_json() + "\n")
    finally:
        store.close()
    seconds = time.perf_counter() - started
    report = _score([str(score), "ask", str(gold), str(answers_path)])
    (out / f"{row}.score.txt").write_text(report, encoding="utf-8")
    summary = report.strip().splitlines()[-1] if report.strip() else ""
    return EvalResult(row, n, round(seconds, 1), summary, figures(summary))
