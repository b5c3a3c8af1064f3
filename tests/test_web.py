"""The web app's API and pages through httpx (FastAPI's TestClient), on a real SQLite file and, where CI started one,
a real PostgreSQL server: the seed articles, the demo examples and a hostile article, extracted once for the run."""

from __future__ import annotations

import functools
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from crosscheck import jobs
from crosscheck.cli import app as cli_app
from crosscheck.extract import extract_articles
from crosscheck.ingest import read_inputs
from crosscheck.model import Article, Extraction
from crosscheck.store import Store
from crosscheck.web import create_app
from tests.conftest import SEEDS, fresh_pg

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("CROSSCHECK_TEST_PG_URL")
TOKEN = "s3cret-token-for-tests"

#: an article whose every field tries to run script in a page
EVIL = Article(
    id="evil-1",
    title='<script>alert("title")</script><img src=x onerror=alert(1)> Rutte meets Trump',
    outlet='<script>alert("outlet")</script>Evil "Outlet"',
    url='javascript:alert("url")',
    published="2024-06-05",
    author='<img src=x onerror=alert("author")>',
    text=('NATO Secretary General Mark Rutte met President Donald Trump at the White House on Wednesday. '
          '<script>alert("text")</script> <img src=x onerror=alert(2)> "We will keep working together on Ukraine," '
          'Rutte told reporters after the <a href="javascript:alert(3)">meeting</a>. Russia attacked Ukraine overnight, '
          'killing 6 people, officials said.'),
)


class _Tags(HTMLParser):
    """Every element a browser would build from a page, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def live_markup(html: str) -> list[str]:
    """What in a page could run script: script, iframe, object or embed elements, event-handler attributes, and
    links or sources with a ``javascript:`` or ``data:text/html`` URL."""
    parser = _Tags()
    parser.feed(html)
    bad = []
    for tag, attrs in parser.found:
        if tag in ("script", "iframe", "object", "embed", "base"):
            bad.append(f"<{tag}>")
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name.startswith("on") or (name in ("href", "src", "action", "formaction", "xlink:href")
                                         and v.startswith(("javascript:", "data:text/html", "vbscript:"))):
                bad.append(f"<{tag} {name}={value!r}>")
    return bad


@functools.cache
def corpus() -> tuple[tuple[Article, Extraction], ...]:
    """The seeds, the demo examples and :data:`EVIL`, extracted once per test run."""
    inputs = [str(ROOT / "examples")] + ([str(SEEDS)] if SEEDS.exists() else [])
    articles = [a for a in read_inputs(inputs) if isinstance(a, Article)] + [EVIL]
    extractions = {e.article.id: e for e in extract_articles(articles)}
    return tuple((a, extractions[a.id]) for a in articles)


def filled_store(url: str) -> Store:
    """A store holding the corpus, grouped into stories."""
    store = Store(url)
    for a, e in corpus():
        store.add(a, e)
    jobs.stories(store)
    return store


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path_factory):
    if request.param == "sqlite":
        s = filled_store(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}")
    else:
        if not PG:
            pytest.skip("CROSSCHECK_TEST_PG_URL not set (.ci/run starts a PostgreSQL server)")
        s = filled_store(fresh_pg())
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store, token=TOKEN, max_body=200_000)) as c:
        yield c


def seeds_story(store: Store):
    ids = {line.split('"id": "', 1)[1].split('"', 1)[0] for line in SEEDS.read_text().splitlines() if line.strip()} \
        if SEEDS.exists() else set()
    return next((s for s in store.list_stories() if ids and ids <= set(s.articles)), None)


def grain_story(store: Store):
    return next(s for s in store.list_stories() if "harbour-herald-0311" in s.articles)


def assert_error(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    assert body["error"]["code"] and body["error"]["message"]
    assert "Traceback" not in r.text
    return body["error"]


# ------------------------------------------------------------------ stories and briefs


def test_stories_are_listed_newest_first_with_counts_and_paging(client, store):
    r = client.get("/api/stories", params={"limit": 2})
    assert r.status_code == 200
    page = r.json()
    assert page["total"] == len(store.list_stories()) and page["limit"] == 2 and len(page["items"]) == 2
    newest = [s["last_published"] or s["first_published"] or "" for s in page["items"]]
    assert newest == sorted(newest, reverse=True)
    grain = next(s for s in client.get("/api/stories", params={"limit": 100}).json()["items"]
                 if "harbour-herald-0311" in s["article_ids"])
    assert grain["articles"] == 3 and grain["outlets"] == 3 and grain["conflicts"] >= 1
    assert {"Harbour Herald", "Daily Meridian"} <= set(grain["outlet_names"])
    second = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert second["items"][0]["id"] == page["items"][1]["id"] and second["offset"] == 1


def test_large_stories_do_not_hold_up_the_list_of_stories(client, monkeypatch):
    from crosscheck.views import Cache
    from crosscheck.views import stories as story_views

    monkeypatch.setattr(story_views, "LIST_BRIEF_LIMIT", 1)
    monkeypatch.setattr(story_views, "_counts", {})
    monkeypatch.setattr(story_views, "_story_views", Cache(8, per_state=False))
    items = client.get("/api/stories", params={"limit": 100}).json()["items"]
    large = [s for s in items if s["articles"] > 1]
    assert large and all(s["agreements"] is None and s["conflicts"] is None for s in large)
    assert all(s["agreements"] is not None for s in items if s["articles"] == 1)
    assert "…" in client.get("/").text
    assert client.get(f"/stories/{large[0]['id']}").status_code == 200  # its page briefs it
    again = client.get(f"/api/stories/{large[0]['id']}").json()
    assert again["agreements"] is not None and again["conflicts"] is not None


def test_the_api_brief_is_exactly_what_the_cli_prints(client, store):
    story = grain_story(store)
    api = client.get(f"/api/stories/{story.id}/brief")
    assert api.status_code == 200
    cli = CliRunner().invoke(cli_app, ["--db", store.url, "brief", story.id, "--json"])
    assert cli.exit_code == 0, cli.output
    assert api.json() == json.loads(cli.stdout)
    assert api.json()["story"]["id"] == story.id and any(c["kind"] == "number" for c in api.json()["conflicts"])


def test_a_story_page_shows_every_part(client, store):
    story = seeds_story(store) or grain_story(store)
    r = client.get(f"/stories/{story.id}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    for section in ('id="facts"', 'id="conflicts"', 'id="timeline"', 'id="actors"', 'id="coverage"', 'id="quotes"',
                    'id="only-in"', 'id="sources"', 'class="chart graph"', 'class="chart coverage"'):
        assert section in html, section
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_index_pages_and_paging(client):
    r = client.get("/")
    assert r.status_code == 200 and "Stories" in r.text and 'action="/search"' in r.text
    assert client.get("/", params={"page": 99}).status_code == 200
    assert client.get("/", params={"page": 0}).status_code == 422


# ------------------------------------------------------------------ articles, actors, events, quotes, outlets


def test_articles_list_detail_and_csv(client, store):
    r = client.get("/api/articles", params={"limit": 3})
    page = r.json()
    assert page["total"] == store.count() and len(page["items"]) == 3
    detail = client.get("/api/articles/harbour-herald-0311").json()
    assert detail["article"]["outlet"] == "Harbour Herald" and detail["extraction"]["actors"]
    assert detail["stories"] == [grain_story(store).id]
    csv_r = client.get("/api/articles", params={"format": "csv", "limit": 500})
    assert csv_r.headers["content-type"].startswith("text/csv")
    lines = csv_r.text.strip().splitlines()
    assert lines[0].startswith("id,title,outlet") and len(lines) == store.count() + 1
    by_outlet = client.get("/api/articles", params={"outlet": "Harbour Herald"}).json()
    assert [a["id"] for a in by_outlet["items"]] == ["harbour-herald-0311"]


def test_actors_have_one_identity_across_articles(client):
    actors = client.get("/api/actors", params={"q": "fidan"}).json()["items"]
    fidan = next(a for a in actors if a["name"] == "Hakan Fidan")
    assert fidan["id"] == "person:hakan-fidan" and fidan["country"] == "TUR" and fidan["articles"] >= 2
    detail = client.get(f"/api/actors/{fidan['id']}").json()
    assert detail["stories"] and detail["actor"]["id"] == fidan["id"]
    rows = detail["events_as_actor"]
    assert rows and all(any(x["id"] == fidan["id"] for x in e["actors"]) for e in rows)
    dates = [e["date"] or (e["date_range"] or [None])[0] or e["published"] for e in rows]
    assert dates == sorted(dates)
    page = client.get(f"/actors/{fidan['id']}")
    assert page.status_code == 200 and "Hakan Fidan" in page.text and 'class="chart coverage"' in page.text


def test_an_actors_timeline_from_the_store_index_holds_what_the_actor_page_holds(store):
    key = "person:hakan-fidan"
    detail = jobs.actor_detail(store, key)
    want = {(e.article, e.event) for e in (*detail.events_as_actor, *detail.events_as_recipient)}
    page = jobs.actor_timeline(store, key, limit=500)
    assert want and {(e.article, e.event) for e in page.items} == want and page.total >= len(want)
    days = [e.date or (e.date_range or [None])[0] or e.published for e in page.items]
    assert days == sorted(days, key=lambda d: (d is None, d or ""))
    assert page.items[0] == next(e for e in (*detail.events_as_actor, *detail.events_as_recipient)
                                 if (e.article, e.event) == (page.items[0].article, page.items[0].event))
    assert [e.event for e in jobs.actor_timeline(store, key, limit=2, offset=1).items] == [e.event for e in page.items[1:3]]
    assert jobs.actor_timeline(store, "person:nobody").total == 0


def _detail_from_the_whole_index(store: Store, key: str):
    """An actor's page as it was made before the store indexed actors by article: from the index of every
    extraction."""
    from crosscheck.views.index import _when, record_index
    from crosscheck.views.records import ActorDetail, StoryRef

    idx = record_index(store)
    quotes = sorted((idx.quotes[i] for i in idx.by_speaker.get(key, [])), key=lambda r: (r.published or "", r.article))
    stories = [s for s in (store.find_story(x) for x in sorted({s for ids in store.story_ids_of(idx.actor_articles[key])
                                                                 .values() for s in ids})) if s is not None]
    stories.sort(key=lambda s: s.last_published or "", reverse=True)
    return ActorDetail(actor=idx.actors[key], names=[n for n, _ in idx.names[key].most_common()],
                       events_as_actor=sorted((idx.events[i] for i in idx.as_actor.get(key, [])), key=_when),
                       events_as_recipient=sorted((idx.events[i] for i in idx.as_recipient.get(key, [])), key=_when),
                       quotes=quotes, stories=[StoryRef(id=s.id, title=s.title, first_published=s.first_published,
                                                        last_published=s.last_published) for s in stories])


def _all_pages(store: Store, key: str, limit: int):
    """An actor's page read ``limit`` rows at a time: its first page, and each list's pages concatenated."""
    first = jobs.actor_detail(store, key, limit, 0)
    pages = [first]
    while any(p.offset + p.limit < n for p in pages[-1:]
              for n in (p.events_as_actor_total, p.events_as_recipient_total, p.quotes_total or 0)):
        pages.append(jobs.actor_detail(store, key, limit, pages[-1].offset + limit))
    return first, [r for p in pages for r in p.events_as_actor], [r for p in pages for r in p.events_as_recipient], \
        [r for p in pages for r in p.quotes]


def test_an_actors_page_read_from_its_articles_is_what_the_whole_index_gave(store):
    from crosscheck.views.index import record_index

    keys = sorted(record_index(store).actors)
    assert len(keys) > 20 and store.actor_article_ids("person:hakan-fidan")
    for key in keys:
        want = _detail_from_the_whole_index(store, key)
        n = (len(want.events_as_actor), len(want.events_as_recipient), len(want.quotes))
        whole = jobs.actor_detail(store, key, 500)
        assert whole == want.model_copy(update=dict(zip(
            ("limit", "events_as_actor_total", "events_as_recipient_total", "quotes_total"), (500, *n), strict=True))), key
        first, as_actor, as_recipient, quotes = _all_pages(store, key, 2)
        assert (as_actor, as_recipient, quotes) == (want.events_as_actor, want.events_as_recipient, want.quotes), key
        assert (first.events_as_actor_total, first.events_as_recipient_total, first.quotes_total) == n, key
        assert first.events_as_actor == want.events_as_actor[:2] and first.actor == want.actor, key
    assert max(len(jobs.actor_detail(store, k, 500).events_as_actor) for k in keys) > 2


def test_an_actors_page_is_paged_through_the_api(client, store):
    from crosscheck.views.index import record_index

    key = max(record_index(store).actors, key=lambda k: len(record_index(store).as_actor.get(k, [])))
    whole = client.get(f"/api/actors/{key}", params={"limit": 500}).json()
    assert len(whole["events_as_actor"]) == whole["events_as_actor_total"] > 3
    got = []
    for offset in range(0, whole["events_as_actor_total"], 3):
        page = client.get(f"/api/actors/{key}", params={"limit": 3, "offset": offset}).json()
        assert page["events_as_actor_total"] == whole["events_as_actor_total"] and len(page["events_as_actor"]) <= 3
        got += page["events_as_actor"]
    assert got == whole["events_as_actor"]
    assert client.get(f"/api/actors/{key}").json()["limit"] == 50
    assert_error(client.get(f"/api/actors/{key}", params={"limit": 0}), 422)
    html = client.get(f"/actors/{key}", params={"page": 2}).text
    assert f"As actor ({whole['events_as_actor_total']})" in html
    assert client.get(f"/actors/{key}", params={"page": 1000}).status_code == 200


def test_a_busy_actors_page_walks_its_quotes_and_sums_it_up_from_its_newest_articles(store, monkeypatch):
    from crosscheck.views import index
    from crosscheck.views.index import record_index

    idx = record_index(store)
    key = max(idx.by_speaker, key=lambda k: (len(idx.by_speaker[k]), k))
    want = _detail_from_the_whole_index(store, key)
    assert len(want.quotes) > 2 and want.actor.articles > 1
    monkeypatch.setattr(index, "ACTOR_SAMPLE", 1)  # every actor in more than one article is a busy one
    monkeypatch.setattr(index, "HISTOGRAM_TYPED_MAX", 0)
    monkeypatch.setattr(index, "_details", index.Cache(64))
    got, quotes = [], None
    for offset in range(0, len(want.quotes) + 7, 7):
        page = jobs.actor_detail(store, key, 7, offset)
        assert page.sampled and page.actor.quotes == page.quotes_total and page.actor.articles == want.actor.articles
        assert offset or page.quotes_total is None  # not counted: the first page's walk stopped before the end
        assert page.actor.events == want.actor.events and page.events_as_actor == want.events_as_actor[offset:offset + 7]
        got += page.quotes
        quotes = page.quotes_total
    assert got == want.quotes and quotes == len(want.quotes)  # the walk that reads every article counts them
    newest = max(store.actor_article_ids(key), key=lambda a: (store.article_metas([a])[a].meta.published or "", a))
    assert set(store.story_ids_of([newest]).get(newest, [])) == {s.id for s in jobs.actor_detail(store, key, 7).stories}
    hist = jobs.actor_histogram(store, key)
    assert hist.outlets == ["events"] and sum(hist.counts["events"]) + hist.undated == want.actor.events
    monkeypatch.setattr(index, "QUOTE_WALK_MAX", 1)  # the quotes are looked for in the oldest article alone
    first = store.actor_articles_by_date(key)[0][0]
    page = jobs.actor_detail(store, key, 500)
    assert page.quotes == [q for q in want.quotes if q.article == first] and page.quotes_total is None


def test_an_actors_histogram_counts_every_event_once_as_the_pages_did(store):
    from crosscheck.views.index import record_index

    for key in sorted(record_index(store).actors)[:60]:
        want = jobs.event_histogram(_detail_from_the_whole_index(store, key))
        assert jobs.actor_histogram(store, key) == want, key


def test_search_quotes_read_from_the_pages_articles_are_what_the_whole_index_gave(store):
    from crosscheck.views.index import record_index

    idx = record_index(store)
    for q in ("Fidan", "ukraine", "said the", "grain corridor", "we will"):
        res = jobs.search(store, q, limit=5)
        words = [w.casefold() for w in q.split()]
        want = [idx.quotes[n] for h in res.articles.items for n in idx.quotes_of.get(h.article.id, ())
                if all(w in idx.quote_texts[n] for w in words)][:5]
        assert res.quotes == want, q
    assert any(jobs.search(store, q, limit=5).quotes for q in ("Fidan", "ukraine", "we will"))


def test_events_filters(client):
    everything = client.get("/api/events", params={"limit": 500}).json()
    assert everything["total"] > 10
    assault = client.get("/api/events", params={"type": "ASSAULT", "limit": 500}).json()
    assert assault["total"] and all(e["type"] == "ASSAULT" and not e["cooperative"] for e in assault["items"])
    country = {a["id"]: a["country"] for a in client.get("/api/actors", params={"limit": 500}).json()["items"]}
    rus = client.get("/api/events", params={"country": "RUS", "limit": 500}).json()["items"]
    assert rus and all(any(country[x["id"]] == "RUS" for x in (*e["actors"], *e["recipients"])) for e in rus)
    march = client.get("/api/events", params={"date_from": "2026-03-01", "date_to": "2026-03-31", "limit": 500}).json()
    assert march["total"]
    for e in march["items"]:
        lo, hi = (e["date_range"][0], e["date_range"][-1]) if e["date_range"] else (e["date"], e["date"])
        assert lo[:10] <= "2026-03-31" and hi[:10] >= "2026-03-01"
    fidan = client.get("/api/events", params={"actor": "person:hakan-fidan"}).json()["items"]
    assert fidan and all(any(x["id"] == "person:hakan-fidan" for x in (*e["actors"], *e["recipients"])) for e in fidan)
    assert_error(client.get("/api/events", params={"type": "PARTY"}), 422)
    assert_error(client.get("/api/events", params={"date_from": "March"}), 422)
    csv_r = client.get("/api/events", params={"type": "ASSAULT", "format": "csv"})
    assert csv_r.text.splitlines()[0].startswith("article,published,event,type")


def test_quotes_by_speaker(client):
    rows = client.get("/api/quotes", params={"speaker": "person:hakan-fidan"}).json()["items"]
    assert rows and all(q["speaker"]["id"] == "person:hakan-fidan" for q in rows)
    by_name = client.get("/api/quotes", params={"speaker": "fidan"}).json()["items"]
    assert {q["quote"] for q in rows} <= {q["quote"] for q in by_name}


def test_outlets_and_their_sourcing_profile(client):
    names = [o["name"] for o in client.get("/api/outlets").json()["items"]]
    assert {"Harbour Herald", "Daily Meridian"} <= set(names)
    detail = client.get("/api/outlets/Harbour Herald").json()
    assert detail["outlet"]["articles"] == 1 and detail["profile"]["articles_assessed"] == 1
    assert 0 <= detail["profile"]["mean_score"] <= 1 and detail["stories"]
    page = client.get("/outlets/Harbour Herald")
    assert page.status_code == 200 and "Sourcing profile" in page.text
    assert client.get("/outlets").status_code == 200


def test_search_marks_the_matched_words(client):
    r = client.get("/api/search", params={"q": "grain corridor"}).json()
    ids = [h["article"]["id"] for h in r["articles"]["items"]]
    assert "harbour-herald-0311" in ids and "farm-prices" not in ids[:1]
    hit = r["articles"]["items"][0]
    assert any(f["match"] and f["text"].lower() in ("grain", "corridor") for f in hit["snippet"] + hit["title"])
    assert r["articles"]["total"] >= 3
    page = client.get("/search", params={"q": "grain corridor"})
    assert page.status_code == 200 and "<mark>" in page.text
    assert client.get("/api/search", params={"q": "\"unbalanced NEAR( * -"}).status_code == 200  # no syntax error
    assert client.get("/search", params={"q": "NOT"}).status_code == 200


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("path", ["/api/stories/nope", "/api/stories/nope/brief", "/api/articles/nope",
                                  "/api/actors/person:nobody", "/api/outlets/No Such Outlet", "/api/nothing-here"])
def test_unknown_ids_are_404_in_the_one_error_shape(client, path):
    assert_error(client.get(path), 404)


def test_bad_parameters_and_methods_have_the_error_shape(client):
    assert_error(client.get("/api/stories", params={"limit": 0}), 422)
    assert_error(client.get("/api/stories", params={"format": "xml"}), 422)
    assert_error(client.delete("/api/stories"), 405)
    page = client.get("/stories/nope")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html") and "no story" in page.text


def test_openapi_docs_are_served_without_a_network(client):
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/docs-static/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text
    assert client.get("/api/docs-static/swagger-ui-bundle.js").status_code == 200
    spec = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}/brief", "/api/events", "/api/search"} <= set(spec["paths"])


# ------------------------------------------------------------------ ingest over the API


def test_ingest_needs_the_token_and_refuses_big_bodies(client, store):
    one = {"id": "api-1", "title": "Talks in Ankara", "outlet": "Api Wire", "published": "2026-03-14",
           "text": "Turkish Foreign Minister Hakan Fidan met UN officials in Ankara on Friday to discuss grain exports."}
    assert_error(client.post("/api/articles", json=one), 401)
    assert_error(client.post("/api/articles", json=one, headers={"Authorization": "Bearer wrong"}), 401)
    assert_error(client.post("/api/articles", json=one, headers={"Authorization": TOKEN}), 401)  # no Bearer
    assert store.article("api-1") is None
    big = {**one, "id": "api-big", "text": "word " * 60_000}
    assert_error(client.post("/api/articles", json=big, headers={"Authorization": f"Bearer {TOKEN}"}), 413)

    def chunks():
        for _ in range(50):
            yield b"x" * 10_000

    streamed = client.post("/api/articles", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}",
                                                                        "Content-Type": "application/json"})
    assert_error(streamed, 413)
    assert_error(client.post("/api/articles", content=b"{not json", headers={"Authorization": f"Bearer {TOKEN}",
                                                                             "Content-Type": "application/json"}), 422)
    r = client.post("/api/articles", json=[one], headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    assert r.json()["stored"] == ["api-1"] and store.article("api-1").outlet == "Api Wire"
    again = client.post("/api/articles", json=one, headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert again["stored"] == [] and again["already_stored"] == 1
    assert client.get("/api/articles/api-1").json()["extraction"]["actors"]


def test_ingest_is_off_without_a_token(store):
    with TestClient(create_app(store)) as c:
        err = assert_error(c.post("/api/articles", json={"id": "x", "text": "Text."}, headers={"Authorization": "Bearer "}), 403)
        assert "--token-file" in err["message"]


# ------------------------------------------------------------------ hostile article data


def test_hostile_article_data_renders_as_text(client, store):
    pages = ["/articles/evil-1", "/", "/outlets", f"/outlets/{EVIL.outlet}", "/search?q=Rutte", "/actors/person:mark-rutte"]
    pages += [f"/stories/{s}" for s in store.story_ids_of(["evil-1"]).get("evil-1", [])]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert live_markup(r.text) == [], path
        assert "content-security-policy" in r.headers
    article = client.get("/articles/evil-1").text
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in article
    assert 'href="javascript' not in article and "javascript:alert(&#34;url&#34;)" in article
