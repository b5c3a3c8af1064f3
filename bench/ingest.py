"""Ingest rate of the bench file as JSON Lines and as WARC records built from it, in one run.

    python bench/ingest.py [N] [PATH] [--processes P]   (default: 300 articles of ../shared/data/bench/abp-5000.jsonl.gz)

Writes, in a temporary folder, the first N articles as a JSON Lines.gz file and as a WARC.gz file of HTML pages
(one response record per article, with request and metadata records between them, as crawlers write them), then
times for each: reading alone (readers, language detection; no parsing) and a full ``crosscheck ingest`` into a
fresh SQLite store. Prints articles per second for every step.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import tempfile
import time
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosscheck import jobs
from crosscheck.extract import extract_articles
from crosscheck.ingest import read_inputs
from crosscheck.model import Article
from crosscheck.store import Store

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/bench/abp-5000.jsonl.gz"


def page(rec: dict) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in rec["text"].split("\n") if p.strip())
    title = html.escape(rec.get("title") or "")
    return (f"<html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='{html.escape(rec.get('outlet') or '')}'>"
            f"<meta property='article:published_time' content='{rec.get('published') or ''}'></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paras}</article></body></html>").encode()


def build(records: list[dict], folder: Path) -> tuple[Path, Path]:
    jl = folder / "bench.jsonl.gz"
    with gzip.open(jl, "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    warc = folder / "bench.warc.gz"
    with warc.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for k, r in enumerate(records):
            uri = r.get("url") or f"http://bench.example/{k}"
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "bench.example")], is_http_request=True)
            w.write_record(w.create_warc_record(uri, "request", payload=BytesIO(b""), http_headers=req))
            resp = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=BytesIO(page(r)), http_headers=resp))
            w.write_record(w.create_warc_record(uri, "metadata", payload=BytesIO(b"fetchTimeMs: 100"),
                                                warc_content_type="application/warc-fields"))
    return jl, warc


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=300)
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--processes", type=int, default=1)
    args = ap.parse_args()
    records = []
    with gzip.open(args.path, "rt", encoding="utf-8") as fh:
        for line in fh:
            records.append(json.loads(line))
            if len(records) >= args.n:
                break
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jl, warc = build(records, folder)
        list(extract_articles([Article(id="warm", text="Rutte met Trump in Washington on Wednesday.")]))
        print(f"{len(records)} articles; JSON Lines.gz {jl.stat().st_size:,} bytes, WARC.gz {warc.stat().st_size:,} bytes")
        for name, path in (("JSON Lines", jl), ("WARC", warc)):
            t0 = time.perf_counter()
            n_read = sum(isinstance(i, Article) for i in read_inputs([path]))
            read_s = time.perf_counter() - t0
            store = Store(f"sqlite:///{folder / (name.replace(' ', '') + '.db')}")
            t0 = time.perf_counter()
            report = jobs.ingest([str(path)], store, jobs.IngestOptions(processes=args.processes))
            ingest_s = time.perf_counter() - t0
            print(f"{name:10}  read only: {n_read} articles in {read_s:6.1f} s = {n_read / read_s:7.1f}/s   "
                  f"ingest: {report.stored} stored in {ingest_s:6.1f} s = {report.stored / ingest_s:5.2f}/s "
                  f"({report.near_duplicates} near-duplicates, {report.not_extracted} not English, "
                  f"{len(report.problems)} skipped)")
            store.close()


if __name__ == "__main__":
    main()
