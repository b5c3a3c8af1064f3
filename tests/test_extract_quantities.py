from crosscheck.extract import quantities, timexes
from crosscheck.extract.quantities import parse_number
from tests.conftest import make_ctx


def qty(text):
    ctx = make_ctx(text)
    return quantities.extract(ctx, timexes.find(ctx))[0]


def test_casualties_with_qualifier_and_category():
    q = qty("A Russian drone attack killed at least six people and injured 18 more in Kyiv.")
    killed = next(x for x in q if x.value == 6)
    assert killed.qualifier == "at least" and killed.category == "killed" and killed.text == "at least six people"
    assert next(x for x in q if x.value == 18).category == "injured"


def test_passive_casualties_and_money():
    q = qty("Nine civilians were wounded. The initiative has funneled $2 billion in aid.")
    assert any(x.value == 9 and x.category == "injured" for x in q)
    money = next(x for x in q if x.category == "money")
    assert money.value == 2_000_000_000 and money.unit == "USD" and money.text == "$2 billion"


def test_word_count_and_durations():
    q = qty("The war is now in its fourth year. (Word count: 2,756)")
    assert any(x.value == 2756 and x.category == "word count" for x in q)
    assert any(x.value == 4 and x.category == "duration" for x in q)


def test_years_and_dates_are_not_quantities():
    assert qty("In 2022 Russia invaded Ukraine on February 24.") == []


def test_parse_number():
    assert parse_number(["twenty-five"]) == 25
    assert parse_number(["1.5", "million"]) == 1_500_000
    assert parse_number(["2,756"]) == 2756
    assert parse_number(["two", "hundred"]) == 200
    assert parse_number(["many"]) is None
