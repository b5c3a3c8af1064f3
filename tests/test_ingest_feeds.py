"""RSS, Atom and OPML documents, and feeds read over HTTP from a real server on 127.0.0.1."""

import pytest

from crosscheck.errors import InputProblem
from crosscheck.ingest import Reader, ReadOptions
from crosscheck.ingest.feeds import FeedError, parse_feed, parse_opml, sniff
from crosscheck.ingest.fetch import FetchOptions
from crosscheck.model import Article
from tests.conftest import news_page

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example World</title><link>{base}/</link>
<item><title>Talks resume in Geneva</title><link>{base}/news/geneva.html</link><pubDate>Wed, 11 Mar 2026 09:00:00 GMT</pubDate></item>
<item><title>Port reopens</title><link>{base}/news/port.html</link><pubDate>Thu, 12 Mar 2026 09:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/news/gone.html</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom World</title>
<entry><title>One</title><link href="http://news.example/one"/><updated>2026-03-11T10:00:00Z</updated><id>1</id></entry>
</feed>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title><link>http://x.example/a</link></item></channel></rss>"""

OPML = """<?xml version="1.0"?><opml version="2.0"><head><title>My feeds</title></head><body>
<outline text="World"><outline text="Example" type="rss" xmlUrl="{base}/feed.xml"/></outline>
<outline text="No feed here"/></body></opml>"""

PARAS = ["Negotiators from both governments met in Geneva on Tuesday to discuss reopening the grain corridor after weeks of delay.",
         "The United Nations said a second round of talks would take place in Istanbul next week, officials told reporters."]


def test_rss_and_atom_entries_with_links_titles_and_dates():
    feed = parse_feed(RSS.format(base="http://news.example").encode())
    assert feed.title == "Example World" and len(feed.entries) == 3
    first = feed.entries[0]
    assert first.link == "http://news.example/news/geneva.html" and first.title == "Talks resume in Geneva"
    assert first.published == "2026-03-11" and feed.entries[2].published is None
    atom = parse_feed(ATOM.encode())
    assert atom.entries[0].link == "http://news.example/one" and atom.entries[0].published == "2026-03-11"


def test_sniffing_tells_feeds_opml_and_pages_apart():
    assert sniff(RSS.encode()) == "feed" and sniff(ATOM.encode()) == "feed"
    assert sniff(OPML.encode()) == "opml"
    assert sniff(b"<html><body><p>rss feed</p></body></html>") is None and sniff(b"plain") is None


def test_an_entity_expansion_bomb_is_refused_before_parsing():
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(BOMB.encode())
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_opml(BOMB.replace("rss", "opml").encode())


def test_an_empty_feed_and_a_malformed_one_are_named():
    with pytest.raises(FeedError, match="no entries"):
        parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    with pytest.raises(FeedError, match="not a valid RSS"):
        parse_feed(b"this is not xml at all")


def test_opml_lists_its_feed_urls():
    assert parse_opml(OPML.format(base="http://news.example").encode()) == ["http://news.example/feed.xml"]
    with pytest.raises(FeedError):
        parse_opml(b"<opml><body></body></opml>")


def _reader() -> Reader:
    return Reader(ReadOptions(fetch=FetchOptions(allow_private=True, min_interval=0.0, backoff=0.01)))


def test_a_feed_url_is_read_entry_by_entry_and_a_broken_entry_does_not_stop_it(site):
    site.add("/feed.xml", RSS.format(base=site.base), content_type="application/rss+xml")
    site.add("/news/geneva.html", news_page("Talks resume in Geneva", PARAS))
    site.add("/news/port.html", news_page("Port reopens", PARAS[::-1], published="2026-03-12"))
    reader = _reader()
    items = list(reader.read([site.url("/feed.xml")]))
    reader.close()
    arts = [i for i in items if isinstance(i, Article)]
    probs = [i for i in items if isinstance(i, InputProblem)]
    assert [a.title for a in arts] == ["Talks resume in Geneva", "Port reopens"]
    assert arts[0].source == site.url("/news/geneva.html") and arts[0].language == "en"
    assert len(probs) == 1 and probs[0].source.endswith("/news/gone.html") and "HTTP 404" in probs[0].message


def test_an_opml_file_reads_every_feed_it_lists(site, tmp_path):
    site.add("/feed.xml", RSS.format(base=site.base), content_type="application/rss+xml")
    site.add("/news/geneva.html", news_page("Talks resume in Geneva", PARAS))
    opml = tmp_path / "feeds.opml"
    opml.write_text(OPML.format(base=site.base))
    reader = _reader()
    items = list(reader.read([opml]))
    reader.close()
    assert sum(isinstance(i, Article) for i in items) == 1
    assert sum(isinstance(i, InputProblem) for i in items) == 2  # port.html and gone.html are 404s here


def test_a_bomb_or_empty_feed_over_http_is_one_problem(site):
    site.add("/bomb.xml", BOMB, content_type="application/rss+xml")
    site.add("/empty.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>Q</title></channel></rss>',
             content_type="application/rss+xml")
    reader = _reader()
    items = list(reader.read([site.url("/bomb.xml"), site.url("/empty.xml")]))
    reader.close()
    assert [type(i) for i in items] == [InputProblem, InputProblem]
    assert "entities" in items[0].message and "no entries" in items[1].message


def test_an_opml_list_that_lists_itself_does_not_recurse(site):
    url = site.add("/self.opml", OPML.format(base=site.base).replace("/feed.xml", "/self.opml"), content_type="text/x-opml")
    reader = _reader()
    items = list(reader.read([url]))
    reader.close()
    assert len(items) == 1 and "OPML list inside an OPML list" in items[0].message and site.hits["/self.opml"] == 2
