"""Time and memory of briefing one large story: N bench articles extracted, then briefed as one story.

    python bench/brief.py 200 ../shared/data/bench/abp-5000.jsonl.gz

Prints the extraction time (for reference), the brief's time and the process's peak RSS. Not a test: these
machines are noisy, so run it twice and quote the median.
"""

from __future__ import annotations

import gzip
import json
import resource
import sys
import time

from crosscheck.align import build_brief
from crosscheck.extract import extract_articles
from crosscheck.model import Article, Story


def main(n: int, path: str) -> None:
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
    exts = list(extract_articles(articles))
    t1 = time.perf_counter()
    brief = build_brief(Story(id="bench", articles=[a.id for a in articles]), list(zip(articles, exts, strict=True)))
    t2 = time.perf_counter()
    claims = sum(len(e.claims) for e in exts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles={len(articles)} claims={claims} extract_s={t1 - t0:.1f} brief_s={t2 - t1:.1f} "
          f"agreements={len(brief.agreements)} facts_rows={len(brief.facts)} peak_rss_mb={peak:.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
