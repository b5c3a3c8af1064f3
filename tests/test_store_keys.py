"""The keys the store derives from an extraction: actor identities and the actor-events rows of a timeline."""

import json

from crosscheck.store.keys import actor_article_rows, actor_event_rows, actor_key, event_day


def test_an_actor_key_is_its_kind_and_its_folded_name() -> None:
    assert actor_key("Mark Rutte", "person") == "person:mark-rutte"
    assert actor_key("Recep Tayyip Erdoğan", "person") == "person:recep-tayyip-erdogan"
    assert actor_key("  ", "organisation") == "organisation:unnamed"


def test_an_event_is_placed_at_its_date_its_range_or_its_articles_day() -> None:
    assert event_day({"date": "2025-10-20"}, "2025-10-22") == "2025-10-20"
    assert event_day({"date": None, "date_range": ["2025-10", "2025-11"]}, "2025-10-22") == "2025-10"
    assert event_day({}, "2025-10-22") == "2025-10-22" and event_day({}, None) is None


def test_one_row_per_event_and_actor_on_each_side_in_the_events_order() -> None:
    actors = [{"id": "a1", "name": "Mark Rutte", "kind": "person"}, {"id": "a2", "name": "NATO", "kind": "organisation"}]
    events = [{"id": "e1", "type": "CONSULT", "actor": ["a1", "a1"], "recipient": ["a2", "a9"], "date": "2025-10-20"},
              {"id": "e2", "type": "AID", "actor": ["a2"], "recipient": ["a1"]}]
    rows = actor_event_rows("x", "2025-10-22", actors, events)
    assert [(r["event_id"], r["position"], r["role"], r["actor"], r["name"], r["day"]) for r in rows] == [
        ("e1", 0, "actor", "person:mark-rutte", "Mark Rutte", "2025-10-20"),
        ("e1", 0, "recipient", "organisation:nato", "NATO", "2025-10-20"),
        ("e2", 1, "actor", "organisation:nato", "NATO", "2025-10-22"),
        ("e2", 1, "recipient", "person:mark-rutte", "Mark Rutte", "2025-10-22")]
    assert {r["article_id"] for r in rows} == {"x"} and json.loads(rows[2]["event"]) == events[1]
    assert actor_event_rows("x", None, actors, []) == []


def test_one_actor_article_row_per_actor_identity_the_article_names() -> None:
    actors = [{"id": "a1", "name": "Mark Rutte", "kind": "person"}, {"id": "a2", "name": "NATO", "kind": "organisation"},
              {"id": "a3", "name": "Mark  Rutte", "kind": "person"}]
    assert actor_article_rows("x", actors) == [{"actor": "person:mark-rutte", "article_id": "x"},
                                               {"actor": "organisation:nato", "article_id": "x"}]
    assert actor_article_rows("x", []) == []
