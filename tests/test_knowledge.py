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


def test_places_regions_by_compass_word_and_the_first_row_of_a_shared_demonym():
    kb = load()
    assert kb.place("South Lebanon").iso3 == "LBN" and kb.place("northern Iraq").iso3 == "IRQ"
    assert kb.place("Northern Ireland").iso3 == "GBR"  # the places file wins over the rule
    assert kb.place("South Pole") is None and kb.place("Kirkuk").iso3 == "IRQ"
    assert kb.country_code("Congolese") == "COD" and kb.country_code("Kampuchean") == "KHM"


def test_office_holders_before_2009():
    kb = load()
    assert kb.office_holder("president", "USA", date(1999, 5, 1)).name == "Bill Clinton"
    assert kb.office_holder("prime minister", "ISR", date(1997, 5, 1)).name == "Benjamin Netanyahu"
    assert kb.office_holder("secretary general", "UN", date(2000, 5, 1)).name == "Kofi Annan"
    for a in kb.actors.values():  # terms are well formed
        assert all(o.start is None or o.end is None or o.start < o.end for o in a.offices), a.name
