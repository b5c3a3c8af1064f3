"""Facts across sources from claims: paraphrases align, one article never agrees with itself, copies count once,
and the odd stories (one article, no dates, two languages, all copies) brief without error."""

from crosscheck.align import build_brief
from crosscheck.align.claimfacts import importance, story_facts, trim
from crosscheck.extract import extract_articles
from crosscheck.model import Article, Story


def items_of(*rows):
    arts = [Article(id=i, text=t, published=p, outlet=o) for i, t, p, o in rows]
    return list(zip(arts, extract_articles(arts), strict=True))


def brief(items, copies=None):
    return build_brief(Story(id="s", articles=[a.id for a, _ in items]), items, copies)


PARAPHRASE = [
    ("fox", "The Justice Department indicted 12 Russian intelligence officers on Friday for hacking Democratic emails. "
            "The weather in Washington was warm.", "2018-07-13", "Fox"),
    ("nyt", "A federal grand jury on Friday accused a dozen Russian intelligence officers of hacking the Democrats' emails. "
            "Mr. Trump is in Britain this week.", "2018-07-13", "NYT"),
]


def test_paraphrases_are_one_fact_and_the_rest_only_in():
    facts = story_facts(items_of(*PARAPHRASE))
    shared = [f for f in facts if len(f.sources) == 2]
    assert len(shared) == 1 and {i.article.id for i in shared[0].items} == {"fox", "nyt"}
    assert "intelligence officers" in shared[0].items[0].claim.text
    assert sum(len(f.sources) == 1 for f in facts) == 2


def test_a_claim_of_two_content_words_links_with_nothing():
    rows = [("x", "The senator spoke for an hour in Denver. And you exemplify it, he told the crowd.", "2014-04-28", "X"),
            ("y", "The senator spoke for an hour in Denver on Monday. And you exemplify it, he told the crowd.", "2014-04-28", "Y")]
    shared = [f for f in story_facts(items_of(*rows)) if len(f.sources) == 2]
    assert len(shared) == 1 and "Denver" in shared[0].items[0].claim.text, [f.items[0].claim.text for f in shared]


def test_two_claims_of_one_article_never_make_an_agreement():
    items = items_of(("a", "Grimm was charged with fraud on Monday. Grimm was charged with fraud on Monday, officials said.",
                      "2014-04-28", "A"))
    b = brief(items)
    assert b.agreements == [] and b.conflicts == []  # one source: nothing to compare
    assert len(b.only_in) == 2 and {o.article for o in b.only_in} == {"a"}  # everything it says is its own
    assert b.facts and all(len(r.cells) == 1 and r.cells[0].status == "reported" for r in b.facts)


def test_articles_without_dates_and_in_two_languages():
    items = items_of(
        ("en", "Prosecutors charged the mayor of Lyon with corruption, officials said.", None, "A"),
        ("en2", "The mayor of Lyon was charged with corruption by prosecutors, officials said.", None, "B"),
        ("fr", "Le maire de Lyon a été mis en examen pour corruption.", None, "C"),
    )
    items[2][0].language = "fr"
    fr = items[2]
    items[2] = (fr[0], type(fr[1])(article=fr[0].meta()))  # not extracted: no claims
    b = brief(items)
    assert any({e.article for e in f.evidence} == {"en", "en2"} for f in b.agreements)
    assert all(t.date is None for t in b.timeline)
    assert all(c.status == "silent" for r in b.facts for c in r.cells if c.article == "fr")


def test_a_story_whose_articles_are_all_copies_has_no_agreements():
    text = PARAPHRASE[0][1]
    items = items_of(("a", text, "2018-07-13", "A"), ("b", text, "2018-07-13", "B"), ("c", text + " More later.", "2018-07-13", "C"))
    b = brief(items, copies={"b": "a", "c": "a"})
    assert b.agreements == [] and not [c for c in b.conflicts if c.kind != "self-claim"]


def test_importance_puts_the_lead_and_named_facts_before_colour():
    items = items_of(("x", "Rep. Michael Grimm was charged with 20 counts of fraud on Monday in Brooklyn. "
                           "I remember my first visit to Staten Island fondly. Click here to subscribe to our newsletter.",
                      "2014-04-28", "X"))
    ranked = sorted((it for f in story_facts(items) for it in f.items), key=importance, reverse=True)
    assert ranked[0].claim.text.startswith("Rep. Michael Grimm") and "subscribe" in ranked[-1].claim.text
    footer = items_of(("y", "Rep. Michael Grimm was charged with 20 counts of fraud on Monday in Brooklyn. "
                            "Mr. Grimm has denied wrongdoing. A version of this article appears in print on April 29, "
                            "2014, on page A1 of the New York edition with the headline: Grimm Is Charged.",
                       "2014-04-28", "Y"))
    ranked = sorted((it for f in story_facts(footer) for it in f.items), key=importance, reverse=True)
    assert "appears in print" in ranked[-1].claim.text


def test_summaries_are_one_trimmed_line_without_dateline():
    assert trim("WASHINGTON — The House   voted\non Friday.") == "The House voted on Friday."
    long = trim("word " * 100)
    assert len(long) <= 221 and long.endswith("…")
    # a clause split from its sentence, or a bulleted line, reads as a sentence of its own
    assert trim("; about 14 percent of it was from Iran") == "About 14 percent of it was from Iran"
    assert trim("-Dick has been a constant champion of veterans.") == "Dick has been a constant champion of veterans."
    assert trim("Plus Obama is nominating Todd Jones") == "Obama is nominating Todd Jones"
    assert trim("Butler said the talks failed.") == "Butler said the talks failed."


def test_a_timeline_line_takes_the_day_one_source_names():
    items = items_of(
        ("m", "The Justice Department charged the former mayor of Newark with bribery in March, officials said.",
         "2014-03-28", "Monthly"),
        ("d", "The Justice Department charged the former mayor of Newark with bribery on Thursday, officials said.",
         "2014-03-28", "Daily"))
    lines = [t for t in brief(items).timeline if len(t.articles) == 2]
    assert len(lines) == 1 and lines[0].date == "2014-03-27" and lines[0].precision == "day", lines


def test_a_count_two_sources_give_is_an_agreement_where_their_sentences_do_not_link():
    items = items_of(
        ("a", "The government said on Sunday that Cyclone Idai had killed 417 people in Sofala province.", "2026-02-01",
         "A"),
        ("b", "Flying over flooded villages near Beira that had no power or water for days, aid workers heard that 417 "
              "people had been killed.", "2026-02-01", "B"))
    assert all(len(f.sources) == 1 for f in story_facts(items))  # the sentences alone do not link
    shared = brief(items).agreements
    assert len(shared) == 1 and {e.article for e in shared[0].evidence} == {"a", "b"} and "417" in shared[0].summary


def test_a_past_day_two_sources_give_is_an_agreement_but_the_publication_day_is_not():
    rows = [("a", "Prosecutors said the money was moved on March 3 through an account the senator controlled in Zurich.",
             "2026-03-20", "A"),
            ("b", "Investigators now know that on March 3 a transfer left a bank in Switzerland for an Austin company.",
             "2026-03-21", "B")]
    items = items_of(*rows)
    assert all(len(f.sources) == 1 for f in story_facts(items))
    assert [{e.article for e in a.evidence} for a in brief(items).agreements] == [{"a", "b"}]
    today = items_of((rows[0][0], rows[0][1], "2026-03-03", "A"), (rows[1][0], rows[1][1], "2026-03-04", "B"))
    assert brief(today).agreements == []  # the news of the day: every story's sentences give it


def test_a_big_fact_grows_only_by_claims_linked_to_a_share_of_it():
    import dataclasses
    from types import SimpleNamespace

    from crosscheck.align import similarity
    from crosscheck.align.claimfacts import Link, _components

    core = [SimpleNamespace(source=f"s{k}") for k in range(4)]  # four sources stating one thing
    loose = [SimpleNamespace(source=f"t{k}") for k in range(4)]  # each loosely like one of them
    links = [Link(a, b, 5.0) for a in range(4) for b in range(a + 1, 4)]
    links += [Link(k, 4 + k, 1.1) for k in range(4)]
    links += [Link(4, 5, 1.1), Link(4, 0, 1.05)]  # t0 and t1 state one thing, and link to half of the core
    base = similarity.weights()
    sizes = {}
    for dense_from in (100, 4):
        facts = _components(core + loose, links, dataclasses.replace(base, dense_from=dense_from, dense_share=0.5))
        sizes[dense_from] = sorted(len(f.items) for f in facts)
    assert sizes[100] == [8]  # no guard: one chain of everything
    assert sizes[4] == [1, 1, 6]  # the core with t0 and t1; t2 and t3, each linked to one of four, stay out


def test_what_a_sentence_adds_to_a_shared_fact_is_only_in_its_source_after_what_it_alone_reports():
    b = brief(items_of(
        ("fox", "The Justice Department indicted 12 Russian intelligence officers on Friday for hacking Democratic "
                "emails, using spear-phishing messages sent from servers rented in Malaysia and paid for in bitcoin. "
                "The weather in Washington was warm.", "2018-07-13", "Fox"),
        ("nyt", "A federal grand jury on Friday accused a dozen Russian intelligence officers of hacking the Democrats' "
                "emails.", "2018-07-13", "NYT"),
    ))
    assert any({e.article for e in f.evidence} == {"fox", "nyt"} for f in b.agreements)
    fox = [o.summary for o in b.only_in if o.article == "fox"]
    assert fox[0].startswith("The weather") and "Malaysia" in fox[1]  # its own sentence first, then what it adds
    assert not [o for o in b.only_in if o.article == "nyt"]  # the NYT sentence adds nothing the Fox one lacks


def _one_fact_per_claim(items):
    from crosscheck.align.claimfacts import ClaimFact, claim_items
    return [ClaimFact(items=[c]) for a, e in items for c in claim_items(a, e)]


def test_one_happening_in_other_words_is_an_agreement_when_its_reports_are_near_in_time():
    from crosscheck.align.claimfacts import facts_of_events
    from crosscheck.align.facts import event_items
    rows = [("a", "Rutte arrived in Washington on Tuesday, following President Donald Trump's recent call with Vladimir "
                  "Putin that stalled over ceasefire terms.", "2025-10-22", "A"),
            ("b", "Just days earlier, Trump had spoken by phone with Russian leader Vladimir Putin.", "2025-10-22", "B")]
    items = items_of(*rows)
    events = [it for a, e in items for it in event_items(a, e)]
    found = facts_of_events(events, _one_fact_per_claim(items))
    assert [sorted(i.article.id for i in f.items) for f in found] == [["a", "b"]]
    assert "call with Vladimir Putin" in found[0].items[0].claim.text + found[0].items[1].claim.text
    # the same two people on the phone in reports two years apart are two calls
    far = items_of(rows[0], (*rows[1][:2], "2023-01-05", "B"))
    events = [it for a, e in far for it in event_items(a, e)]
    assert facts_of_events(events, _one_fact_per_claim(far)) == []


def test_a_broad_happening_needs_a_day_both_sources_give():
    from crosscheck.align.claimfacts import facts_of_events
    from crosscheck.align.facts import event_items
    rows = [("a", "Markets were calm. Donald Trump met Vladimir Putin to discuss the war.", "2025-10-22", "A"),
            ("b", "Oil rose. Vladimir Putin and Donald Trump met in a tense session about energy prices.", "2025-10-22", "B")]
    items = items_of(*rows)
    events = [it for a, e in items for it in event_items(a, e)]
    assert [ev.obj.mode for ev in events] == ["meet"] * 2
    assert len(facts_of_events(events, _one_fact_per_claim(items))) == 1  # the day both give
    for ev in events:
        ev.obj.date = None  # "met" without a day: any of their meetings
    assert facts_of_events(events, _one_fact_per_claim(items)) == []


def test_stored_claim_embeddings_are_used_and_give_the_same_facts(monkeypatch):
    import numpy as np

    from crosscheck.align import claimfacts
    from crosscheck.embed import embed

    items = items_of(*PARAPHRASE)
    computed = claimfacts.claim_vectors([it for a, e in items for it in claimfacts.claim_items(a, e)])
    # the vectors compared are the embeddings at float16 precision, as the store keeps them
    texts = [it.claim.text for a, e in items for it in claimfacts.claim_items(a, e)]
    assert np.array_equal(computed, embed(texts).astype("<f2").astype(np.float32))
    stored = {a.id: {c.id: v for c, v in zip(e.claims, embed([c.text for c in e.claims]).astype("<f2").astype(np.float32),
                                              strict=True)} for a, e in items}
    want = brief(items).model_dump_json()
    calls = []
    real = claimfacts.embed
    monkeypatch.setattr(claimfacts, "embed", lambda t: calls.append(t) or real(t))
    story = Story(id="s", articles=[a.id for a, _ in items])
    assert build_brief(story, items, None, stored).model_dump_json() == want and calls == []
    # an article without stored vectors has its claims embedded now
    partial = {k: v for k, v in stored.items() if k == "fox"}
    assert build_brief(story, items, None, partial).model_dump_json() == want
    assert calls and all(len(t) <= len(items[1][1].claims) for t in calls)  # nyt's claims alone
    # and a stored vector is what is compared: a claim given another claim's vector links differently
    swapped = {a: dict(v) for a, v in stored.items()}
    fox_claims = list(swapped["fox"])
    swapped["fox"][fox_claims[0]] = swapped["fox"][fox_claims[-1]]
    assert build_brief(story, items, None, swapped).model_dump_json() != want
