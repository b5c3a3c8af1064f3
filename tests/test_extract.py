import json

from crosscheck.extract import extract_articles
from crosscheck.model import Article, Extraction


def test_batch_keeps_order_ids_and_valid_offsets(seeds):
    exts = list(extract_articles(seeds))
    assert [e.article.id for e in exts] == [a.id for a in seeds]
    for art, ext in zip(seeds, exts, strict=True):
        Extraction.model_validate(json.loads(ext.to_json()))
        for a in ext.actors:
            for m in a.mentions:
                assert art.text[m.start:m.end] == m.text
        for rec in [*ext.events, *ext.quotes, *ext.quantities, *ext.timexes]:
            assert art.text[rec.start:rec.end] == rec.text
        ids = {a.id for a in ext.actors}
        for e in ext.events:
            assert set(e.actor) | set(e.recipient) <= ids
        for q in ext.quotes:
            assert q.speaker is None or q.speaker in ids


def test_non_english_articles_are_passed_through():
    ext = next(extract_articles([Article(id="fr", text="Le président a parlé.", language="fr")]))
    assert ext.article.language == "fr" and ext.actors == [] and ext.events == []


def test_an_extractor_failure_is_reported_with_its_article_and_the_rest_go_on(monkeypatch):
    import crosscheck.extract as ex
    from crosscheck.model import Article

    real = ex.extract_doc

    def flaky(doc, article):
        if article.id == "bad":
            raise ValueError("boom")
        return real(doc, article)

    monkeypatch.setattr(ex, "extract_doc", flaky)
    arts = [Article(id=i, text="Russia attacked Kyiv on Monday.") for i in ("a", "bad", "c")]
    failures = []
    got = [e.article.id for e in ex.extract_articles(arts, on_error=failures.append)]
    assert got == ["a", "c"] and failures[0].article_id == "bad" and "ValueError: boom" in failures[0].message
    import pytest
    with pytest.raises(ex.ExtractionError, match="bad"):
        list(ex.extract_articles(arts))
