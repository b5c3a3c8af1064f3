"""Identity facts: a person's role that two sources state, even inside sentences about other things."""

from crosscheck.align import build_brief
from crosscheck.align.claimfacts import story_facts
from crosscheck.align.identity import identity_facts, role_words
from crosscheck.extract import extract_articles
from crosscheck.model import Article, Story

ROWS = [
    ("w", "NATO Secretary General Mark Rutte arrived in Washington on Wednesday for talks on air defence.",
     "2025-10-22", "Wire"),
    ("b", "Weapons deliveries were on the agenda when Mark Rutte, the secretary general of NATO, met reporters.",
     "2025-10-22", "Blog"),
]


def items_of(rows):
    arts = [Article(id=i, text=t, published=p, outlet=o) for i, t, p, o in rows]
    return list(zip(arts, extract_articles(arts), strict=True))


def test_a_role_two_sources_state_is_one_fact_with_each_sentence():
    items = items_of(ROWS)
    facts = identity_facts(i for f in story_facts(items) for i in f.items)
    assert len(facts) == 1, [f.summary for f in facts]
    assert "Rutte" in facts[0].summary and "secretary general" in facts[0].summary.lower()
    assert {i.article.id for i in facts[0].items} == {"w", "b"}
    brief = build_brief(Story(id="s", articles=["w", "b"]), items)
    assert any("Rutte" in a.summary and len({e.article for e in a.evidence}) == 2 for a in brief.agreements)


def test_one_source_or_a_role_that_names_no_office_makes_no_identity_fact():
    one = items_of([ROWS[0], ("w2", ROWS[0][1].replace("Wednesday", "Thursday"), "2025-10-23", "Wire")])
    assert identity_facts(i for f in story_facts(one) for i in f.items if i.article.id == "w") == []
    presidents = items_of([
        ("p1", "President Alar Kivi opened the session in Tallinn on Monday with a speech on energy.", "2025-10-22", "A"),
        ("p2", "Ferries were delayed by the storm, and President Alar Kivi cancelled a trip to Helsinki.", "2025-10-22",
         "B")])
    assert not any("Kivi" in f.summary for f in identity_facts(i for f in story_facts(presidents) for i in f.items))
    assert role_words("secretary general of NATO") == ["secretary", "general", "nato"]


def test_a_spokeswoman_states_the_spokesperson_role():
    rows = items_of([
        ("s1", "Maria Ostrova, a spokeswoman for the ministry, said the talks would resume in Geneva.", "2025-10-22", "A"),
        ("s2", "Ferries were delayed by the storm, ministry spokeswoman Maria Ostrova told reporters in Riga.",
         "2025-10-22", "B")])
    roles = {r for a, e in rows for x in e.actors if x.name.endswith("Ostrova") for r in x.roles}
    facts = identity_facts(i for f in story_facts(rows) for i in f.items)
    assert roles and any("Ostrova" in f.summary for f in facts), (roles, [f.summary for f in facts])
