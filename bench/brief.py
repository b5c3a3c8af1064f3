"""Time and memory of briefing one large story: N bench articles extracted, then briefed as one story.

    python bench/brief.py 200 ../shared/data/bench/abp-5000.jsonl.gz [out/bench-200.extractions.jsonl]

Prints the extraction time (for reference), the brief's time and the process's peak RSS. With a third argument the
extractions are written there the first time and read back on later runs, so that the brief can be timed again
without parsing. Not a test: these machines are noisy, so run it twice and quote the median.
"""

from __future__ import annotations

import gzip
import json
import resource
import sys
import time
from pathlib import Path

from crosscheck.align import build_brief
from crosscheck.extract import extract_articles
from crosscheck.model import Article, Extraction, Story


def main(n: int, path: str, cache: Path | None = None) -> None:
    opener = gzip.open if path.endswith(".gz") else open
    articles = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d.get("text"):
                articles.append(Article(id=str(d.get("id", len(articles))), text=d["text"], title=d.get("title"),
                                        outlet=d.get("outlet"), published=d.get("published")))
            if len(articles) >= n:
                break
    t0 = time.perf_counter()
    if cache is not None and cache.exists():
        exts = [Extraction.from_json(line) for line in cache.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        exts = list(extract_articles(articles))
        if cache is not None:
            cache.write_text("".join(e.to_json() + "\n" for e in exts), encoding="utf-8")
    t1 = time.perf_counter()
    brief = build_brief(Story(id="bench", articles=[a.id for a in articles]), list(zip(articles, exts, strict=True)))
    t2 = time.perf_counter()
    claims = sum(len(e.claims) for e in exts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles={len(articles)} claims={claims} extract_s={t1 - t0:.1f} brief_s={t2 - t1:.1f} "
          f"agreements={len(brief.agreements)} facts_rows={len(brief.facts)} peak_rss_mb={peak:.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], Path(sys.argv[3]) if len(sys.argv) > 3 else None)
