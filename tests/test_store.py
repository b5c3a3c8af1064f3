"""The store on a real SQLite file and, where CI started one, a real PostgreSQL server."""

import pytest
from sqlalchemy import text

from crosscheck.model import Article, Extraction, Story
from crosscheck.store import MARK_END, MARK_START, DuplicateIdError, Store


@pytest.fixture
def store(either_store):
    return either_store


def art(i, text=None):
    a = Article(id=f"a{i}", text=text or f"Article number {i} about talks.", published="2025-10-22", outlet="O")
    return a, Extraction(article=a.meta())


def test_add_is_idempotent_by_content(store):
    a, e = art(1)
    assert store.add(a, e) is True
    assert store.add(a, e) is False
    same_text_other_id = Article(id="other", text="  article NUMBER 1 about talks. ", published=None)
    assert store.add(same_text_other_id, Extraction(article=same_text_other_id.meta())) is False
    assert store.count() == 1
    assert store.article("a1").text == a.text
    assert store.extraction("a1") == e


def test_same_id_other_content_is_refused_and_nothing_is_half_stored(store):
    a, e = art(1)
    store.add(a, e)
    b = Article(id="a1", text="Completely different text.")
    with pytest.raises(DuplicateIdError):
        store.add(b, Extraction(article=b.meta()))
    assert store.count() == 1 and store.article("a1").text == a.text


def test_stories_replace_and_list(store):
    for i in range(3):
        store.add(*art(i))
    store.replace_stories([Story(id="s1", articles=["a0", "a2"], title="T"), Story(id="s2", articles=["a1"])])
    assert [(s.id, s.articles) for s in store.list_stories()] == [("s1", ["a0", "a2"]), ("s2", ["a1"])]
    store.replace_stories([Story(id="s3", articles=["a0", "a1", "a2"])])
    assert [s.id for s in store.list_stories()] == ["s3"]
    assert store.story("s3").articles == ["a0", "a1", "a2"]


def head_revision() -> str:
    """The newest migration's revision, from the migration scripts themselves."""
    from importlib import resources

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("crosscheck.store").joinpath("migrations")))
    return ScriptDirectory.from_config(cfg).get_current_head()


def test_reopening_keeps_data_and_schema_version(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    s = Store(url)
    s.add(*art(1))
    s.close()
    s2 = Store(url)
    assert s2.count() == 1 and [m.meta.id for m in s2.list_articles()] == ["a1"]
    with s2.engine.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()


def test_claims_are_stored_with_the_article_and_searchable(tmp_path):
    from crosscheck.model import Article, Claim, Extraction

    s = Store(f"sqlite:///{tmp_path / 'c.db'}")
    a = Article(id="g1", text="Grimm was charged with fraud. He denied (everything).", published="2014-04-28")
    ext = Extraction(article=a.meta(), claims=[Claim(id="c1", text="Grimm was charged with fraud.", start=0, end=29),
                                               Claim(id="c2", text="He denied (everything).", start=30, end=53, negated=True)])
    assert s.add(a, ext)
    hits = s.search_claims('who was "charged" NEAR(x) -fraud:* OR (1=1); --')
    assert [h.claim_id for h in hits][:1] == ["c1"] and hits[0].start == 0 and hits[0].end == 29
    assert s.search_claims("everything", ["g1"])[0].negated is True
    assert s.search_claims("everything", ["other"]) == [] and s.search_claims("  ** ") == []
    s.replace_claims("g1", Extraction(article=a.meta()))
    assert s.search_claims("fraud") == []


def test_claim_embeddings_are_stored_at_ingest_and_read_back(store):
    import numpy as np

    from crosscheck.embed import embed
    from crosscheck.model import Claim

    texts = ["Grimm was charged with fraud.", "He denied everything."]
    a = Article(id="e1", text=" ".join(texts), published="2014-04-28")
    ext = Extraction(article=a.meta(), claims=[Claim(id="c1", text=texts[0], start=0, end=29),
                                               Claim(id="c2", text=texts[1], start=30, end=51)])
    assert store.add(a, ext) and store.add(*art(2))  # a2: extracted, no claims
    got = store.claim_embeddings(["e1", "a2", "nope"])
    assert list(got) == ["e1"] and sorted(got["e1"]) == ["c1", "c2"]
    want = embed(texts)
    for k, cid in enumerate(("c1", "c2")):
        assert got["e1"][cid].dtype == np.float32 and got["e1"][cid].shape == want[k].shape
        assert np.allclose(got["e1"][cid], want[k], atol=2e-3)  # stored as float16
    # a claim stored without one (before migration 0005) leaves its article out: it is embedded when asked about
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE claims SET embedding = NULL WHERE claim_id = 'c2'"))
    assert store.claim_embeddings(["e1"]) == {}


def _eventful(aid: str, published: str | None, dates: list[str | None]):
    """An article whose extraction has one event per date, Rutte acting on Trump in each."""
    from crosscheck.model import Actor, Event

    a = Article(id=aid, text=f"Rutte met Trump ({aid}).", published=published)
    actors = [Actor(id="a1", name="Mark Rutte", kind="person"), Actor(id="a2", name="Donald Trump", kind="person")]
    events = [Event(id=f"e{k}", type="CONSULT", text="met", start=6, end=9, actor=["a1"], recipient=["a2"], date=d)
              for k, d in enumerate(dates)]
    return a, Extraction(article=a.meta(), actors=actors, events=events)


def test_an_actors_timeline_is_read_in_day_order_a_page_at_a_time(store):
    store.add(*_eventful("t1", "2025-10-22", ["2025-10-20", None]))  # None: placed at its publication day
    store.add(*_eventful("t2", None, [None, "2025-10-01"]))  # an undated event of an undated article: last
    total, page = store.actor_timeline("person:mark-rutte", limit=10)
    assert total == 4
    assert [(e.article_id, e.event_id, e.day) for e in page] == [
        ("t2", "e1", "2025-10-01"), ("t1", "e0", "2025-10-20"), ("t1", "e1", "2025-10-22"), ("t2", "e0", None)]
    assert {e.role for e in page} == {"actor"}
    assert store.actor_timeline("person:donald-trump", limit=10)[1][0].role == "recipient"
    pages = [store.actor_timeline("person:mark-rutte", limit=1, offset=k)[1] for k in range(5)]
    assert [p[0].event_id for p in pages[:4]] == ["e1", "e0", "e1", "e0"] and pages[4] == []
    assert store.actor_timeline("person:mark-rutte", limit=2, offset=2)[1] == page[2:]
    assert store.actor_timeline("person:nobody") == (0, [])


def test_an_actors_events_on_one_side_are_paged_and_counted_and_sorted_into_months(store):
    from crosscheck.model import Actor, Event
    from crosscheck.store import TimelineEntry

    store.add(*_eventful("t1", "2025-10-22", ["2025-10-20", None]))
    store.add(*_eventful("t2", None, [None, "2025-09-01"]))
    a = Article(id="t3", text="Trump met Rutte.", published="2025-11-02")
    both = [Actor(id="a1", name="Mark Rutte", kind="person"), Actor(id="a2", name="Donald Trump", kind="person")]
    store.add(a, Extraction(article=a.meta(), actors=both, events=[
        Event(id="e0", type="ASSAULT", text="met", start=6, end=9, actor=["a2", "a1"], recipient=["a1"])]))
    total, page = store.actor_role_events("person:mark-rutte", "actor", limit=10)
    assert total == 5 and {e.role for e in page} == {"actor"}
    assert [(e.article_id, e.event_id, e.day) for e in page] == [
        ("t2", "e1", "2025-09-01"), ("t1", "e0", "2025-10-20"), ("t1", "e1", "2025-10-22"), ("t3", "e0", "2025-11-02"),
        ("t2", "e0", None)]
    assert [e for k in range(0, 6, 2) for e in store.actor_role_events("person:mark-rutte", "actor", 2, k)[1]] == page
    assert store.actor_role_events("person:mark-rutte", "recipient") == (1, [TimelineEntry("t3", "e0", "recipient",
                                                                                           "2025-11-02", 0)])
    assert store.actor_role_events("person:nobody", "actor") == (0, [])
    # each event once, though Rutte is on both sides of t3's
    assert store.actor_event_months("person:mark-rutte") == {("2025-09", None): 1, ("2025-10", None): 2,
                                                             ("2025-11", None): 1, (None, None): 1}
    assert store.actor_event_months("person:mark-rutte", typed=True) == {
        ("2025-09", "CONSULT"): 1, ("2025-10", "CONSULT"): 2, ("2025-11", "ASSAULT"): 1, (None, "CONSULT"): 1}
    assert store.actor_event_months("person:nobody") == {}
    assert store.actor_articles_by_date("person:donald-trump") == [("t2", None), ("t1", "2025-10-22"),
                                                                   ("t3", "2025-11-02")]
    assert store.actor_articles_by_date("person:nobody") == []
    assert store.actor_article_count("person:donald-trump") == 3 and store.actor_article_count("person:nobody") == 0
    oldest = store.actor_articles_by_date("person:donald-trump")
    assert [r for k in range(3) for r in store.actor_articles_in_order("person:donald-trump", 1, k)] == oldest
    assert store.actor_articles_in_order("person:donald-trump", 2, newest=True) == oldest[::-1][:2]
    assert store.actor_articles_in_order("person:donald-trump", 5, 3) == []


def test_prepared_articles_are_stored_in_bulk_with_their_claims_and_timeline(store):
    from crosscheck.model import Claim
    from crosscheck.store import PreparedArticle, actor_rows, claim_rows, event_rows

    items = []
    for i in range(3):
        a, e = _eventful(f"p{i}", f"2025-10-2{i}", ["2025-10-19"])
        e = e.model_copy(update={"claims": [Claim(id="c1", text=f"Rutte met Trump, talk {i}.", start=0, end=10)]})
        items.append(PreparedArticle(a, e.to_json(), claim_rows(a.id, e), event_rows(a.id, a.published, e),
                                     actor_rows(a.id, e)))
    before = store.size_bytes()
    assert store.add_prepared(items) == 3 and store.add_prepared([]) == 0
    assert store.count() == 3 and store.extraction("p1").events[0].date == "2025-10-19"
    assert [h.article_id for h in store.search_claims("talk 2")][:1] == ["p2"]
    assert store.search_articles("Rutte")[0] == 3
    assert store.actor_timeline("person:donald-trump")[0] == 3
    assert store.actor_article_ids("person:donald-trump") == ["p0", "p1", "p2"]
    assert store.size_bytes() >= before > 0


def test_the_timeline_index_is_built_for_extractions_stored_before_it(tmp_path):
    from alembic import command

    from crosscheck.store import _alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    s = Store(url)
    s.add(*_eventful("o1", "2024-01-02", ["2024-01-01"]))
    cfg = _alembic_config()
    with s.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    s.close()
    s = Store(url)  # migrates to the head again: the rows come from the stored extraction
    assert s.actor_timeline("person:mark-rutte") == s.actor_timeline("person:mark-rutte", 50, 0)
    assert [(e.article_id, e.day) for e in s.actor_timeline("person:mark-rutte")[1]] == [("o1", "2024-01-01")]
    s.close()


def test_regrouping_many_stories_replaces_them_all(store):
    for i in range(30):
        store.add(*art(i))
    store.replace_stories([Story(id=f"s{i:02d}", articles=[f"a{i}"]) for i in range(30)])
    store.replace_stories([Story(id="all", articles=[f"a{i}" for i in range(30)])])
    assert [(s.id, len(s.articles)) for s in store.list_stories()] == [("all", 30)]
    assert store.find_story("all").articles[:3] == ["a0", "a1", "a2"]


def test_story_headers_are_read_without_their_articles(store):
    for i in range(3):
        store.add(*art(i))
    store.replace_stories([Story(id="s1", title="One", articles=["a0", "a1"], first_published="2024-01-01",
                                 last_published="2024-01-03"), Story(id="s2", articles=["a2"])])
    found = store.find_story("s1")
    assert store.story_headers(["s2", "s1", "nope", "s1"]) == [
        ("s1", "One", found.first_published, found.last_published), ("s2", None, None, None)]
    assert store.story_headers([]) == []


def test_search_can_rank_and_count_only_the_newest_matches(store):
    for i in range(6):  # stored in publication order: the newest are the latest stored on both back ends
        a = Article(id=f"h{i}", text=f"Harbour news number {i}: the harbour reopened." + " harbour" * (6 - i),
                    published=f"2025-10-{10 + i}", title=f"Harbour {i}")
        store.add(a, Extraction(article=a.meta()))
    total, hits = store.search_articles("harbour")
    assert total == 6 and hits[0].meta.id == "h0"  # the most "harbour"s ranks first
    total, hits = store.search_articles("harbour", newest=3)
    assert total == 3 and [h.meta.id for h in hits] == ["h3", "h4", "h5"] and hits[0].snippet
    assert store.search_articles("harbour", limit=2, offset=2, newest=3)[1][0].meta.id == "h5"
    assert store.search_articles("harbour", offset=10, newest=3) == (3, [])
    assert store.search_articles("nothing", newest=3) == (0, [])
    assert store.search_claims("harbour", newest=3) == []  # no claims stored


@pytest.mark.parametrize("first_range", [1, 2, 5_000])
def test_article_search_ranks_exactly_the_newest_matches(store, monkeypatch, first_range):
    # PostgreSQL reads the newest matches range by range of publication dates: ranges of one and two articles
    # cut between articles of one day, and undated articles count as the newest (stored last here, so that
    # SQLite's newest, the latest stored, are the same articles)
    monkeypatch.setattr(Store, "NEWEST_FIRST_ARTICLES", first_range)
    days = ["2025-10-01", "2025-10-02", "2025-10-02", "2025-10-02", "2025-10-05", "2025-10-05", "2025-10-07",
            "2025-10-09", "2025-10-09", None, None]
    matching = []
    for i, day in enumerate(days):  # ids in stored order: within a day the later id is the newer on both back ends
        words = "harbour " * (1 + (i * 5) % 7) if i % 4 != 1 else "quiet day "
        a = Article(id=f"m{i:02d}", text=f"The {words}news {i}.", published=day, title=f"News {i}")
        store.add(a, Extraction(article=a.meta()))
        if i % 4 != 1:
            matching.append(a.id)
    total, everything = store.search_articles("harbour", limit=100)
    assert total == len(matching) == 8 and sorted(h.meta.id for h in everything) == matching
    for n in (1, 2, 3, 5, 7, 8, 100):
        newest = set(matching[-n:])
        total, got = store.search_articles("harbour", limit=3, newest=n)
        want = [h for h in everything if h.meta.id in newest][:3]
        assert total == min(n, 8) and [h.meta.id for h in got] == [h.meta.id for h in want], n
        assert [h.snippet for h in got] == [h.snippet for h in want] and [h.score for h in got] == [h.score for h in want]
        assert [h.meta.id for h in store.search_articles("harbour", limit=2, offset=2, newest=n)[1]] == \
            [h.meta.id for h in want[2:3] + [h for h in everything if h.meta.id in newest][3:4]], n
    assert store.search_articles("harbour", offset=50, newest=3) == (3, [])
    assert store.search_articles("nothing", newest=3) == (0, [])


def _downgrade(store: Store, revision: str) -> None:
    from alembic import command

    from crosscheck.store import _alembic_config

    cfg = _alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _claimed(aid: str, texts: list[str], published: str = "2025-10-22"):
    from crosscheck.model import Actor, Claim

    a = Article(id=aid, text=" ".join(texts), published=published)
    claims, at = [], 0
    for k, t in enumerate(texts):
        claims.append(Claim(id=f"c{k}", text=t, start=at, end=at + len(t), source="a1" if k == 0 else None))
        at += len(t) + 1
    return a, Extraction(article=a.meta(), actors=[Actor(id="a1", name="Port Authority", kind="organization")],
                         claims=claims)


def test_claims_stored_before_the_claim_search_index_are_found_after_it(store):
    url = store.url
    store.add(*_claimed("k1", ["The harbour reopened on Monday.", "Ships waited for days."]))
    before = store.search_claims("harbour ships")
    _downgrade(store, "0006")
    store.close()
    s = Store(url)  # migrates to the head again: the old claims are in the new index, ranked as before
    try:
        assert s.search_claims("harbour ships") == before and len(before) == 2
        assert [h.source for h in s.search_claims("authority")] == ["Port Authority"]  # the source is indexed too
        s.add(*_claimed("k2", ["The harbour closed again.", "Nobody knows why."], "2025-10-23"))
        assert [h.article_id for h in s.search_claims("harbour", newest=1)] == ["k2"]
        assert {h.article_id for h in s.search_claims("harbour")} == {"k1", "k2"}
        assert [h.claim_id for h in s.search_claims("harbour ships", ["k1"])] == [h.claim_id for h in before]
        s.replace_claims("k1", Extraction(article=s.article("k1").meta()))  # its index rows go with its claims
        assert [h.article_id for h in s.search_claims("harbour")] == ["k2"] and s.search_claims("ships") == []
        if s.engine.dialect.name == "postgresql":
            with s.engine.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM claim_search")).scalar_one() == 2
    finally:
        s.close()


def test_an_actors_articles_are_indexed_also_for_extractions_stored_before_the_index(store):
    url = store.url
    store.add(*_eventful("o2", "2024-01-03", ["2024-01-01"]))
    store.add(*_eventful("o1", "2024-01-02", ["2024-01-01"]))
    store.add(*art(1))  # no actors
    assert store.actor_article_ids("person:mark-rutte") == ["o1", "o2"]
    _downgrade(store, "0007")
    store.close()
    s = Store(url)
    try:
        assert s.actor_article_ids("person:mark-rutte") == ["o1", "o2"]
        assert s.actor_article_ids("person:nobody") == []
        s.add(*_claimed("k3", ["The port authority spoke."]))
        assert s.actor_article_ids("organization:port-authority") == ["k3"]
    finally:
        s.close()


@pytest.mark.parametrize("first_range", [1, 2, 20_000])
def test_claim_search_ranks_exactly_the_newest_matches(store, monkeypatch, first_range):
    monkeypatch.setattr(Store, "NEWEST_FIRST_RANGE", first_range)  # PostgreSQL reads the newest ids range by range
    for i in range(8):  # one claim each, stored in order: the newest matches are the last matching articles'
        words = "harbour " * (1 + (i * 5) % 8) if i % 3 else "quiet day"
        store.add(*_claimed(f"n{i}", [f"The {words}news {i}."], f"2025-10-{10 + i}"))
    everything = store.search_claims("harbour", limit=100)
    matching = ["n1", "n2", "n4", "n5", "n7"]
    assert sorted(h.article_id for h in everything) == matching
    for n in (1, 2, 3, 5, 8, 100):
        newest = set(matching[-n:])
        got = store.search_claims("harbour", limit=3, newest=n)
        want = [h for h in everything if h.article_id in newest][:3]
        assert got == want, n
    assert store.search_claims("nothing", newest=5) == []


def test_a_brief_from_the_store_reads_the_stored_claim_embeddings_and_is_the_same(store, monkeypatch):
    from crosscheck import jobs
    from crosscheck.align import build_brief, claimfacts
    from crosscheck.extract import extract_articles

    arts = [Article(id="fox", text="The Justice Department indicted 12 Russian intelligence officers on Friday for "
                    "hacking Democratic emails. The weather in Washington was warm.", published="2018-07-13", outlet="Fox"),
            Article(id="nyt", text="A federal grand jury on Friday accused a dozen Russian intelligence officers of hacking "
                    "the Democrats' emails. Mr. Trump is in Britain this week.", published="2018-07-13", outlet="NYT")]
    for a, e in zip(arts, extract_articles(arts), strict=True):
        store.add(a, e)
    store.replace_stories([Story(id="s", articles=["fox", "nyt"])])
    story = store.find_story("s")
    want = build_brief(story, [(store.article(a), store.extraction(a)) for a in story.articles])
    assert len(want.agreements) == 1
    calls = []
    real = claimfacts.embed
    monkeypatch.setattr(claimfacts, "embed", lambda t: calls.append(t) or real(t))
    assert jobs.brief(store, "s") == want and calls == []  # no claim embedded again


def test_a_sqlite_store_writes_ahead_and_commits_without_waiting_for_the_disk(tmp_path):
    import sqlite3

    s = Store(f"sqlite:///{tmp_path / 'w.db'}")
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    s.add(Article(id="a1", title="T", text="Rutte met Trump in Washington on Wednesday."), Extraction.model_validate(
        {"article": {"id": "a1", "title": "T"}}))
    s.close()
    other = sqlite3.connect(tmp_path / "w.db")  # what was committed is in the file for any other reader
    assert other.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    other.close()


def _whole_words(snippet: str, text_: str) -> list[str]:
    """The words of a snippet that are not whole words of the text (marks and the fragment delimiter removed)."""
    import re

    words = snippet.replace(MARK_START, "").replace(MARK_END, "").replace("…", " ").split()
    return [w for w in words if not re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", text_)]


def test_a_snippet_shows_the_match_deep_in_a_long_article(store):
    # PostgreSQL cuts the text around the first word that looks like a match before ts_headline reads it
    # (Store.SNIPPET_SPAN); SQLite's FTS5 snippet reads its index: both show the matched words
    filler = " ".join(f"Filler sentence number {i} says nothing at all about the matter." for i in range(900))
    texts = {"deep": filler + " The ceasefire countries signed it in Doha. " + filler,
             "early": "Ceasefire countries met. " + filler,
             "short": "Two countries agreed to a ceasefire on Sunday"}
    for aid, body in texts.items():
        a = Article(id=aid, text=body, published="2025-10-10", title=f"Report {aid}")
        store.add(a, Extraction(article=a.meta()))
    for newest in (None, 10):
        total, hits = store.search_articles("country ceasefire", limit=10, newest=newest)
        snippets = {h.meta.id: h.snippet.replace(MARK_START, "[").replace(MARK_END, "]") for h in hits}
        assert total == 3 and set(snippets) == set(texts)
        assert "[ceasefire] [countries] signed it in Doha" in snippets["deep"]
        assert snippets["early"].startswith("[Ceasefire] [countries] met.")
        assert "[ceasefire] on Sunday" in snippets["short"]
        assert not [w for h in hits for w in _whole_words(h.snippet, texts[h.meta.id])]


def test_a_snippet_cut_from_a_span_keeps_whole_words(store, monkeypatch):
    # long words: a span of 300 characters holds fewer words than a fragment may show, so the fragment reaches
    # both ends of the span, each cut inside a word on PostgreSQL
    monkeypatch.setattr(Store, "SNIPPET_SPAN", 300)
    monkeypatch.setattr(Store, "SNIPPET_LEAD", 100)
    words = ["Internationalisations", "Counterrevolutionaries", "Incomprehensibilities"]
    body = " ".join(words[i % 3] for i in range(50)) + " ceasefire " + " ".join(words[i % 3] for i in range(50))
    a = Article(id="long", text=body, published="2025-10-10", title="Violations")
    store.add(a, Extraction(article=a.meta()))
    for newest in (None, 10):
        total, hits = store.search_articles("ceasefire", newest=newest)
        assert total == 1 and MARK_START + "ceasefire" + MARK_END in hits[0].snippet
        assert _whole_words(hits[0].snippet, body) == []
