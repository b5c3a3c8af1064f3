import gzip
import json

from crosscheck.errors import InputProblem
from crosscheck.ingest import ReadOptions, read_inputs
from crosscheck.ingest.decode import looks_binary
from crosscheck.ingest.fetch import FetchOptions
from crosscheck.model import Article
from tests.conftest import news_page


def read(paths, options=None, **kw):
    items = list(read_inputs([str(p) for p in paths], options or ReadOptions(**kw)))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputProblem)]


def test_text_file_keeps_text_and_takes_its_name(tmp_path):
    p = tmp_path / "kyiv-strike.txt"
    p.write_text("Six people were killed in Kyiv.\n", encoding="utf-8")
    arts, probs = read([p])
    assert not probs and arts[0].id == "kyiv-strike" and arts[0].text == "Six people were killed in Kyiv.\n"


def test_jsonl_broken_line_is_named_and_the_rest_read(tmp_path):
    p = tmp_path / "batch.jsonl"
    good = {"id": "x1", "title": "T", "text": "Body one.", "published": "2025-10-22", "outlet": "O", "url": None}
    p.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({**good, "id": "x2", "text": "Body two."}) + "\n[1]\n{\"id\": \"x3\"}\n")
    arts, probs = read([p])
    assert [a.id for a in arts] == ["x1", "x2"]
    assert [pr.source.rsplit(":", 1)[1] for pr in probs] == ["2", "4", "5"]
    assert "not valid JSON" in probs[0].message and "JSON object" in probs[1].message and "text" in probs[2].message


def test_empty_binary_large_files_are_refused_with_one_line(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "huge.txt").write_text("word " * 300_000)
    arts, probs = read([tmp_path], max_bytes=1_000_000)
    assert arts == []
    msgs = {p.source.rsplit("/", 1)[1]: p.message for p in probs}
    assert "empty" in msgs["empty.txt"] and "binary" in msgs["blob.bin"] and "limit" in msgs["huge.txt"]
    assert all("\n" not in str(p) for p in probs)


def test_latin1_text_is_read_correctly(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Le président François Hollande a rencontré Angela Merkel à Genève hier soir.".encode("latin-1"))
    arts, probs = read([p])
    assert not probs and "François" in arts[0].text and "Genève" in arts[0].text


def test_missing_path_is_a_problem_not_a_crash(tmp_path):
    arts, probs = read([tmp_path / "nope.txt"])
    assert not arts and "no such file" in probs[0].message


def test_html_body_title_date_and_site(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("""<html><head><title>Talks resume | The Example Times</title>
<meta property="og:site_name" content="The Example Times">
<meta property="article:published_time" content="2026-03-11T10:00:00Z"></head>
<body><nav>Home News Sport</nav><article><h1>Talks resume</h1>
<p>Negotiators met in Geneva on Tuesday to discuss the grain corridor after weeks of delay and disagreement.</p>
<p>The United Nations said a second round of talks would take place in Istanbul next week.</p>
<script>alert(1)</script></article></body></html>""", encoding="utf-8")
    arts, probs = read([p])
    assert not probs
    a = arts[0]
    assert "Geneva" in a.text and "alert" not in a.text and "Home News" not in a.text
    assert a.outlet == "The Example Times" and a.published.startswith("2026-03-11") and a.id == "page"


def test_html_with_no_article_is_refused(tmp_path):
    p = tmp_path / "nav.html"
    p.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    arts, probs = read([p])
    assert not arts and "no article text" in probs[0].message


def test_binary_detection():
    assert looks_binary(b"\x00\x01abc")
    assert not looks_binary("plain text with ümlauts".encode())


# ---------------------------------------------------------------- streams, archives and the web

def _jsonl(n: int, offset: int = 0) -> bytes:
    rows = [json.dumps({"id": f"r{i}", "title": f"T{i}", "text": f"Record {i}: the ministers met in Geneva to talk about grain.",
                        "published": "2026-03-11", "outlet": "O"}) for i in range(offset, offset + n)]
    return ("\n".join(rows) + "\n").encode()


def test_gzip_json_lines_are_streamed_with_a_per_record_limit(tmp_path):
    p = tmp_path / "big.jsonl.gz"
    big = json.dumps({"id": "huge", "text": "word " * 5000}).encode()
    p.write_bytes(gzip.compress(_jsonl(3) + big + b"\n" + _jsonl(2, 3)))
    arts, probs = read([p], max_bytes=10_000)
    assert [a.id for a in arts] == ["r0", "r1", "r2", "r3", "r4"]
    assert len(probs) == 1 and probs[0].source == f"{p}:4" and "limit" in probs[0].message


def test_a_truncated_gzip_keeps_the_records_before_the_damage(tmp_path):
    data = gzip.compress(_jsonl(400))
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(data[: len(data) // 2])
    arts, probs = read([p])
    assert 0 < len(arts) < 400 and [a.id for a in arts] == [f"r{i}" for i in range(len(arts))]
    assert len(probs) == 1 and probs[0].source == str(p) and "truncated" in probs[0].message


def test_languages_are_detected_when_not_declared(tmp_path):
    (tmp_path / "fr.txt").write_text("Le président a reçu le secrétaire général de l'OTAN à la Maison Blanche mercredi "
                                     "pour parler de l'Ukraine et des garanties de sécurité.", encoding="utf-8")
    (tmp_path / "decl.jsonl").write_text(json.dumps({"id": "d", "text": "Texto corto pero declarado.", "language": "es"}))
    arts, _ = read([tmp_path])
    assert {a.id: a.language for a in arts} == {"fr": "fr", "d": "es"}


def test_malformed_and_navigation_only_html(tmp_path):
    (tmp_path / "broken.html").write_text("<html><body><p>The ministers met in Geneva on Tuesday and agreed to resume "
                                          "grain exports through the corridor, officials said.<div><p>Talks resume<</b>"
                                          "</table></html", encoding="utf-8")
    (tmp_path / "nav.html").write_text("<html><body>" + "<nav><a href='/a'>Home</a><a href='/b'>World</a></nav>" * 30 + "</body></html>")
    arts, probs = read([tmp_path / "broken.html", tmp_path / "nav.html"])
    assert [a.id for a in arts] == ["broken"] and "Geneva" in arts[0].text
    assert len(probs) == 1 and probs[0].source.endswith("nav.html") and "no article text" in probs[0].message


def test_a_50_mb_page_file_is_refused(tmp_path):
    p = tmp_path / "huge.html"
    p.write_bytes(b"<html><body><p>" + b"x" * (50 * 1024 * 1024) + b"</p></body></html>")
    arts, probs = read([p])
    assert not arts and "limit" in probs[0].message and probs[0].source == str(p)


WEB = ReadOptions(fetch=FetchOptions(allow_private=True, min_interval=0.0, backoff=0.01, timeout=0.5, retries=1))


def test_a_windows_1252_page_without_a_charset_is_read_correctly(site):
    html = news_page("Caf\u00e9 talks", ["The minister\u2019s \u201cfinal offer\u201d was rejected at the caf\u00e9 summit in "
                                         "Geneva on Tuesday, officials said after the meeting ended late."], charset_meta=False)
    url = site.add("/cp1252.html", html.encode("cp1252"), content_type="text/html")
    arts, probs = read([url], WEB)
    assert not probs and "\u201cfinal offer\u201d" in arts[0].text and "caf\u00e9" in arts[0].text


def test_pages_over_http_and_their_failures(site):
    good = site.add("/ok.html", news_page("Talks resume", ["Negotiators met in Geneva on Tuesday to discuss the grain "
                                                          "corridor after weeks of delay and disagreement between them."],
                                          canonical="https://news.example/world/talks-resume"))
    site.add("/err", "oops", status=500)
    site.add("/slow", "late", delay=2)
    site.add("/pic.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    arts, probs = read([good, site.url("/missing"), site.url("/err"), site.url("/slow"), site.url("/pic.png")], WEB)
    assert len(arts) == 1
    a = arts[0]
    assert a.url == "https://news.example/world/talks-resume" and a.source == good and a.author == "Ana Reporter"
    assert a.outlet == "The Example Times" and a.published.startswith("2026-03-11") and a.language == "en"
    messages = {p.source.rsplit("/", 1)[1]: p.message for p in probs}
    assert "HTTP 404" in messages["missing"] and "HTTP 500" in messages["err"]
    assert "timed out" in messages["slow"] and "image/png" in messages["pic.png"]


def test_loopback_urls_are_refused_without_allow_private(site):
    url = site.add("/ok.html", "<html><body><p>hello</p></body></html>")
    arts, probs = read([url])
    assert not arts and "--allow-private" in probs[0].message and site.hits["/ok.html"] == 0
