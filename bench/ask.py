"""`crosscheck ask`: answer time with many articles stored, and the fit of its weights. A benchmark, not a test.

    python bench/ask.py speed [--articles 5000] [--extract 60] [--basil STORE] [--bench PATH] [--db URL]
    python bench/ask.py fit --store STORE [--gold DIR]

``speed`` extracts the first ``--extract`` articles of the bench file (../shared/data/bench/abp-5000.jsonl.gz) once
and stores ``--articles`` articles in a fresh SQLite file (or ``--db``): the extracted ones and copies of them (the
text with a marker line appended, so every copy is its own article with true offsets), then the articles and
extractions of ``--basil`` (a store holding the BASIL articles and the seeds, such as the one ``crosscheck eval
--only ask`` leaves in out/eval/ask.db; else they are extracted here). Pinned to one core, it loads the model, asks
every development question once to warm up the database pages, then, on a fresh store object, times each question
twice: cold (each article read and prepared on first use: its extraction parsed, its claims' embeddings read from
the store, as ingest stored them since migration 0005) and warm (prepared articles cached, as in a running server);
p50 and p95 in milliseconds. Storing takes minutes: each stored claim is embedded.

``fit`` answers the development questions (``score.py questions``) over a store holding the BASIL articles and the
seeds, fits the rank weights (a logistic regression of "this claim answers the question" on the features and, for
each kind of question, its own additions to the main ones; labels from the gold snippets as ``score.py ask``
matches them) on half A (the stories at even positions of the sorted gold files),
chooses the cut and grouping settings on half A, and prints the settings for ``knowledge/ask.yaml`` and the
figures of half A, half B and all questions, scored by ``score.py ask`` itself.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from benchdata import first_articles  # noqa: E402 - bench/benchdata.py, beside this script

from crosscheck import ask as asking  # noqa: E402
from crosscheck.ask import question as questions_mod  # noqa: E402
from crosscheck.ask import rank  # noqa: E402
from crosscheck.extract import extract_articles  # noqa: E402
from crosscheck.ingest import read_inputs  # noqa: E402
from crosscheck.model import Article, Extraction  # noqa: E402
from crosscheck.store import Store  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
BENCH = SHARED / "data/bench/abp-5000.jsonl.gz"
GOLD = SHARED / "eval/gold/questions"
SCORE = SHARED / "eval/score.py"
#: questions the development articles do not answer (for the answer threshold): general knowledge and SQL
OFF_TOPIC = ("How many moons does Jupiter have?", "Who won the 2014 World Cup final?", "When did the Titanic sink?",
             "Why do cats purr?", "What is the capital of Australia?", "Who painted the Mona Lisa?",
             "How much does a Tesla Model 3 cost?", "Why did the Roman Empire fall?", "Why is the sky blue?",
             "What did Elon Musk say about Mars colonization?", "How many people live in Tokyo?",
             "Who invented the telephone?", "SELECT * FROM claims WHERE 1=1", "'; DROP TABLE claims; --")


def score_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score", SCORE)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def gold_questions(gold: Path) -> list[tuple[str, dict]]:
    """(half, question) for every gold question: half A holds the stories at even positions of the sorted files."""
    out = []
    for n, path in enumerate(sorted(gold.glob("*.questions.json"))):
        for q in json.loads(path.read_text(encoding="utf-8"))["questions"]:
            out.append(("A" if n % 2 == 0 else "B", q))
    return out


# ---------------------------------------------------------------- speed


def copy_of(a: Article, e: Extraction, k: int) -> tuple[Article, Extraction]:
    text = a.text + f"\n\n(bench copy {k})"
    art = a.model_copy(update={"id": f"{a.id}~{k}", "text": text, "url": None})
    ext = e.model_copy(update={"article": art.meta()})
    return art, ext


def speed(args: argparse.Namespace) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    tmp = Path(tempfile.mkdtemp(prefix="bench-ask-"))
    url = args.db or f"sqlite:///{tmp / 'bench.db'}"
    store = Store(url)
    started = time.perf_counter()
    if store.count() < args.articles:  # a --db already filled by an earlier run is reused
        bench = first_articles(Path(args.bench), args.extract)
        pairs = [(a, e) for a, e in zip(bench, extract_articles(bench), strict=True)]
        for k in range(args.articles):
            a, e = pairs[k % len(pairs)]
            store.add(*(copy_of(a, e, k // len(pairs)) if k >= len(pairs) else (a, e)))
    if args.basil:
        source = Store(args.basil)
        basil = list(source.articles_with_extractions(a.meta.id for a in source.list_articles()))
        source.close()
    else:
        arts = [a for a in read_inputs([str(SHARED / "corpus/seeds/seeds.jsonl")]) if isinstance(a, Article)]
        prepared = tmp / "basil.jsonl"
        with contextlib.redirect_stdout(io.StringIO()):
            score_module().main(["prepare", "basil", str(SHARED / "data/basil"), str(prepared)])
        arts += [a for a in read_inputs([str(prepared)]) if isinstance(a, Article)]
        basil = list(zip(arts, extract_articles(arts), strict=True))
    for a, e in basil:
        store.add(a, e)
    print(f"stored {store.count()} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    qs = [q["question"] for _, q in gold_questions(Path(args.gold))]
    t0 = time.perf_counter()
    asking.ask(store, qs[0])
    print(f"model load and first answer: {1000 * (time.perf_counter() - t0):.0f} ms", file=sys.stderr)
    for q in qs:  # warm the database pages as a running server would have them
        asking.ask(store, q)
    store.close()
    fresh = Store(url)  # a new store object: its cache of prepared articles is empty
    for label in ("cold", "warm"):
        times = []
        for q in qs:
            t = time.perf_counter()
            asking.ask(fresh, q)
            times.append(1000 * (time.perf_counter() - t))
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        what = "articles read and prepared on first use" if label == "cold" else "prepared articles cached"
        print(f"{label} ({what}): {len(times)} questions, p50 {statistics.median(times):.0f} ms, "
              f"p95 {p95:.0f} ms, max {times[-1]:.0f} ms")
    fresh.close()
    if not args.db:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- fit


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    from scipy.optimize import minimize

    xb = np.hstack([x, np.ones((len(x), 1))])

    def loss(w: np.ndarray) -> float:
        p = 1 / (1 + np.exp(-(xb @ w)))
        return float(-np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)) + l2 * np.sum(w[:-1] ** 2) / len(y))

    return minimize(loss, np.zeros(xb.shape[1]), method="L-BFGS-B").x


def fit(args: argparse.Namespace) -> None:
    score = score_module()
    store = Store(args.store)
    gold = gold_questions(Path(args.gold))
    got = [asking.retrieve(store, questions_mod.parse(q["question"])) for _, q in gold]

    def hit(q: dict, article: str, text: str) -> bool:
        return any(article == g["article"] and score._hit(g["snippet"], [text]) for g in q["answers"])

    half_a = [i for i, (h, _) in enumerate(gold) if h == "A"]
    names = list(rank.FEATURES) + [f"{g}.{f}" for g in rank.KIND_GROUPS for f in rank.KIND_FEATURES]
    xs, ys = [], []
    for i in half_a:
        g = rank.kind_group(got[i].question.kind)
        for c in got[i].candidates:
            xs.append([c.features[f] for f in rank.FEATURES]
                      + [c.features[f] * (k == g) for k in rank.KIND_GROUPS for f in rank.KIND_FEATURES])
            ys.append(float(hit(gold[i][1], c.item.article, c.item.text)))
    w = fit_logistic(np.array(xs), np.array(ys), args.l2)
    weights = {f: round(float(v), 3) for f, v in zip(names, w[:-1], strict=True)} | {"bias": round(float(w[-1]), 3)}

    def figures(idx: list[int], options: dict, grouping: dict | None = None) -> dict[str, float]:
        path = Path(tempfile.mkstemp(suffix=".jsonl")[1])
        with path.open("w", encoding="utf-8") as fh:
            for i in idx:
                fh.write(asking.select(got[i], 10, weights, options, grouping).model_dump_json() + "\n")
        keep = {q["question"] for _, q in (gold[i] for i in idx)}
        gold_dir = Path(tempfile.mkdtemp())
        for p in Path(args.gold).glob("*.questions.json"):
            data = json.loads(p.read_text(encoding="utf-8"))
            data["questions"] = [q for q in data["questions"] if q["question"] in keep]
            if data["questions"]:
                (gold_dir / p.name).write_text(json.dumps(data), encoding="utf-8")
        with contextlib.redirect_stdout(io.StringIO()):
            line = score.score_ask(str(gold_dir), str(path))
        shutil.rmtree(gold_dir, ignore_errors=True)
        path.unlink()
        return {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:]) if k != "questions"}

    def objective(f: dict[str, float]) -> float:
        return sum(f.values())

    best: tuple[float, dict] | None = None
    for km, kr, dv in itertools.product((0.0, 0.05, 0.1), (0.0, 0.3, 0.5), (0.0, 0.05, 0.1)):
        opts = {"keep_min": km, "keep_ratio": kr, "diversity": dv, "answer_threshold": 0.0}
        o = objective(figures(half_a, opts))
        if best is None or o > best[0] + 1e-9:
            best = (o, opts)
    opts = best[1]  # type: ignore[index]
    bestg: tuple[float, dict] | None = None
    for th, mm in itertools.product((0.8, 1.0, 1.2, 1.4), (0.3, 0.5, 0.7)):
        o = objective(figures(half_a, opts, {"threshold": th, "min_meaning": mm}))
        if bestg is None or o > bestg[0] + 1e-9:
            bestg = (o, {"threshold": th, "min_meaning": mm})
    grouping = bestg[1]  # type: ignore[index]
    raw = opts | {"feedback": 0.0}  # the answer threshold is on the best claim's own score, before feedback
    best_gold = sorted(asking.select(r, 10, weights, raw, grouping).answers[0].score for r in got if r.candidates)
    off = []
    for q in OFF_TOPIC:
        r = asking.retrieve(store, questions_mod.parse(q))
        res = asking.select(r, 10, weights, raw, grouping)
        off.append((res.answers[0].score if res.answers and r.names_found else 0.0, q))
    print(f"best score of each development question: lowest {best_gold[0]:.3f}, median {best_gold[len(best_gold) // 2]:.3f}")
    print("off-topic questions' best scores (0: a name of the question is in no stored claim): "
          + ", ".join(f"{s:.3f}" for s, _ in sorted(off)))
    print("rank:", json.dumps({k: v for k, v in weights.items() if "." not in k}))
    for g in rank.KIND_GROUPS:
        print(f"rank_by_kind {g}:", json.dumps({k.split(".", 1)[1]: v for k, v in weights.items() if k.startswith(g + ".")}))
    print("select:", json.dumps(opts))
    print("group:", json.dumps(grouping))
    for name, idx in (("half A (fitted)", half_a), ("half B (checked)", [i for i, (h, _) in enumerate(gold) if h == "B"]),
                      ("all", list(range(len(gold))))):
        f = figures(idx, opts, grouping)
        print(f"{name}: " + " ".join(f"{k}={v:.3f}" for k, v in f.items()) + f" questions={len(idx)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--articles", type=int, default=5000)
    sp.add_argument("--extract", type=int, default=60)
    sp.add_argument("--basil", help="a store URL holding the BASIL articles and the seeds with their extractions")
    sp.add_argument("--bench", default=str(BENCH))
    sp.add_argument("--gold", default=str(GOLD))
    sp.add_argument("--db")
    fp = sub.add_parser("fit")
    fp.add_argument("--store", required=True, help="a store URL holding the BASIL articles and the seeds")
    fp.add_argument("--gold", default=str(GOLD))
    fp.add_argument("--l2", type=float, default=1.0)
    args = ap.parse_args()
    speed(args) if args.command == "speed" else fit(args)


if __name__ == "__main__":
    main()
