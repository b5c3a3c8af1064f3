import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from crosscheck.model import (
    Actor,
    Article,
    Event,
    Extraction,
    Mention,
    Quantity,
    Quote,
    Timex,
    content_hash,
    count_words,
    json_schema_text,
)

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "crosscheck.schema.json"


def sample() -> Extraction:
    art = Article(id="a", text="Rutte met Trump on Monday.", published="2025-10-22")
    return Extraction(
        article=art.meta(),
        actors=[Actor(id="a1", name="Mark Rutte", kind="person", country="NLD", roles=["secretary general of NATO"],
                      mentions=[Mention(text="Rutte", start=0, end=5, form="name")])],
        events=[Event(id="e1", type="CONSULT", cameo="040", actor=["a1"], text="Rutte met Trump on Monday.", start=0, end=26)],
        quotes=[Quote(id="q1", text="x", start=0, end=1, speaker="a1", speaker_text="Rutte")],
        quantities=[Quantity(id="n1", value=6, qualifier="at least", unit="people", category="killed", text="six", start=0, end=3)],
        timexes=[Timex(id="t1", text="Monday", start=19, end=25, type="date", value="2025-10-20")],
    )


def test_round_trip_keeps_every_field():
    ext = sample()
    again = Extraction.from_json(ext.to_json())
    assert again == ext
    data = json.loads(ext.to_json())
    assert set(data) == {"article", "actors", "events", "quotes", "quantities", "timexes", "claims"}
    assert set(data["events"][0]) == {"id", "type", "mode", "cameo", "actor", "recipient", "date", "date_range", "location",
                                      "negated", "modality", "text", "start", "end", "quantities"}
    assert data["article"]["word_count"] == 5


def test_schema_file_is_current():
    assert SCHEMA.read_text(encoding="utf-8") == json_schema_text(), "run `make schema` and commit the result"


def test_word_count_and_hash():
    assert count_words("It’s a U.S.-led, well-known plan: 2,756 words.") == 7
    assert content_hash("A  b\nC") == content_hash("a b c")
    assert content_hash("a b") != content_hash("a c")


@given(st.text(min_size=1, max_size=200))
def test_hash_is_stable_under_spacing(text):
    assert content_hash(text) == content_hash("  " + text.replace(" ", "   ") + "\n")
