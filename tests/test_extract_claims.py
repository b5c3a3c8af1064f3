"""Claims: sentences and coordinated clauses, with their source, actors, numbers, dates, polarity and modality."""

from crosscheck.extract import extract_article
from crosscheck.model import Article


def claims_of(text, published="2014-04-25"):
    ext = extract_article(Article(id="t", text=text, published=published))
    return ext, ext.claims


def test_every_sentence_is_a_claim_with_its_offsets():
    text = ("Rep. Michael Grimm was charged with fraud on Monday. Prosecutors in Brooklyn filed the charges.\n\n"
            "Breaking News\n\nThe congressman denied any wrongdoing.")
    _, claims = claims_of(text)
    assert [c.text for c in claims] == ["Rep. Michael Grimm was charged with fraud on Monday.",
                                        "Prosecutors in Brooklyn filed the charges.",
                                        "The congressman denied any wrongdoing."]  # the heading states nothing
    for c in claims:
        assert text[c.start:c.end] == c.text
    assert claims[0].dates == ["2014-04-21"] and claims[0].timexes


def test_coordinated_clauses_with_their_own_subjects_are_separate_claims():
    _, claims = claims_of("Grimm denied any wrongdoing on Friday, and his lawyer said the congressman would fight the charges.")
    assert len(claims) == 2
    assert claims[0].text.startswith("Grimm denied") and claims[1].text.startswith("his lawyer said")
    _, one = claims_of("Grimm denied the charges and vowed to fight them in court.")  # one subject: one claim
    assert len(one) == 1


def test_attribution_actors_and_numbers():
    ext, claims = claims_of("“We will fight these charges,” said William McGinley, a lawyer for Grimm. "
                            "At least 12 people were killed in the attack on Odesa, officials said.")
    quote, toll = claims
    speaker = ext.actor(quote.source)
    assert speaker is not None and speaker.name == "William McGinley" and quote.quote is not None
    assert toll.quantities and toll.source is None and toll.source_text == "officials"
    names = {ext.actor(a).name for a in quote.actors}
    assert "William McGinley" in names


def test_polarity_and_modality():
    _, claims = claims_of("The FBI has not accused Grimm of any wrongdoing. Prosecutors plan to file charges next week. "
                          "Grimm will appear in court on Monday. The deal would cut taxes if Congress agreed. "
                          "Biton pleaded guilty in August.")
    got = [(c.negated, c.modality) for c in claims]
    assert got == [(True, "happened"), (False, "upcoming"), (False, "upcoming"), (False, "hypothetical"),
                   (False, "happened")]


def test_questions_and_short_fragments_are_not_claims():
    _, claims = claims_of("Why is Trump meeting the NATO chief? Read more. Trump met Mark Rutte at the White House.")
    assert [c.text for c in claims] == ["Trump met Mark Rutte at the White House."]
