from crosscheck.extract import actors, quotes
from tests.conftest import make_ctx


def run(text):
    ctx = make_ctx(text)
    table = actors.extract(ctx)
    qs = quotes.extract(ctx, table)
    recs, ids = actors.to_records(ctx, table)
    names = {}
    for q in qs:
        if q.speaker and q.speaker.startswith("@"):
            names[q.id] = recs[[ids[i] for i in ids].index(ids[int(q.speaker[1:])])].name
    return qs, names


def test_direct_quote_with_cue_after_and_pronoun_continuation():
    text = ("“I have total confidence in President Trump,” Rutte told reporters. He added, “He’s the only one who can get "
            "this done.”")
    qs, names = run(text)
    assert [q.text for q in qs] == ["I have total confidence in President Trump", "He’s the only one who can get this done."]
    assert set(names.values()) == {"Rutte"} or set(names.values()) == {"Mark Rutte"}
    assert all(q.direct and q.cue in ("told", "added") for q in qs)


def test_description_speaker_is_kept_as_text():
    qs, names = run("As a senior U.S. official told Fox News, “Secretary Rubio and Foreign Minister Lavrov had a productive call.”")
    q = qs[0]
    assert q.speaker_text == "a senior U.S. official" and q.id not in names


def test_reported_speech_and_according_to():
    qs, _ = run("The NATO chief said he initiated the meeting. According to Fox News, the meeting was set for 4 p.m.")
    texts = {q.text: q for q in qs}
    assert "he initiated the meeting" in texts and not texts["he initiated the meeting"].direct
    acc = next(q for q in qs if q.cue == "according to")
    assert acc.speaker_text == "Fox News" and acc.text.startswith("the meeting was set")


def test_scare_quote_is_not_a_quotation():
    qs, _ = run("Trump’s “tough” meeting with Zelenskyy set the stage.")
    assert qs == []


def test_quote_offsets_are_exact():
    text = "“They can negotiate something later on down the line,” Trump said."
    qs, _ = run(text)
    assert text[qs[0].start:qs[0].end] == qs[0].text
    assert text[qs[0].speaker_start:qs[0].speaker_end] == "Trump"


def _quotes(text):
    from crosscheck.extract import actors, quotes
    from tests.conftest import make_ctx
    ctx = make_ctx(text)
    return quotes.extract(ctx, actors.extract(ctx))


def test_beliefs_intentions_and_stances_are_attributions():
    qs = {q.text: q.speaker_text for q in _quotes(
        "Most economists believe the slowdown will last into next year. "
        "The governor wants to triple the size of the program. "
        "Senator Warren called for a ban on stock trading by members of Congress. "
        "The report cited the upcoming election as a reason for the delay.")}
    assert qs.get("the slowdown will last into next year") == "Most economists"
    assert qs.get("to triple the size of the program") == "The governor"
    assert any(t.startswith("a ban on stock trading") for t in qs)
    assert any(t.startswith("the upcoming election") for t in qs)


def test_a_parenthetical_cue_attributes_the_whole_sentence():
    qs = _quotes("Too often, Mr. Clarke said, the debate over the future of coal is infected with tribalism.")
    assert any("the debate over the future of coal" in q.text and q.speaker_text == "Mr. Clarke" for q in qs)


def test_a_quote_interrupted_by_its_speaker_is_one_quote():
    qs = _quotes("“That is Mexico’s vulnerability,” said Luis Rubio, who heads a research centre, “and also its strength.”")
    assert len(qs) == 1 and qs[0].text.endswith("and also its strength.") and qs[0].speaker_text == "Luis Rubio"


def test_transcript_turns_and_quotes_introduced_with_a_colon():
    qs = {q.text[:20]: q.speaker_text for q in _quotes(
        "PENCE: Well, the question really should be why the emails were deleted in the first place.\n"
        "Key milestones: none of them were met on time by the committee.\n"
        "Sanchez told the crowd: “Trump must stop portraying Latinos as dangerous people.”")}
    assert qs.get("Well, the question r") == "PENCE"
    assert qs.get("Trump must stop port") == "Sanchez"
    assert not any(k.startswith("none of them") for k in qs)


def test_a_source_written_entirely_in_quotation_marks_does_not_break_extraction():
    qs = _quotes('The plan will cost billions, according to "The Budget Office", which published it on Monday.')
    assert isinstance(qs, list)


def test_a_quotation_resumed_after_its_attribution_is_one_statement():
    text = ("“These are strange days,” said Peter Morgan, a lawyer for the Sierra Club. “I don't know what his intentions "
            "are. But I am skeptical he can pull it off.”")
    qs, names = run(text)
    assert len(qs) == 1 and qs[0].text.startswith("These are strange days") and qs[0].text.endswith("pull it off.")
    assert qs[0].speaker_text == "Peter Morgan" and qs[0].direct
    # a second passage with its own cue stays a quote of its own
    qs, _ = run("“We will win,” Rutte said. He added, “Nobody doubts it.”")
    assert [q.text for q in qs] == ["We will win", "Nobody doubts it."]


def test_typewritten_double_quotes():
    qs, _ = run("''A museum alone will not alleviate poverty,'' he said on Saturday.")
    assert qs[0].text == "A museum alone will not alleviate poverty" and qs[0].direct and qs[0].cue == "said"


def test_a_trailing_cue_attributes_everything_before_its_comma():
    text = "Clinton had told police that she did not want the escort, but the NYPD overruled that request, the source added."
    qs, _ = run(text)
    whole = next(q for q in qs if q.cue == "added")
    assert whole.text == "Clinton had told police that she did not want the escort, but the NYPD overruled that request"
    assert whole.speaker_text == "the source"


def test_a_quoted_phrase_inside_reported_speech_is_the_whole_clause():
    qs, _ = run("Donald Trump says the United States’ military is “depleted” and weak.")
    q = next(q for q in qs if q.cue == "says")
    assert q.text == "the United States’ military is “depleted” and weak" and not q.direct


def test_a_sentence_quoted_again_on_its_own_is_a_quote_of_its_own():
    text = ("He added, “I have total confidence in President Trump. He’s the only one who can get this done.” Later, "
            "“He’s the only one who can get this done,” Rutte insisted.")
    qs, _ = run(text)
    texts = [q.text for q in qs]
    assert texts.count("He’s the only one who can get this done.") + texts.count("He’s the only one who can get this done") == 2
    assert "I have total confidence in President Trump." in texts


def test_a_person_as_object_is_not_what_was_said():
    qs, _ = run("President Donald Trump welcomed NATO Secretary General Mark Rutte to the White House for a meeting.")
    assert qs == []
    qs, _ = run("He blasted the American media for being dishonest.")
    assert qs[0].text == "the American media for being dishonest"


def test_speakers_after_a_question_mark_a_dash_or_a_transcript_label():
    qs, _ = run("“Why isn't this proof that Wells is too big to manage?” Vitter demanded.")
    assert qs[0].speaker_text == "Vitter" and qs[0].text.startswith("Why isn't this proof")
    qs, _ = run("Readers wrote in.\n“Maybe we can build a wall around the whole campaign.” ― Steve Quinlan\n")
    assert qs[0].speaker_text == "Steve Quinlan"
    qs, _ = run("The transcript:\n\n“WALLACE: Let's start with breaking news on the debate story tonight.”\n")
    assert qs[0].speaker_text == "WALLACE" and qs[0].text.startswith("Let's start")


def test_a_short_unattributed_fragment_is_a_term_not_a_quotation():
    qs, _ = run("The two presidents introduced the “War On Drugs,” which failed.")
    assert qs == []


def test_a_clause_the_parser_hung_on_the_cue_still_belongs_to_what_was_said():
    qs, _ = run("The mayor said that it was too early to tell, and there was no evidence yet of terrorism.")
    q = next(q for q in qs if q.cue == "said")
    assert q.text.startswith("it was too early") and q.text.endswith("of terrorism")


def test_a_label_keeps_whom_it_names_and_its_closing_mark():
    qs, _ = run("He called a former Miss Universe “disgusting” and left the stage.")
    assert qs[0].text == "a former Miss Universe “disgusting”" and not qs[0].direct


def test_with_a_clause_on_each_side_what_is_said_follows_the_cue():
    qs, names = run("Writing for a Los Angeles Times panel that all agreed Pence won the debate, Mark Z. Barabak noted that "
                    "the way Pence carried himself was critical to his success.")
    assert [q.text for q in qs] == ["the way Pence carried himself was critical to his success"]
    assert qs[0].speaker_text == "Mark Z. Barabak"


def test_the_cue_whose_clause_holds_a_quoted_phrase_is_its_attribution():
    qs, _ = run("Donald Trump is telling a veterans group that the United States’ military is “depleted” and says he "
                "will expand the nation’s armed forces.")
    assert [(q.text, q.cue) for q in qs] == [("the United States’ military is “depleted”", "telling"),
                                             ("he will expand the nation’s armed forces", "says")]


def test_two_quoted_phrases_in_a_that_clause_the_parser_took_for_an_adverbial_are_one_statement():
    qs, _ = run("Trump tweeted in the early morning hours that Machado was “disgusting” and “a con” and encouraged "
                "Americans to watch.")
    assert len(qs) == 1 and qs[0].text.startswith("Machado was “disgusting” and “a con”") and qs[0].cue == "tweeted"


def test_a_quoted_title_outside_any_clause_is_not_a_quote():
    qs, _ = run("The senator appeared on “Morning Joe” and said the vote was close.")
    assert [q.text for q in qs] == ["the vote was close"]


def test_a_speaker_the_parser_left_off_the_cue_and_a_quoted_title_inside_the_attribution():
    qs, names = run("“He's absolutely right. There's a severe disconnect between this White House and our military,” "
                    "Flynn, a top Trump surrogate, said Thursday morning on Fox News’s “Fox and Friends.” “I mean, "
                    "there's a lot of frustration within the ranks.”")
    assert len(qs) == 1 and qs[0].direct and qs[0].speaker_text == "Flynn"
    assert qs[0].text.startswith("He's absolutely right") and qs[0].text.endswith("frustration within the ranks.")


def test_what_a_stance_is_about_after_a_preposition():
    qs, _ = run("Trump has also commented on the shooting death of Terence Crutcher.")
    assert [(q.text, q.cue) for q in qs] == [("the shooting death of Terence Crutcher", "commented")]


def test_nouns_that_carry_an_attribution():
    qs, names = run("Trump’s claim that there have been thousands of shootings in Chicago this year was false. The "
                    "governor issued a statement that the budget would be balanced. The ministry made an announcement "
                    "on Monday.")
    got = {q.text: q for q in qs}
    claim = got["there have been thousands of shootings in Chicago this year"]
    assert claim.cue == "claim" and names[claim.id] == "Donald Trump" and not claim.direct
    assert got["the budget would be balanced"].speaker_text == "The governor"
    assert not any("Monday" in t for t in got)  # a time is not what was announced


def test_what_was_said_goes_on_after_a_parenthetical_attribution():
    qs, _ = run("The middle one-fifth paid 8.9 percent, the agency said in a June report, and those in the bottom "
                "fifth of incomes paid 0.8 percent.")
    assert len(qs) == 1 and qs[0].speaker_text == "the agency"
    assert qs[0].text.startswith("The middle one-fifth") and qs[0].text.endswith("paid 0.8 percent")


def test_reported_speech_inside_another_attribution_is_part_of_it():
    qs, _ = run("Machado promised to continue supporting Clinton. The leaders agreed to discuss their own ideas and "
                "refrain from attacking each other.")
    assert [(q.text, q.cue) for q in qs] == [
        ("to continue supporting Clinton", "promised"),
        ("to discuss their own ideas and refrain from attacking each other", "agreed")]


def test_what_is_expected_of_a_passive_subject_includes_it():
    qs, _ = run("About one of every nine voters this fall is expected to be Latino.")
    assert len(qs) == 1 and qs[0].text.startswith("About one of every nine voters") and qs[0].speaker is None


def test_the_object_of_a_stance_keeps_what_the_parser_hung_on_the_verb_but_not_time_or_channel():
    qs, _ = run("Trump cited his own endorsements from 88 generals and admirals in a statement on Tuesday.")
    assert [q.text for q in qs] == ["his own endorsements from 88 generals and admirals"]


# issue 16: speakers named after an inverted cue, and introduced by the sentence before (sentences written here)


def test_speaker_named_after_an_inverted_cue():
    qs, names = run("“Prices will rise,” warned economist Lena Holt of Nordbank.")
    assert len(qs) == 1 and names.get(qs[0].id) == "Lena Holt"


def test_speaker_introduced_by_the_sentence_before():
    qs, names = run("Jonas Berg, the mayor, spoke to the crowd. “Nobody will be left behind.”")
    assert len(qs) == 1 and names.get(qs[0].id) == "Jonas Berg"
    # a new paragraph does not inherit it
    qs, names = run("Jonas Berg, the mayor, spoke to the crowd.\n\n“Nobody will be left behind.”")
    assert not any(names.get(q.id) == "Jonas Berg" for q in qs)
