"""crosscheck.prepare: an ingest's batch function, run where articles are parsed."""

from crosscheck.extract import ExtractFailure, extract_batch
from crosscheck.ingest.dedup import signature
from crosscheck.model import Article
from crosscheck.nlp import MAX_CHARS
from crosscheck.prepare import ReadyArticle, prepare_batch
from crosscheck.store import claim_rows, prepare_article


def _batch() -> list[Article]:
    return [Article(id="en", text="NATO Secretary General Mark Rutte met President Donald Trump in Washington on "
                                  "Wednesday. \"We will keep talking,\" Rutte said.", published="2025-10-22"),
            Article(id="fr", text="Le président a rencontré le secrétaire général de l'OTAN à Washington mercredi, "
                                  "et les deux hommes ont parlé de l'Ukraine pendant une heure.", language="fr"),
            Article(id="long", text="word " * (MAX_CHARS // 5 + 1))]


def test_each_article_comes_ready_for_the_store_as_the_store_would_make_it():
    batch = _batch()
    ready = prepare_batch(batch)
    extractions = extract_batch(batch)
    assert [type(r) for r in ready] == [ReadyArticle, ReadyArticle, ExtractFailure]
    en, fr, failed = ready
    assert en.article_id == "en" and en.prepared == prepare_article(batch[0], extractions[0])
    assert en.prepared.claim_rows == claim_rows("en", extractions[0]) and len(en.prepared.claim_rows) == 2
    assert en.prepared.event_rows and en.prepared.actor_rows and en.prepared.extraction_json
    assert en.minhash == signature(batch[0].text)
    assert fr.prepared.extraction_json is None and fr.prepared.claim_rows == [] and fr.minhash is not None
    assert failed == extractions[2] and failed.article_id == "long"


def test_without_near_duplicate_detection_no_signature_is_made():
    assert [r.minhash for r in prepare_batch(_batch()[:2], minhash=False)] == [None, None]
