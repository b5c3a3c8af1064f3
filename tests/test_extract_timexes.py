import pytest

from crosscheck.extract import timexes
from tests.conftest import make_ctx


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


def _values(text, published="1989-10-30"):
    from crosscheck.extract import timexes
    from tests.conftest import make_ctx
    return {t.text: t.value for t in timexes.extract(make_ctx(text, published=published))}


def test_fiscal_quarters_and_year_earlier_periods():
    v = _values("Third-quarter profit rose 5% from $3 million a year earlier, and the fourth quarter looks weak. "
                "In the latest quarter sales fell; the third quarter of 1984 was worse than the 1988 quarter.")
    assert v["Third-quarter"] == "1989-Q3" and v["the fourth quarter"] == "1989-Q4"
    assert v["a year earlier"] == "1988-Q3" and v["the latest quarter"] == "1989-Q3"
    assert v["the third quarter of 1984"] == "1984-Q3" and v["the 1988 quarter"] == "1988-Q3"


def test_clock_times_with_their_day_and_day_parts():
    v = _values("The offer expires at 5 p.m. EST Nov. 9; trading stopped at noon Saturday and resumed mid-afternoon yesterday.")
    assert v["5 p.m. EST Nov. 9"] == "1989-11-09T17:00"
    assert v["mid-afternoon yesterday"] == "1989-10-29TAF"
    assert v["noon Saturday"].endswith("T12:00")


def test_durations_with_compound_numbers_halves_and_qualifiers():
    v = _values("Talks lasted the last twenty-four hours, a minute and a half, 2 1/2 years and eight trading days; "
                "it has at least 20 more years to run. Three days later they met.")
    assert v["the last twenty-four hours"] == "PT24H" and v["a minute and a half"] == "PT1M30S"
    assert v["2 1/2 years"] == "P2Y6M" and v["eight trading days"] == "P8D" and v["at least 20 more years"] == "P20Y"
    assert v["Three days later"] == "P3D"


def test_months_resolve_to_the_nearest_year_unless_tense_says_otherwise():
    assert _values("The deal will close in January.")["January"] == "1990-01"
    assert _values("Sales rose in March, the company said.")["March"] == "1989-03"
    assert _values("The board met in June last year.")["June last year"] == "1988-06"
    assert "soon" not in _values("He was killed soon after his capture.")


# issue 16: weekdays and months resolved with the tense of their clause (sentences written for these tests)


def test_infinitive_after_a_schedule_lies_ahead():
    # 2025-10-22 is a Wednesday
    assert values("The merger is scheduled to close Monday.")["Monday"] == "2025-10-27"
    assert values("The talks, set to resume Friday in Geneva, were delayed.")["Friday"] == "2025-10-24"
    assert values("The offer had been due to expire Friday.")["Friday"] == "2025-10-17"


def test_participle_after_its_noun_is_past():
    assert values("Sales rose in the year ended March 31.", published="2025-10-22")["March 31"] == "2025-03-31"
    assert values("Most were products introduced in April.", published="2025-10-22")["April"] == "2025-04"


def test_the_time_a_plan_is_set_for_lies_ahead():
    # a past-tense verb of scheduling names a time planned, not a time gone by
    assert values("The judge set the sentencing for June 28.", published="2013-02-20")["June 28"] == "2013-06-28"
    assert values("Sentencing has been set for June 28.", published="2013-02-20")["June 28"] == "2013-06-28"
    assert values("The vote was postponed until May 3.", published="2013-02-20")["May 3"] == "2013-05-03"
    # the verb's own time is still past
    assert values("The judge sentenced him on June 28.", published="2013-02-20")["June 28"] == "2012-06-28"
