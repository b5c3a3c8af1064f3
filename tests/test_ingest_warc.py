"""WARC archives we build with warcio: HTML responses become articles, every other record is passed over."""

import gzip
from io import BytesIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosscheck.errors import InputProblem
from crosscheck.ingest import Reader, read_inputs
from crosscheck.ingest.warc import read_warc
from crosscheck.model import Article
from tests.conftest import news_page

PARAS = ["Negotiators from both governments met in Geneva on Tuesday to discuss reopening the grain corridor after weeks of delay.",
         "The United Nations said a second round of talks would take place in Istanbul next week, officials told reporters."]


def build_warc(gz: bool = True, pages: int = 2) -> bytes:
    buf = BytesIO()
    w = WARCWriter(buf, gzip=gz)
    w.write_record(w.create_warcinfo_record("test.warc", {"software": "crosscheck tests"}))
    w.write_record(w.create_warc_record("dns:news.example", "resource", payload=BytesIO(b"93.184.216.34"),
                                        warc_content_type="text/dns"))
    for k in range(pages):
        uri = f"http://news.example/world/story-{k}.html"
        req = StatusAndHeaders("GET /world HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        w.write_record(w.create_warc_record(uri, "request", payload=BytesIO(b""), http_headers=req))
        html = news_page(f"Story {k}", [f"Report number {k}. " + p for p in PARAS]).encode("utf-8")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=BytesIO(html), http_headers=headers))
    img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("http://news.example/logo.png", "response", payload=BytesIO(b"\x89PNG...."), http_headers=img))
    gone = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("http://news.example/gone", "response", payload=BytesIO(b"<html>gone</html>"), http_headers=gone))
    w.write_record(w.create_warc_record("http://news.example/world/story-0.html", "metadata",
                                        payload=BytesIO(b"fetchTimeMs: 12"), warc_content_type="application/warc-fields"))
    return buf.getvalue()


def test_only_html_responses_become_articles_with_their_urls():
    items = list(read_warc(BytesIO(build_warc()), "t.warc.gz", 10_000_000))
    assert all(isinstance(i, Article) for i in items), items
    assert [a.title for a in items] == ["Story 0", "Story 1"]
    assert items[0].url == "http://news.example/world/story-0.html" and items[0].id.startswith("news.example-story-0-")
    assert "Geneva" in items[0].text and "alert" not in items[0].text


def test_plain_and_gzip_archives_are_read_from_files(tmp_path):
    (tmp_path / "a.warc").write_bytes(build_warc(gz=False))
    (tmp_path / "b.warc.gz").write_bytes(build_warc(gz=True, pages=3))
    (tmp_path / "unnamed").write_bytes(build_warc(gz=False, pages=1))  # sniffed from its first bytes
    items = list(read_inputs([tmp_path / "a.warc", tmp_path / "b.warc.gz", tmp_path / "unnamed"]))
    assert sum(isinstance(i, Article) for i in items) == 6 and not [i for i in items if isinstance(i, InputProblem)]


def test_a_truncated_archive_keeps_the_records_before_the_damage(tmp_path):
    whole = build_warc(gz=True, pages=6)
    p = tmp_path / "cut.warc.gz"
    p.write_bytes(whole[: int(len(whole) * 0.7)])
    items = list(Reader().read([p]))
    arts = [i for i in items if isinstance(i, Article)]
    probs = [i for i in items if isinstance(i, InputProblem)]
    assert 1 <= len(arts) < 6
    assert len(probs) == 1 and probs[0].source == str(p) and "truncated or corrupt" in probs[0].message


def test_a_file_that_is_not_a_warc_is_named(tmp_path):
    p = tmp_path / "fake.warc"
    p.write_bytes(b"this is not an archive\n" * 10)
    probs = [i for i in read_inputs([p]) if isinstance(i, InputProblem)]
    assert len(probs) == 1 and "not a readable WARC" in probs[0].message


def test_a_gzip_of_text_named_warc_is_named_not_crashed(tmp_path):
    p = tmp_path / "odd.warc.gz"
    p.write_bytes(gzip.compress(b"hello " * 100))
    probs = [i for i in read_inputs([p]) if isinstance(i, InputProblem)]
    assert len(probs) == 1 and str(p) in str(probs[0])
