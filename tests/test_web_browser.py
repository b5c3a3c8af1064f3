"""The pages in a real browser: Debian's chromium driven by Playwright against a real uvicorn on 127.0.0.1.

One browser for the module. Screenshots go to out/screenshots/ (CROSSCHECK_SCREENSHOTS to change it) and their paths
are printed in the test log."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from crosscheck.model import Brief, FactCell, FactRow
from crosscheck.views import stories as story_views
from tests.conftest import SEEDS, needs_shared
from tests.test_web import EVIL, ROOT, filled_store, seeds_story

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("CROSSCHECK_SCREENSHOTS", ROOT / "out" / "screenshots"))

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium; .ci/run does)"),
    needs_shared(),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = filled_store(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'web.db'}")
    yield s
    s.close()


@pytest.fixture(scope="module")
def base_url(store):
    from crosscheck.web.background import serve_in_background

    served = serve_in_background(store)
    yield served.url
    served.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]

    def on_dialog(d) -> None:  # a dialog is script that ran: record it and close it
        pg.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def shot(page, name: str, capsys, full_page: bool = False) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    with capsys.disabled():
        print(f"\nscreenshot: {path}")
    return path


def with_facts(brief: Brief) -> Brief:
    """The brief as is when it has fact rows; otherwise rows built here from its timeline and first two-sided
    conflict, so the matrix template is exercised either way."""
    if brief.facts:
        return brief
    arts = brief.story.articles
    rows = []
    for k, t in enumerate(brief.timeline):
        ev = {e.article: e for e in t.evidence}
        rows.append(FactRow(id=f"t{k}", kind="event", summary=t.summary,
                            cells=[FactCell(article=a, status="reported" if a in ev else "silent",
                                            evidence=[ev[a]] if a in ev else []) for a in arts]))
    for c in brief.conflicts:
        if len(c.sides) == 2 and c.sides[0].article != c.sides[1].article:
            by = {c.sides[0].article: ("reported", c.sides[0]), c.sides[1].article: ("contradicts", c.sides[1])}
            rows.append(FactRow(id="c0", kind="claim", summary=c.summary,
                                cells=[FactCell(article=a, status=by[a][0], evidence=[by[a][1]]) if a in by
                                       else FactCell(article=a, status="silent") for a in arts]))
            break
    return brief.model_copy(update={"facts": rows})


def test_story_page_matrix_timeline_conflict_graph_and_a_cell_opens_its_sentence(page, base_url, store, capsys,
                                                                                  monkeypatch):
    story = seeds_story(store)
    assert story is not None, f"the seeds ({SEEDS}) should make one story"
    real = story_views.cached_brief
    monkeypatch.setattr(story_views, "cached_brief", lambda st, s, fp=None: with_facts(real(st, s, fp)))
    response = page.goto(f"{base_url}/stories/{story.id}")
    assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    matrix = page.locator("table.matrix")
    assert matrix.is_visible()
    assert page.locator("table.matrix th.src").count() == len(story.articles)
    assert page.locator("ol.timeline li").first.is_visible()
    assert page.locator(".conflict").first.is_visible()
    graph = page.locator("svg.graph")
    assert graph.is_visible() and page.locator("svg.graph path.edge").count() > 0
    assert page.locator("svg.coverage rect").count() > 0
    shot(page, "story-seeds", capsys, full_page=True)
    matrix.scroll_into_view_if_needed()
    shot(page, "story-seeds-matrix", capsys)

    cell = page.locator("table.matrix td.cell.reported a, table.matrix td.cell.contradicts a").first
    href = cell.get_attribute("href")
    assert href and "#c-" in href
    cell.click()
    page.wait_for_url(f"**{href}")
    start = int(urlsplit(href).fragment.removeprefix("c-"))
    article_id = unquote(urlsplit(href).path.rsplit("/", 1)[1])
    target = page.locator(f"[id='c-{start}']")
    assert target.is_visible()
    assert page.locator(".sent:has(:target)").count() == 1  # the sentence the link opened is highlighted
    in_view = page.evaluate("""(id) => { const r = document.getElementById(id).getBoundingClientRect();
                                         return r.top >= 0 && r.bottom <= window.innerHeight; }""", f"c-{start}")
    assert in_view
    text = store.article(article_id).text
    shown = page.evaluate("() => document.querySelector('.reader .body').textContent")
    assert shown == text  # the highlighted text is the article's text, so offsets in the page are offsets in it
    evidence = next(e for f in with_facts(real(store, story)).facts for c in f.cells for e in c.evidence
                    if e.article == article_id and e.start == start)
    assert text[start:start + len(evidence.text)].strip()[:40] == evidence.text.strip()[:40]
    shot(page, "article-at-sentence", capsys)


def test_hostile_article_renders_as_text_and_no_dialog_fires(page, base_url, store, capsys):
    paths = ["/articles/evil-1", "/", "/search?q=Rutte", "/outlets", "/actors/person:mark-rutte",
             "/outlets/" + EVIL.outlet]  # type: ignore[operator]
    paths += [f"/stories/{s}" for s in store.story_ids_of(["evil-1"]).get("evil-1", [])]
    for path in paths:
        response = page.goto(base_url + path)
        assert response.status == 200, path
        assert "content-security-policy" in response.headers
        page.wait_for_load_state("load")
        assert page.evaluate("() => document.scripts.length") == 0, path
        assert page.evaluate("() => document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length") == 0
        assert page.evaluate("() => [...document.querySelectorAll('a[href]')].filter(a => "
                             "(a.getAttribute('href') || '').trim().toLowerCase().startsWith('javascript:')).length") == 0, path
    page.goto(f"{base_url}/articles/evil-1")
    assert page.locator("h1").inner_text() == EVIL.title
    assert '<script>alert("text")</script>' in page.locator(".reader .body").inner_text()
    assert page.get_by_text('javascript:alert("url")').count() >= 1
    page.wait_for_timeout(300)
    assert page.dialogs == []  # type: ignore[attr-defined]
    shot(page, "article-hostile", capsys)


def test_other_pages_render(page, base_url, capsys):
    for name, path in (("index", "/"), ("actor", "/actors/person:mark-rutte"), ("search", "/search?q=Tomahawk missiles"),
                       ("outlet", "/outlets/Harbour Herald")):
        response = page.goto(base_url + path)
        assert response.status == 200, path
        assert page.locator("h1").first.is_visible()
        shot(page, f"page-{name}", capsys, full_page=name != "actor")
    assert page.dialogs == []  # type: ignore[attr-defined]
