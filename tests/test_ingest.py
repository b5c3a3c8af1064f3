import json

from crosscheck.errors import InputProblem
from crosscheck.ingest import ReadOptions, read_inputs
from crosscheck.ingest.decode import looks_binary
from crosscheck.model import Article


def read(paths, **kw):
    items = list(read_inputs([str(p) for p in paths], ReadOptions(**kw)))
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
