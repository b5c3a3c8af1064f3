"""Contradictions inside a fact: numbers with qualifiers, polarity, temporal (and publication time)."""

from crosscheck.align.claimfacts import story_facts
from crosscheck.align.conflicts import compatible, fact_conflicts, misprinted_figures
from crosscheck.extract import extract_articles
from crosscheck.model import Article, Quantity


def conflicts(*rows):
    arts = [Article(id=i, text=t, published=p, outlet=o) for i, t, p, o in rows]
    return fact_conflicts(story_facts(list(zip(arts, extract_articles(arts), strict=True))))


def q(value, qualifier=None):
    return Quantity(id="n", value=value, qualifier=qualifier, category="killed", unit="people", text=str(value), start=0, end=1)


def test_qualifiers_decide_whether_numbers_contradict():
    assert not compatible(q(12), q(9))
    assert compatible(q(12, "at least"), q(15)) and not compatible(q(12, "at least"), q(9))
    assert compatible(q(100, "about"), q(104)) and compatible(q(20, "up to"), q(18))


def test_number_conflict_inside_one_fact():
    got = conflicts(("a", "A Russian missile strike on the port of Odesa killed 12 people on Monday.", "2026-03-11", "Herald"),
                    ("b", "A Russian missile strike on the port of Odesa killed nine people on Monday.", "2026-03-11", "Meridian"))
    assert [c.kind for c in got] == ["number"] and "Herald" in got[0].summary


def test_a_precise_figure_with_one_digit_changed_is_a_misprint_wherever_it_stands():
    rows = [("m1", "Records show the campaign paid $5,687.75 for a weekend at a resort in Vermont.", "2026-03-11", "Herald"),
            ("m2", "Among the purchases listed by prosecutors was a $5,587.75 bill from a mountain retreat.", "2026-03-12",
             "Meridian"),
            ("m3", "The campaign also paid $500,000 for television advertising in the state.", "2026-03-12", "Courier"),
            ("m4", "The party spent $400,000 on television advertising, its filings show.", "2026-03-12", "Ledger")]
    arts = [Article(id=i, text=t, published=p, outlet=o) for i, t, p, o in rows]
    got = misprinted_figures(story_facts(list(zip(arts, extract_articles(arts), strict=True))))
    assert len(got) == 1 and "5,687.75" in got[0].summary and "5,587.75" in got[0].summary, got  # round figures: two amounts


def test_temporal_conflict_is_marked_when_publication_time_explains_it():
    got = conflicts(("a", "Federal prosecutors plan to indict Rep. Michael Grimm on fraud charges in Brooklyn.", "2014-04-25", "Fox"),
                    ("b", "Federal prosecutors indicted Rep. Michael Grimm on fraud charges in Brooklyn.", "2014-04-28", "HuffPost"))
    temporal = [c for c in got if c.kind == "temporal"]
    assert temporal and "published first" in temporal[0].summary
    assert temporal[0].sides[0].article == "a"


def test_polarity_conflict_and_unrelated_claims_do_not_conflict():
    got = conflicts(("a", "The FBI has accused Grimm of wrongdoing in the fund-raising case.", "2014-04-25", "A"),
                    ("b", "The FBI has not accused Grimm of any wrongdoing in the fund-raising case.", "2014-04-25", "B"))
    assert [c.kind for c in got] == ["polarity"]
    assert conflicts(("a", "Grimm was charged with fraud.", "2014-04-25", "A"),
                     ("b", "The weather was not warm in Brooklyn on Monday.", "2014-04-25", "B")) == []


def test_rewording_is_a_changed_word_not_an_excerpt_or_an_attribution():
    from crosscheck.align.conflicts import reworded

    assert reworded("Iran gets closer and closer to a nuclear bomb", "Iran gets closer and closer to nuclear arms")
    assert not reworded("Iran gets closer and closer to a nuclear bomb", "closer and closer to a nuclear bomb")
    assert not reworded('We are not surprised," he said. "The plaintiffs have a grievance.',
                        'We are not surprised," Suthers said. "The plaintiffs have a grievance.')
    assert not reworded("The F.B.I. has not accused him of anything", "The FBI has not accused him of anything")


def test_days_a_week_apart_conflict_inside_one_fact():
    got = conflicts(("a", "The vice presidential debate between Biden and Ryan in Danville was held on Thursday.", "2012-10-12", "Fox"),
                    ("b", "The vice presidential debate between Biden and Ryan in Danville was held on Tuesday.", "2012-10-12", "NYT"))
    assert [c.kind for c in got] == ["date"]
