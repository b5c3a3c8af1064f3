"""The pieces of the claim similarity: stems, content words, numbers, rarity-weighted overlap, the weights file."""

from crosscheck.align import similarity as sim


def test_stems_join_inflections_and_drop_possessives():
    assert sim.stem("charges") == sim.stem("charged") == "charg"
    assert sim.stem("Grimm's") == "grimm" and sim.stem("agencies") == "agency"


def test_content_words_and_numbers():
    assert sim.content_words("The FBI said it had indicted a dozen officers") == ["fbi", "indict", "dozen", "officer"]
    assert sim.numbers_in("a dozen officers and 1,200 troops, six killed") == {12.0, 1200.0, 6.0}


def test_rare_words_weigh_more():
    docs = [["grimm", "charg"], ["grimm", "biton"], ["grimm", "court"]]
    rarity = sim.Rarity(docs)
    assert rarity("biton") > rarity("grimm")
    assert sim.word_overlap(["grimm", "biton"], ["biton", "plea"], rarity) > sim.word_overlap(["grimm", "court"], ["grimm", "plea"], rarity)
    assert sim.word_overlap([], ["x"], rarity) == 0.0


def test_weights_are_data_and_combine_monotonically():
    w = sim.weights()
    assert 0 < w.min_meaning < 1 and w.threshold > 0
    low = sim.combine(0.5, 0.2, 0, 0, 0, w)
    assert sim.combine(0.7, 0.2, 0, 0, 0, w) > low and sim.combine(0.5, 0.2, 2, 1, 1, w) > low
    assert not sim.same_fact(w.min_meaning - 0.01, 1.0, 10.0, w)
