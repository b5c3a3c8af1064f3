"""Extraction time against plain spaCy on the same texts, in one run.

    python bench/speed.py [N] [PATH]   (default: 300 articles of ../shared/data/bench/abp-5000.jsonl.gz)

Prints seconds for plain ``nlp.pipe`` with the same model, for crosscheck's full extraction, and their ratio.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

from crosscheck.extract import extract_articles
from crosscheck.model import Article
from crosscheck.nlp import plain_pipeline


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    path = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).resolve().parents[2] / "shared/data/bench/abp-5000.jsonl.gz")
    arts = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("text"):
                arts.append(Article(id=str(r.get("id", len(arts))), text=r["text"], published=r.get("published")))
            if len(arts) >= n:
                break
    nlp = plain_pipeline()
    list(extract_articles(arts[:2]))  # load everything once before timing
    t0 = time.perf_counter()
    for _ in nlp.pipe((a.text for a in arts), batch_size=32):
        pass
    plain = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in extract_articles(arts):
        pass
    ours = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in arts)
    print(f"articles={len(arts)} words={words} plain_spacy={plain:.1f}s crosscheck={ours:.1f}s ratio={ours / plain:.2f}")


if __name__ == "__main__":
    main()
