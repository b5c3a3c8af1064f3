"""Canonical-URL keys and MinHash near-duplicate matching."""

import pytest

from crosscheck.ingest.dedup import NearDuplicateIndex, shingles, signature, url_key

WIRE = ("KYIV, March 11 (Agency) - Russian drones struck energy facilities in three Ukrainian regions overnight, "
        "officials said on Wednesday, cutting power to tens of thousands of homes as temperatures fell below freezing. "
        "The air force said it shot down 41 of the 55 drones launched. Regional governors reported damage to "
        "substations in Kharkiv, Sumy and Poltava, and repair crews were working to restore supplies by evening. "
        "Ukraine's energy minister said the attacks were aimed at breaking the grid before the spring thaw.")


def test_url_keys_ignore_host_case_fragments_and_tracking():
    a = url_key("https://News.Example.com/world/story.html?utm_source=rss&utm_medium=feed#top")
    assert a == url_key("https://news.example.com/world/story.html")
    assert a != url_key("https://news.example.com/world/other.html")
    assert url_key(None) is None and url_key("file:///x") is None


def test_the_same_copy_with_a_new_headline_and_tail_is_a_near_duplicate():
    index = NearDuplicateIndex(0.8)
    index.add("agency", signature(WIRE))
    reprint = "Drones hit Ukraine's grid\n\n" + WIRE + " Reporting by the Agency; editing by our desk."
    match = index.match(signature(reprint))
    assert match is not None and match.root == "agency" and match.similarity >= 0.8


def test_a_different_article_on_the_same_event_is_not_a_near_duplicate():
    index = NearDuplicateIndex(0.8)
    index.add("agency", signature(WIRE))
    other = ("Ukraine's power grid came under renewed attack as dozens of Russian drones targeted substations in the "
             "north-east. In Sumy, a regional official described queues at water points. Kyiv called on its allies to "
             "send more air defence systems, saying 55 drones had been launched and most were intercepted.")
    assert index.match(signature(other)) is None


def test_copies_of_a_copy_link_to_the_first_one():
    index = NearDuplicateIndex(0.8)
    index.add("first", signature(WIRE))
    second = WIRE + " Updated."
    m = index.match(signature(second))
    index.add("second", signature(second), m.root)
    third = "Updated: " + WIRE
    assert index.match(signature(third)).root == "first"


def test_signatures_round_trip_through_bytes_and_thresholds_are_checked():
    sig = signature(WIRE)
    assert isinstance(sig, bytes) and len(sig) == 128 * 4
    assert signature(WIRE) == sig
    assert shingles("one two") == {b"one two"} and shingles("") == set()
    with pytest.raises(ValueError):
        NearDuplicateIndex(0)
