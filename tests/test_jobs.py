import io
import json

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
