"""`crosscheck ask`: questions answered from a real store (SQLite; PostgreSQL where CI started one) holding a few
hand-written articles ingested through jobs.ingest: the right sentence for a who, a how-many, a when and a why
question, answers grouped by what they say, an unanswerable question marked so, and bad input as one line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crosscheck import jobs
from crosscheck.ask import NO_ANSWER, BadQuestion, NoClaims
from crosscheck.ask.question import parse
from crosscheck.cli import run
from crosscheck.store import Store
from crosscheck.views import NotFound
from crosscheck.web import create_app
from tests.conftest import fresh_pg

PG = os.environ.get("CROSSCHECK_TEST_PG_URL")

# Invented articles: three outlets on one harbour closure (two give the same reason, one another), one unrelated.
ARTICLES = [
    {"id": "harbor-1", "outlet": "Harbor Times", "published": "2026-03-03", "title": "Varna harbor closed",
     "text": "Port officials closed the Varna harbor on Tuesday after a fuel tanker ran aground near its entrance. "
             "Harbor master Elena Petrova ordered the closure because oil was leaking from the tanker into the bay. "
             "At least 12 cargo ships were stuck outside the harbor on Tuesday evening, Petrova said. "
             "The harbor will reopen on Friday, port officials said."},
    {"id": "harbor-2", "outlet": "Coast Daily", "published": "2026-03-03", "title": "Tanker grounding shuts Varna port",
     "text": "The Varna harbor was shut on Tuesday when a tanker ran aground near the entrance. "
             "Elena Petrova, the harbor master, closed the port because oil was leaking from the tanker into the bay. "
             "Twelve cargo ships were stuck outside the harbor. "
             "The shipping company Blue Line blamed a pilot's error for the grounding."},
    {"id": "harbor-3", "outlet": "Sea News", "published": "2026-03-04", "title": "Divers inspect Varna pier",
     "text": "The Varna harbor stayed closed on Wednesday. "
             "The port authority said the harbor was closed so that divers could inspect a pier damaged by the tanker. "
             "Inspectors from the port authority began their work at dawn."},
    {"id": "library-1", "outlet": "City Post", "published": "2026-03-02", "title": "Library budget approved",
     "text": "The city council of Lyon approved a new budget for public libraries on Monday. "
             "The budget adds 40 reading rooms and extends opening hours on Sundays, council members said."},
]


def _filled(url: str, tmp: Path) -> Store:
    src = tmp / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    store = Store(url)
    report = jobs.ingest([str(src)], store)
    assert report.stored == len(ARTICLES), report.problems
    return store


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory) -> Store:
    tmp = tmp_path_factory.mktemp("ask")
    store = _filled(f"sqlite:///{tmp / 'store.db'}", tmp)
    yield store
    store.close()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, sqlite_store, tmp_path_factory) -> Store:
    if request.param == "sqlite":
        yield sqlite_store
        return
    if not PG:
        pytest.skip("CROSSCHECK_TEST_PG_URL not set (.ci/run starts a PostgreSQL server)")
    s = _filled(fresh_pg(), tmp_path_factory.mktemp("ask-pg"))
    yield s
    s.close()


def first(store: Store, question: str) -> str:
    result = jobs.ask(store, question)
    assert result.answered, result
    return result.answers[0].text


def test_who_is_answered_by_the_sentence_naming_the_person(store):
    assert "Petrova" in first(store, "Who ordered the closure of the Varna harbor?")


def test_how_many_is_answered_by_a_sentence_with_the_number(store):
    top = first(store, "How many cargo ships were stuck outside the Varna harbor?")
    assert "12" in top or "Twelve" in top


def test_when_is_answered_by_a_sentence_with_the_date(store):
    assert "Friday" in first(store, "When will the Varna harbor reopen?")


def test_why_is_answered_by_the_reason_and_sources_giving_one_reason_share_a_group(store):
    result = jobs.ask(store, "Why did officials close the Varna harbor?")
    assert result.answered
    leaking = [a for a in result.answers if "oil was leaking" in a.text]
    divers = [a for a in result.answers if "divers could inspect" in a.text]
    assert {a.article for a in leaking} == {"harbor-1", "harbor-2"}
    assert any(w in result.answers[0].text for w in ("because", "after")), "the first answer gives a reason"
    assert len({a.group for a in leaking}) == 1, "two sources giving the same reason are one answer"
    assert divers and divers[0].group != leaking[0].group, "another reason is another answer"
    assert {a.outlet for a in leaking} == {"Harbor Times", "Coast Daily"}
    assert all(a.end - a.start == len(a.text) for a in result.answers)
    assert all(a.article != "library-1" for a in result.answers)


def test_a_question_the_articles_do_not_answer_is_marked_unanswered(store):
    for q in ("How many moons does Jupiter have?", "Who won the football final in Madrid?"):
        result = jobs.ask(store, q)
        assert result.answered is False, q


def test_story_limits_the_articles_and_unknown_stories_are_not_found(store):
    jobs.stories(store)
    story = next(s for s in store.list_stories() if "harbor-3" in s.articles)
    result = jobs.ask(store, "Why did officials close the Varna harbor?", story=story.id)
    assert {a.article for a in result.answers} <= set(story.articles)
    with pytest.raises(NotFound):
        jobs.ask(store, "Why?", story="no-such-story")


@pytest.mark.parametrize("question", ["", "   ", "x" * 10_000, "¿Por qué cerraron el puerto de Varna?",
                                      "Почему закрыли порт?", "?!"])
def test_questions_that_cannot_be_asked_are_refused_with_one_line(question):
    with pytest.raises(BadQuestion) as err:
        parse(question)
    assert "\n" not in str(err.value) and str(err.value)


@pytest.mark.parametrize("question", ['"Varna" AND harbor*', "harbor NEAR(tanker oil)", "-harbor: (closed)",
                                      "'; DROP TABLE claims; --", "SELECT * FROM claims WHERE 1=1"])
def test_full_text_syntax_and_sql_are_only_words(store, question):
    result = jobs.ask(store, question)
    assert isinstance(result.answered, bool)
    assert store.count() == len(ARTICLES)


def test_cli_json_and_text(sqlite_store, capsys):
    url = str(sqlite_store.engine.url)
    assert run(["--db", url, "ask", "Who ordered the closure of the Varna harbor?", "--json", "--limit", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["question"] and out["answered"] is True and 1 <= len(out["answers"]) <= 3
    assert set(out["answers"][0]) == {"article", "outlet", "text", "start", "end", "speaker", "group", "score"}
    assert run(["--db", url, "ask", "Why did officials close the Varna harbor?"]) == 0
    text_out = capsys.readouterr().out
    assert "distinct answer" in text_out and "Harbor Times" in text_out
    assert run(["--db", url, "ask", "How many moons does Jupiter have?"]) == 0
    assert NO_ANSWER in capsys.readouterr().out
    for bad in ("", "x" * 10_000, "¿Por qué cerraron el puerto de Varna?"):
        assert run(["--db", url, "ask", bad]) == 2
        err = capsys.readouterr().err
        assert err.startswith("crosscheck: ") and err.count("\n") == 1 and "Traceback" not in err


def test_api_ask_and_pages(sqlite_store):
    client = TestClient(create_app(sqlite_store))
    r = client.get("/api/ask", params={"q": "Who ordered the closure of the Varna harbor?", "limit": 2})
    assert r.status_code == 200
    body = r.json()
    assert body["answered"] is True and len(body["answers"]) <= 2 and "Petrova" in body["answers"][0]["text"]
    for bad in ("", "x" * 10_000, "¿Por qué cerraron el puerto de Varna?"):
        r = client.get("/api/ask", params={"q": bad})
        assert r.status_code == 422 and "message" in r.json()["error"]
    assert client.get("/api/ask", params={"q": "Why?", "story": "nope"}).status_code == 404
    assert client.get("/api/ask", params={"q": "harbor NEAR(tanker) \" * -:"}).status_code == 200
    page = client.get("/ask", params={"q": "Why did officials close the Varna harbor?"})
    assert page.status_code == 200 and "distinct answer" in page.text and "Coast Daily" in page.text
    assert "name=\"q\"" in client.get("/").text and "action=\"/ask\"" in client.get("/").text


def test_a_store_without_claims_says_so_in_one_line(tmp_path, capsys):
    from crosscheck.model import Article, Extraction

    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    old = Article(id="old-1", text="The Varna harbor was closed on Tuesday after a tanker ran aground.")
    store.add(old, Extraction(article=old.meta()))  # an extraction from before claims: none stored
    with pytest.raises(NoClaims):
        jobs.ask(store, "Why was the Varna harbor closed?")
    assert run(["--db", str(store.engine.url), "ask", "Why was the Varna harbor closed?"]) == 2
    err = capsys.readouterr().err
    assert "no claims" in err and err.count("\n") == 1
    store.close()


def test_answers_are_the_same_from_stored_embeddings_and_from_claims_stored_without_them(sqlite_store, tmp_path):
    from crosscheck.store.tables import claims

    question = "Why did officials close the Varna harbor?"
    stored = jobs.ask(Store(str(sqlite_store.engine.url)), question)  # a new store object: nothing prepared yet
    copy = Store(f"sqlite:///{tmp_path / 'copy.db'}")
    for article, extraction in sqlite_store.articles_with_extractions(a["id"] for a in ARTICLES):
        copy.add(article, extraction)
    with copy.engine.begin() as conn:
        conn.execute(claims.update().values(embedding=None))  # as claims stored before migration 0005
    assert copy.claim_embeddings(a["id"] for a in ARTICLES) == {}
    again = jobs.ask(copy, question)
    assert [(a.article, a.start, a.group) for a in again.answers] == [(a.article, a.start, a.group) for a in stored.answers]
    copy.close()


@pytest.mark.parametrize(("question", "names", "head"), [
    ("How did Colorado officials respond to the lawsuit from Nebraska and Oklahoma?", [("colorado",)], "official"),
    ("What did Michael Grimm's lawyer say about the charges?", [], "lawyer"),
    ("What did Mark Rutte say about Donald Trump?", [("mark", "rutte")], "mark"),
])
def test_a_what_did_x_say_question_knows_who_x_is(question, names, head):
    q = parse(question)
    assert q.kind == "said" and list(q.subject_names) == names and q.subject_stems[0] == head


def test_the_speaker_asked_about_ranks_above_the_one_answered(sqlite_store):
    result = jobs.ask(sqlite_store, "What did Elena Petrova say about the cargo ships?")
    assert result.answered and "Petrova" in (result.answers[0].speaker or "") + result.answers[0].text


def test_a_number_counts_the_words_after_it():
    from crosscheck.ask.rank import _counted

    assert {"arrest"} <= _counted("The authorities made at least 47 arrests after demonstrators threw bottles.")
    assert {"executive", "action"} <= _counted("He signed nearly two-dozen executive actions.")
    assert "million" in _counted("The group spent $1.2 million on the ad.")
    assert _counted("No number here.") == frozenset()


def test_how_many_answers_giving_one_count_are_one_answer_and_other_counts_others(sqlite_store):
    from crosscheck.ask.rank import counts

    result = jobs.ask(sqlite_store, "How many cargo ships were stuck outside the Varna harbor?")
    twelve = [a for a in result.answers if "12 cargo ships" in a.text or "Twelve cargo ships" in a.text]
    assert {a.article for a in twelve} == {"harbor-1", "harbor-2"}
    assert len({a.group for a in twelve}) == 1, "12 and twelve are one count"
    assert counts("Police made 47 arrests; 12 officers were hurt.", ["arrest"]) == {47.0}
    assert counts("He signed nearly two-dozen executive actions.", ["action"]) == {24.0}
    assert counts("Dozens of arrests were made.", ["arrest"]) == frozenset()


@pytest.mark.parametrize(("question", "future"), [
    ("What happens next for Congressman Michael Grimm?", True),
    ("What charges is the congressman expected to face?", True),
    ("What could happen to legal marijuana if the states win?", True),
    ("What happened to the planned summit?", False),
    ("What does the gun plan do about assault weapons?", False),
])
def test_a_question_about_what_is_to_come_is_known(question, future):
    assert parse(question).future is future


def test_what_happens_next_ranks_what_is_to_come_higher_than_what_happened_does(sqlite_store):
    def reopen(question: str) -> tuple[int, float]:
        answers = jobs.ask(sqlite_store, question).answers
        return next((k, a.score) for k, a in enumerate(answers) if "will reopen" in a.text)

    (next_rank, next_score), (past_rank, past_score) = reopen("What happens next at the Varna harbor?"), reopen(
        "What happened at the Varna harbor?")
    assert next_rank < past_rank and next_score > past_score


def test_feedback_raises_the_candidates_like_the_best_ones_and_leaves_the_rest():
    import numpy as np

    from crosscheck.ask.rank import Candidate, feedback

    def cand(vec: list[float], score: float) -> Candidate:
        v = np.array(vec, dtype=np.float32)
        return Candidate(item=None, vec=v / np.linalg.norm(v), score=score)  # type: ignore[arg-type]

    best, like_best, unlike = cand([1, 0], 0.9), cand([0.9, 0.1], 0.3), cand([0, 1], 0.3)
    feedback([best, like_best, unlike], 0.1, 1)
    assert like_best.score > unlike.score == 0.3 and best.score == 0.9 + 0.1
    untouched = [cand([1, 0], 0.5)]
    feedback(untouched, 0.0, 3)
    assert untouched[0].score == 0.5


def test_answers_giving_one_date_are_one_answer_and_other_dates_others(sqlite_store):
    result = jobs.ask(sqlite_store, "On what day was the Varna harbor closed?")
    tuesday = [a for a in result.answers if "on Tuesday when" in a.text or "on Tuesday after" in a.text]
    wednesday = [a for a in result.answers if "on Wednesday" in a.text]
    assert {a.article for a in tuesday} == {"harbor-1", "harbor-2"} and wednesday
    assert len({a.group for a in tuesday}) == 1 and wednesday[0].group != tuesday[0].group


def test_what_an_answer_gives_is_its_count_date_or_place():
    from types import SimpleNamespace

    from crosscheck.ask.rank import slot

    item = SimpleNamespace(text="Police made 47 arrests in Ferguson on Tuesday.", dates=frozenset({"2014-08-19"}),
                           actors=((("ferguson",), "location"), (("missouri",), "location"), (("police",), "group")))
    assert slot(parse("How many people were arrested?"), item) == {47.0}  # type: ignore[arg-type]
    assert slot(parse("On what day were the arrests made?"), item) == {"2014-08-19"}  # type: ignore[arg-type]
    assert slot(parse("Where in Missouri were people arrested?"), item) == {("ferguson",)}  # type: ignore[arg-type]
    assert slot(parse("Why were people arrested?"), item) == frozenset()  # type: ignore[arg-type]
