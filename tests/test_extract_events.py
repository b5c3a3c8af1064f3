from crosscheck.extract import extract_article
from crosscheck.model import Article


def events(text, published="2025-10-22"):
    ext = extract_article(Article(id="t", text=text, published=published))
    names = {a.id: a.name for a in ext.actors}
    return [(e.type, sorted(names[i] for i in e.actor), sorted(names[i] for i in e.recipient), e) for e in ext.events]


def test_visit_hosted_with_date_from_its_clause():
    evs = events("On October 22, 2025, President Donald Trump welcomed NATO Secretary General Mark Rutte to the White House.")
    t, a, r, e = evs[0]
    assert t == "CONSULT" and a == ["Donald Trump"] and r == ["Mark Rutte"] and e.date == "2025-10-22" and e.cameo == "043"


def test_nominal_attack_with_demonym_actor_and_linked_quantities():
    evs = events("A large-scale Russian drone attack killed at least six people in Kyiv.")
    t, a, r, e = next(x for x in evs if x[0] == "ASSAULT")
    assert a == ["Russia"] and e.quantities


def test_negated_provision_is_a_rejection():
    evs = events("Trump said he was not planning to provide Ukraine with long-range Tomahawk missiles.")
    assert any(t == "REJECT" and a == ["Donald Trump"] and "Ukraine" in r for t, a, r, _ in evs)


def test_future_and_reported_modality():
    evs = events("Zelenskyy's upcoming visit to Washington was announced.")
    assert any(e.modality == "future" and t == "CONSULT" for t, _, _, e in evs)


def test_call_with_weekday_and_compound_actor():
    evs = events("Secretary of State Marco Rubio and Russian Foreign Minister Sergey Lavrov failed to reach agreement during a call on Monday.")
    t, a, r, e = next(x for x in evs if x[0] == "CONSULT")
    assert set(a) | set(r) == {"Marco Rubio", "Sergey Lavrov"} and e.date == "2025-10-20"


def test_event_text_is_its_sentence():
    text = "Talks stalled. Later, Russia attacked Ukraine with drones."
    ext = extract_article(Article(id="t", text=text, published="2025-10-22"))
    e = ext.events[0]
    assert text[e.start:e.end] == e.text == "Later, Russia attacked Ukraine with drones."
