"""Story clustering at scale: BASIL's B-cubed F1 alone and with the bench articles mixed in, and the grouping time at
growing sizes (the bench replicated with dates shifted by whole years to reach 20k).

    python bench/stories.py BASIL_DIR BENCH_EXTRACTIONS.jsonl [SHARED]

BASIL_DIR holds basil.articles.jsonl and basil.extractions.jsonl as `crosscheck eval --only basil --out DIR`
writes them; BENCH_EXTRACTIONS.jsonl is `crosscheck extract ../shared/data/bench/abp-5000.jsonl.gz -o FILE`.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crosscheck.align import group_stories
from crosscheck.model import Article, Extraction


def load(articles: Path, extractions: Path) -> list[tuple[Article, Extraction]]:
    opener = gzip.open if articles.suffix == ".gz" else open
    with opener(articles, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        arts = {}
        for line in fh:
            r = json.loads(line)
            arts[str(r["id"])] = Article(id=str(r["id"]), title=r.get("title"), text=r["text"], published=r.get("published"),
                                         outlet=r.get("outlet"), url=r.get("url"))
    out = []
    with open(extractions, encoding="utf-8") as fh:
        for line in fh:
            e = Extraction.from_json(line)
            if e.article.id in arts:
                out.append((arts[e.article.id], e))
    return out


def shifted(items: list[tuple[Article, Extraction]], years: int, tag: str) -> list[tuple[Article, Extraction]]:
    out = []
    for a, e in items:
        pub = a.published
        if pub and pub[:4].isdigit():
            pub = f"{int(pub[:4]) + years}{pub[4:]}"
        out.append((a.model_copy(update={"id": f"{a.id}~{tag}", "published": pub}),
                    e.model_copy(update={"article": e.article.model_copy(update={"id": f"{a.id}~{tag}", "published": pub})})))
    return out


def score(shared: Path, basil_dir: Path, stories: list) -> str:  # type: ignore[type-arg]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for s in stories:
            fh.write(s.model_dump_json() + "\n")
    r = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "basil", str(shared / "data" / "basil"),
                        str(basil_dir / "basil.extractions.jsonl"), "--stories", fh.name], capture_output=True, text=True)
    return r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr.strip()


def main() -> None:
    basil_dir, bench_ext = Path(sys.argv[1]), Path(sys.argv[2])
    shared = Path(sys.argv[3]) if len(sys.argv) > 3 else Path(__file__).resolve().parents[2] / "shared"
    basil = load(basil_dir / "basil.articles.jsonl", basil_dir / "basil.extractions.jsonl")
    bench = load(shared / "data" / "bench" / "abp-5000.jsonl.gz", bench_ext)
    print(f"BASIL {len(basil)} articles, bench {len(bench)} articles")
    t0 = time.perf_counter()
    print(f"BASIL alone: {score(shared, basil_dir, group_stories(basil))}  ({time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    mixed = group_stories(basil + bench)
    print(f"BASIL + bench: {score(shared, basil_dir, mixed)}  ({time.perf_counter() - t0:.1f} s)")
    pool = bench + shifted(bench, 10, "a") + shifted(bench, 20, "b") + shifted(bench, 30, "c")
    for n in (1000, 5000, 20000):
        part = pool[:n]
        t0 = time.perf_counter()
        stories = group_stories(part)
        print(f"{n:>6} articles: {time.perf_counter() - t0:6.1f} s, {len(stories)} stories")


if __name__ == "__main__":
    main()
