from datetime import date

from crosscheck.knowledge import KNOWLEDGE_VERSION, load


def test_loads_once_with_every_file():
    kb = load()
    assert kb is load()
    assert KNOWLEDGE_VERSION
    assert len(kb.countries) > 200 and kb.roles and kb.actors and kb.event_patterns and kb.lexicon


def test_countries_by_name_demonym_and_capital():
    kb = load()
    assert kb.country_code("Russian") == "RUS"
    assert kb.country_code("Moscow") == "RUS"
    assert kb.country_code("the U.S.") == "USA"
    assert kb.country_code("Ukraine's") == "UKR"
    assert kb.country_code("Dutch") == "NLD"
    assert kb.countries["RUS"].name == "Russia"


def test_office_holders_depend_on_the_date():
    kb = load()
    assert kb.office_holder("president", "USA", date(2012, 5, 1)).name == "Barack Obama"
    assert kb.office_holder("president", "USA", date(2025, 10, 22)).name == "Donald Trump"
    assert kb.office_holder("secretary general", "NATO", date(2025, 10, 22)).name == "Mark Rutte"


def test_every_event_pattern_has_a_plover_type_and_cameo_code():
    from crosscheck.model import EVENT_TYPES

    for pats in load().event_patterns.values():
        for p in pats:
            assert p.type in EVENT_TYPES
            assert p.cameo.isdigit()


def test_every_role_has_a_sector():
    assert all(r.sector for r in load().roles.values())
