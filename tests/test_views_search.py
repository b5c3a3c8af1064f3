"""The web app's search asks the articles and the claims at once (two threads, two connections): the same answer
as asking them one after the other, on a real SQLite file and, where CI started one, a real PostgreSQL server."""


import pytest

from crosscheck.model import Actor, Article, Claim, Extraction
from crosscheck.store import SEARCH_WINDOW
from crosscheck.views.outlets import search, search_hits


@pytest.fixture
def store(either_store):
    return either_store


def test_articles_and_claims_searched_at_once_answer_as_one_after_the_other(store):
    for i in range(5):
        t = f"The harbour reopened on day {i}." + " Harbour ships waited." * i
        a = Article(id=f"h{i}", text=t, title=f"Harbour {i}", published=f"2025-10-{10 + i}")
        store.add(a, Extraction(article=a.meta(), actors=[Actor(id="a1", name="Port Authority", kind="organization")],
                                claims=[Claim(id="c0", text=t, start=0, end=len(t), source="a1")]))
    for q in ("harbour", "ships authority", "nothing"):
        total, hits = store.search_articles(q, 2, 0, newest=SEARCH_WINDOW)
        claims = store.search_claims(q, limit=2, newest=SEARCH_WINDOW)
        assert search_hits(store, q, 2) == (total, hits, claims)
        assert search_hits(store, q, 2, 2) == (*store.search_articles(q, 2, 2, newest=SEARCH_WINDOW), [])  # no claims past page one
    page = search(store, "harbour", 2)
    assert page.articles.total == 5 and len(page.claims) == 2 and [c.article for c in page.claims] == \
        [c.article_id for c in store.search_claims("harbour", limit=2, newest=SEARCH_WINDOW)]
