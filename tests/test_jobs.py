import io
import json

import pytest

from crosscheck import jobs
from crosscheck.store import Store


def test_extract_to_reports_problems_and_writes_jsonl(tmp_path):
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps({"id": "k", "text": "Russia attacked Kyiv on Monday."}) + "\nnot json\n")
    buf = io.StringIO()
    report = jobs.extract_to([str(good)], buf)
    assert report.extracted == 1 and len(report.problems) == 1 and not report.ok
    assert json.loads(buf.getvalue())["article"]["id"] == "k"


def test_ingest_skips_stored_content_without_parsing_it_again(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Russia attacked Kyiv on Monday.")
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assert jobs.ingest([str(f)], store).stored == 1
    r = jobs.ingest([str(f), str(f)], store)
    assert r.stored == 0 and r.already_stored == 2
    s = jobs.stories(store)
    assert len(s) == 1 and jobs.latest_story(store).id == s[0].id
    assert jobs.brief(store, s[0].id).story.articles == ["a"]


# ---------------------------------------------------------------- duplicates, languages, feeds, interruption

WIRE = ("KYIV, March 11 (Agency) - Russian drones struck energy facilities in three Ukrainian regions overnight, "
        "officials said on Wednesday, cutting power to tens of thousands of homes as temperatures fell below freezing. "
        "The air force said it shot down 41 of the 55 drones launched. Regional governors reported damage to "
        "substations in Kharkiv, Sumy and Poltava, and repair crews were working to restore supplies by evening.")


def _lines(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_near_duplicates_are_stored_and_linked_across_runs(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    first = _lines(tmp_path / "a.jsonl", [{"id": "agency", "text": WIRE, "outlet": "Agency", "url": "https://agency.example/x?utm_source=a"}])
    r1 = jobs.ingest([first], store)
    assert r1.stored == 1 and r1.near_duplicates == 0
    second = _lines(tmp_path / "b.jsonl", [
        {"id": "paper-1", "text": "Drones hit the grid\n\n" + WIRE, "outlet": "Paper One"},
        {"id": "paper-2", "text": WIRE + " Additional reporting by our desk.", "outlet": "Paper Two"},
        {"id": "same-url", "text": WIRE + " Updated at noon.", "url": "https://AGENCY.example/x"},
        {"id": "other", "text": "The central bank left interest rates unchanged on Thursday, citing slowing inflation and weak growth."},
    ])
    r2 = jobs.ingest([second], store)
    assert r2.stored == 3 and r2.near_duplicates == 2 and r2.already_stored == 1
    assert store.near_duplicates() == {"agency": ["paper-1", "paper-2"]}
    sims = {a.meta.id: a.similarity for a in store.list_articles()}
    assert sims["paper-1"] >= 0.8 and sims["other"] is None
    off = jobs.ingest([_lines(tmp_path / "c.jsonl", [{"id": "paper-3", "text": "Breaking: " + WIRE}])], store,
                      jobs.IngestOptions(near_duplicate=None))
    assert off.stored == 1 and off.near_duplicates == 0


def test_articles_in_other_languages_are_stored_marked_and_not_extracted(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    fr = ("Le président a reçu le secrétaire général de l'OTAN à la Maison Blanche mercredi pour parler de l'Ukraine "
          "et des garanties de sécurité, ont indiqué des responsables.")
    report = jobs.ingest([_lines(tmp_path / "x.jsonl", [{"id": "fr", "text": fr}, {"id": "en", "text": WIRE}])], store)
    assert report.stored == 2 and report.not_extracted == 1
    assert store.article("fr").language == "fr" and store.extraction("fr") is None
    assert store.extraction("en").actors
    assert [s.articles for s in jobs.stories(store)] == [["en"]]


def test_processes_give_the_same_extractions_in_the_same_order(tmp_path):
    recs = [{"id": f"r{i}", "text": f"Russian forces attacked Kharkiv on Monday, killing {i + 2} people, officials said."}
            for i in range(6)]
    path = _lines(tmp_path / "p.jsonl", recs)
    one, two = io.StringIO(), io.StringIO()
    jobs.extract_to([path], one)
    jobs.extract_to([path], two, processes=2)
    assert one.getvalue() == two.getvalue() and one.getvalue().count("\n") == 6


PARAS = ["Negotiators from both governments met in Geneva on Tuesday to discuss reopening the grain corridor after weeks of delay.",
         "The United Nations said a second round of talks would take place in Istanbul next week, officials told reporters."]


def _rss(base, links):
    items = "".join(f"<item><title>{t}</title><link>{base}{p}</link></item>" for p, t in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>{items}</channel></rss>'


def test_polling_a_feed_ingests_new_entries_once_and_reports_story_changes(site, tmp_path):
    from crosscheck.ingest import ReadOptions
    from crosscheck.ingest.fetch import FetchOptions
    from tests.conftest import news_page

    opts = jobs.IngestOptions(read=ReadOptions(fetch=FetchOptions(allow_private=True, min_interval=0.0)))
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    site.add("/a.html", news_page("Talks in Geneva", PARAS))
    site.add("/feed.xml", _rss(site.base, [("/a.html", "Talks in Geneva")]), content_type="application/rss+xml", etag='"1"')
    first = jobs.poll_feeds([site.url("/feed.xml")], store, opts)
    assert first.run.stored == 1 and first.feeds[0].status == "1 new entries"
    assert len(first.changes) == 1 and first.changes[0].opened
    again = jobs.poll_feeds([site.url("/feed.xml")], store, opts)
    assert again.feeds[0].status == "not modified" and again.run.stored == 0 and not again.changes
    assert site.request_headers[-1].get("if-none-match") == '"1"'
    site.add("/b.html", news_page("Geneva talks go on", ["Officials from both governments met again in Geneva on "
                                                       "Wednesday to discuss the grain corridor, the United Nations said.",
                                                       *PARAS[1:]]))
    site.add("/feed.xml", _rss(site.base, [("/b.html", "Geneva talks go on"), ("/a.html", "Talks in Geneva")]),
             content_type="application/rss+xml", etag='"2"')
    third = jobs.poll_feeds([site.url("/feed.xml")], store, opts)
    assert third.feeds[0].status == "1 new entries" and third.run.stored == 1
    assert site.hits["/a.html"] == 1 and site.hits["/b.html"] == 1
    b_id = next(a.meta.id for a in store.list_articles() if a.source == site.url("/b.html"))
    assert [c.new_articles for c in third.changes] == [[b_id]]
    assert third.changes[0].opened == (len(third.changes[0].story.articles) == 1)


def test_a_failing_feed_is_reported_and_the_others_polled(site, tmp_path):
    from crosscheck.ingest import ReadOptions
    from crosscheck.ingest.fetch import FetchOptions

    opts = jobs.IngestOptions(read=ReadOptions(fetch=FetchOptions(allow_private=True, min_interval=0.0, backoff=0.01)))
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    site.add("/empty.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>Q</title></channel></rss>',
             content_type="application/rss+xml")
    report = jobs.poll_feeds([site.url("/missing.xml"), site.url("/empty.xml")], store, opts)
    assert [f.status for f in report.feeds] == ["the server answered HTTP 404", "the feed has no entries"]
    assert len(report.run.problems) == 2 and store.feed_state(site.url("/empty.xml")).status == "the feed has no entries"


# ---------------------------------------------------------------- story grouping streams the store

def _grouping_corpus(n: int) -> list:
    """n small articles on a few topics, dated over half a year (some undated, some on one day), ids out of date
    order."""
    from datetime import date, timedelta

    from crosscheck.model import Actor, Article, Extraction, Mention

    topics = [("Kyiv", "Russian drones struck energy facilities near Kyiv overnight, cutting power to homes."),
              ("Gaza", "Talks on a ceasefire in Gaza resumed in Cairo with mediators from Qatar and Egypt."),
              ("Sudan", "Fighting in Sudan forced thousands to flee Khartoum as aid convoys waited at the border."),
              ("Taiwan", "Chinese warships sailed near Taiwan as the island held military drills on Tuesday.")]
    out = []
    for i in range(n):
        place, text = topics[i % len(topics)]
        day = None if i % 37 == 0 else (date(2025, 1, 1) + timedelta(days=(i * 7) % 180)).isoformat()
        a = Article(id=f"g{(i * 7919) % n:05d}", title=f"{place} report {i % 11}", text=f"{text} Report {i % 13}, item {i}.",
                    published=day, outlet="O")
        actors = [Actor(id="a1", name=place, kind="location", country="UKR",
                        mentions=[Mention(start=0, end=len(place), text=place)] * (1 + i % 3))]
        out.append((a, Extraction(article=a.meta(), actors=actors)))
    return out


def test_stories_stream_the_store_and_group_as_the_whole_list_does(tmp_path):
    from crosscheck.align import group_stories
    from crosscheck.store import PreparedArticle

    items = _grouping_corpus(1200)  # more than one chunk of texts
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    store.add_prepared(PreparedArticle(a, e.to_json(), [], []) for a, e in items)
    streamed = [a.id for a, _ in jobs.grouping_stream(store)]
    assert sorted(streamed) == sorted(a.id for a, _ in items) and streamed[0] == "g00000"  # undated first
    got = jobs.stories(store)
    want = group_stories(items)
    want.sort(key=lambda s: (-len(s.articles), s.first_published or "", s.id))
    assert got == want and len(got) > 20
    assert {s.id for s in store.list_stories()} == {s.id for s in want}


# ---------------------------------------------------------------- several processes store what one process stores

SENTENCES = [
    "Russian forces attacked Kharkiv on Monday, killing 7 people, officials said.",
    "\"We will rebuild every house,\" Mayor Ihor Terekhov told reporters on Tuesday.",
    "The European Union pledged 50 billion euros in aid to Ukraine at a summit in Brussels.",
    "President Emmanuel Macron met Chancellor Olaf Scholz in Paris on Wednesday to discuss air defence.",
    "The United Nations said 3,000 civilians had fled the Sudanese city of El Fasher since March.",
    "Israel and Hamas resumed talks in Cairo on Thursday, Egyptian officials said.",
    "China's defence ministry said 20 warships had sailed near Taiwan during the drills.",
]


def _varied_corpus(tmp_path) -> list:
    """Articles of several batches, with what an ingest must get right besides extracting: near-duplicates, the
    same content twice, the same URL twice, the same id with other content, another language, and an article
    the extractors fail on (too long), in the middle of a batch."""
    from crosscheck.model import Article
    from crosscheck.nlp import MAX_CHARS

    out = [Article(id=f"v{i:02d}", text=" ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 4)) + f" Report {i}.",
                   outlet=f"Outlet {i % 3}", published=f"2026-03-{1 + i % 28:02d}", url=f"https://news{i % 3}.example/{i}")
           for i in range(17)]
    out[5:5] = [Article(id="wire", text=WIRE, outlet="Agency", url="https://agency.example/x?utm_source=a"),
                Article(id="too-long", text="word " * (MAX_CHARS // 5 + 1))]
    out[12:12] = [Article(id="paper-1", text="Drones hit the grid\n\n" + WIRE, outlet="Paper One"),
                  Article(id="same-text", text=out[3].text, outlet="Copycat"),
                  Article(id="same-url", text=WIRE + " Updated at noon.", url="https://AGENCY.example/x"),
                  Article(id="fr", text="Le président a reçu le secrétaire général de l'OTAN à la Maison Blanche mercredi "
                                        "pour parler de l'Ukraine et des garanties de sécurité, ont indiqué des responsables.", language="fr"),
                  Article(id="v01", text="Another article under an id that is taken, about the weather in Lisbon.")]
    out.append(Article(id="paper-2", text=WIRE + " Additional reporting by our desk.", outlet="Paper Two"))
    return out


def _all_rows(path) -> dict[str, list[tuple]]:
    """Every row of every table of a SQLite file (FTS indexes included) in rowid order, without the time each
    article was stored."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        out = {}
        names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for name in sorted(names):
            cols = [c[1] for c in con.execute(f'PRAGMA table_info("{name}")') if c[1] != "ingested_at"]
            out[name] = con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{name}"').fetchall()
        return out
    finally:
        con.close()


def test_two_processes_store_every_row_as_one_process_does(tmp_path):
    items = _varied_corpus(tmp_path)
    runs, rows = [], []
    for processes in (1, 2):
        path = tmp_path / f"p{processes}.db"
        store = Store(f"sqlite:///{path}")
        # the wire copy stored before: its near-duplicates are matched against the index read from the store
        first = jobs.ingest_items([items[5]], store, jobs.IngestOptions(processes=processes))
        assert first.stored == 1
        runs.append(jobs.ingest_items(items, store, jobs.IngestOptions(processes=processes)))
        store.close()
        rows.append(_all_rows(path))
    one, two = runs
    assert (one.stored, one.already_stored, one.near_duplicates, one.not_extracted) == (20, 3, 2, 1)
    assert [p.message for p in one.problems] == [p.message for p in two.problems] and len(one.problems) == 2
    assert (two.stored, two.already_stored, two.near_duplicates, two.not_extracted, two.stored_ids) == \
           (one.stored, one.already_stored, one.near_duplicates, one.not_extracted, one.stored_ids)
    assert rows[0].keys() == rows[1].keys() and {"articles", "extractions", "claims", "actor_events", "actor_articles"} <= rows[0].keys()
    for table in rows[0]:
        assert rows[0][table] == rows[1][table], table
    assert len(rows[0]["articles"]) == 21 and len(rows[0]["extractions"]) == 20 and rows[0]["actor_events"]
    import sqlite3

    con = sqlite3.connect(tmp_path / "p2.db")
    assert con.execute("SELECT count(*), count(embedding) FROM claims").fetchone()[0] > 20
    assert len(set(con.execute("SELECT count(*), count(embedding) FROM claims").fetchone())) == 1
    assert con.execute("SELECT count(minhash) FROM articles").fetchone()[0] == 21
    con.close()


def test_an_ingest_with_processes_stopped_midway_and_run_again_stores_each_article_once(tmp_path):
    recs = [{"id": f"s{i}", "text": f"{SENTENCES[i % len(SENTENCES)]} Report {i}."} for i in range(14)]
    path = _lines(tmp_path / "s.jsonl", recs)
    store = Store(f"sqlite:///{tmp_path / 's.db'}")

    class Stop(Exception):
        pass

    def stop_after_five(article) -> None:
        if store.count() == 5:
            raise Stop

    with pytest.raises(Stop):
        jobs.ingest([path], store, jobs.IngestOptions(processes=2), on_article=stop_after_five)
    assert store.count() == 5
    again = jobs.ingest([path], store, jobs.IngestOptions(processes=2))
    assert (again.stored, again.already_stored) == (9, 5) and store.count() == 14
    assert sorted(a.meta.id for a in store.list_articles()) == sorted(r["id"] for r in recs)
