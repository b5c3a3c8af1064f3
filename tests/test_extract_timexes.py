import pytest
from tests.conftest import make_ctx

from crosscheck.extract import timexes


def values(text, published="2025-10-22"):
    return {t.text: t.value for t in timexes.extract(make_ctx(text, published))}


@pytest.mark.parametrize("text,phrase,value", [
    ("On October 22, 2025, Trump met Rutte.", "October 22, 2025", "2025-10-22"),
    ("They failed to agree during a call on Monday.", "Monday", "2025-10-20"),
    ("The leaders will meet on Friday.", "Friday", "2025-10-24"),
    ("White House officials confirmed the meeting for Wednesday.", "Wednesday", "2025-10-22"),
    ("In September, he suggested a change.", "September", "2025-09"),
    ("He said it in August.", "August", "2025-08"),
    ("He met Zelenskyy last week.", "last week", "2025-W42"),
    ("NATO was founded in 1949.", "1949", "1949"),
    ("Trump took office in January 2025.", "January 2025", "2025-01"),
    ("The meeting was set for 4 p.m. local time.", "4 p.m.", "2025-10-22T16:00"),
    ("The shutdown is now entering its 22nd day.", "its 22nd day", "P22D"),
    ("He promised peace in 24 hours.", "24 hours", "PT24H"),
    ("There are no plans for talks in the near future.", "the near future", "FUTURE_REF"),
    ("Yesterday the talks ended.", "Yesterday", "2025-10-21"),
    ("The policy of 2021-2024 was different.", "2021-2024", "2021/2024"),
    ("Three days ago the strike hit Kyiv.", "Three days ago", "2025-10-19"),
])
def test_normalised_against_publication_date(text, phrase, value):
    assert values(text).get(phrase) == value


def test_undated_article_keeps_calendar_dates_and_marks_relative_ones():
    v = values("On March 3, 2014 troops moved. In June they left.", published=None)
    assert v["March 3, 2014"] == "2014-03-03" and v["June"] == "XXXX-06"


def test_ordinal_is_not_a_duration():
    assert "a second" not in values("There were plans for a second summit.")


def test_offsets_point_into_the_text():
    text = "Talks resumed on Tuesday and end next month."
    for t in timexes.extract(make_ctx(text)):
        assert text[t.start:t.end] == t.text
