from crosscheck.extract import extract_article, extract_doc
from crosscheck.model import Article
from crosscheck.nlp import pipeline


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


def _events(text, published="1999-10-01"):
    e = extract_doc(pipeline()(text), Article(id="x", text=text, published=published))
    names = {a.id: (a.name, a.country) for a in e.actors}
    return [(v.type, [names[i] for i in v.actor], [names[i] for i in v.recipient]) for v in e.events]


def test_intentions_take_the_type_plover_gives_them():
    assert any(t == "AGREE" for t, _, _ in _events("The United Nations will provide 25,000 tons of food aid to Liberia."))
    assert any(t == "THREATEN" for t, _, _ in _events("Farmers said they would blockade Paris from Monday night."))


def test_an_offer_takes_the_recipient_of_what_is_offered():
    evs = _events("On September 29, Putin offered to negotiate with the president of Armenia.")
    assert any(t == "AGREE" and ("Armenia", "ARM") in r for t, _, r in evs), evs


def test_an_organisation_named_after_a_place_belongs_to_its_country():
    evs = _events("Doctors from two American aid groups delivered goods to Baghdad University Medical College.")
    assert any(t == "AID" and r and r[0][1] == "IRQ" for t, _, r in evs), evs


def test_season_and_quarter_dates_become_ranges():
    from crosscheck.extract.events import calendar_of
    assert calendar_of("2015-WI") == (None, ["2015-12-01", "2016-02-29"])
    assert calendar_of("2015-Q3") == (None, ["2015-07-01", "2015-09-30"])
    assert calendar_of("2025-W42") == (None, ["2025-10-13", "2025-10-19"])
    assert calendar_of("2025-10-22T16:00") == ("2025-10-22", None) and calendar_of("PAST_REF") == (None, None)


# ---------------------------------------------------------------- one record per happening, and only happenings


def test_later_mentions_of_one_visit_are_one_event():
    evs = events("President Donald Trump welcomed NATO Secretary General Mark Rutte to the White House on Wednesday. "
                 "Rutte’s trip to Washington drew wide attention. Rutte’s visit comes after a Russian attack.")
    visits = [x for x in evs if x[0] == "CONSULT"]
    assert len(visits) == 1 and visits[0][3].date == "2025-10-22"


def test_mentions_with_another_date_stay_apart():
    evs = events("Mark Rutte visited Washington on Wednesday. By March, Rutte visited Washington to discuss spending.")
    assert sorted(x[3].date for x in evs if x[0] == "CONSULT") == ["2025-03", "2025-10-22"]


def test_what_a_request_asks_for_is_not_a_second_event():
    evs = events("Ukrainian President Volodymyr Zelenskyy is pushing for more robust support from NATO.")
    assert [x[0] for x in evs] == ["REQUEST"]


def test_a_host_of_the_same_type_takes_the_nouns_participants():
    evs = events("Russia launched an attack on Kyiv on Tuesday.")
    assert [(t, a, r) for t, a, r, _ in evs] == [("ASSAULT", ["Russia"], ["Ukraine"])]


def test_a_kind_of_act_is_not_an_event_but_a_dated_one_is():
    assert events("Russian strikes are intensifying, and Western aid keeps flowing.") == []
    assert [x[0] for x in events("Russian strikes on Monday hit Kyiv.")] == ["ASSAULT"]


def test_venue_is_where_a_meeting_happened_not_who_met():
    evs = events("Donald Trump met Mark Rutte. The White House meeting was set for 4 p.m.")
    assert all("White House" not in a + r for _, a, r, _ in evs)


def test_stance_and_role_describe_acts_without_reporting_them():
    assert events("Trump made headlines for his evolving stance on supporting Ukraine militarily.") == []


def test_answers_under_questions_and_headings_are_not_reports():
    text = ("Donald Trump met Mark Rutte on Wednesday.\nPeople Also Ask\nWhat does NATO do?\n"
            "NATO provides support to Ukraine and trains its troops.\nTrump Meets Putin\nIt was a long day.")
    evs = events(text)
    assert [(t, a, r) for t, a, r, _ in evs] == [("CONSULT", ["Donald Trump"], ["Mark Rutte"])]


def test_a_verbs_object_decides_its_sense():
    assert events("Donald Trump struck a conciliatory tone with Vladimir Putin.") == []
    assert [x[0] for x in events("Russia struck a deal with Ukraine.")] == ["AGREE"]
    assert [x[0] for x in events("The International Red Cross offers humanitarian insights to Ukraine.")] == []


def test_relative_clause_names_who_took_part_and_including_adds_members():
    evs = events("Rutte has met Donald Trump before, including a July 2025 White House visit where they hashed out transfers.")
    assert any(e.date == "2025-07" and {"Mark Rutte", "Donald Trump"} <= set(a + r) for _, a, r, e in evs)
    evs = events("European leaders, including Mark Rutte, pushed for security guarantees.")
    assert any(t == "REQUEST" and "Mark Rutte" in a for t, a, _, _ in evs)


def test_plans_called_off_are_a_rejection_between_the_planned_sides():
    evs = events("Donald Trump spoke with Vladimir Putin, and there had been plans for a second Trump-Putin summit in "
                 "Budapest. However, those plans were abruptly shelved.")
    summit = next(e for t, _, _, e in evs if e.mode == "summit")
    assert summit.modality == "future"
    assert any(t == "REJECT" and a == ["Donald Trump"] and r == ["Vladimir Putin"] and e.mode == "call off summit"
               for t, a, r, e in evs)


def test_a_postponed_summit_was_planned_and_called_off():
    evs = events("Rutte’s visit comes hot on the heels of Donald Trump’s postponed summit with Vladimir Putin.")
    assert any(t == "REJECT" and a == ["Donald Trump"] and r == ["Vladimir Putin"] for t, a, r, _ in evs)
    assert any(t == "CONSULT" and e.mode == "summit" and e.modality == "future" for t, _, _, e in evs)


def test_they_inside_a_quote_is_not_its_speaker():
    evs = events("“They are attacking food, not soldiers,” Andrii Sybiha said. Russia announced that it had struck a port.")
    assert not any("Andrii Sybiha" in a for _, a, _, _ in evs)
    assert any(t == "ASSAULT" and a == ["Russia"] for t, a, _, _ in evs)


def test_a_killing_that_lost_its_subject_is_the_strike_named_before_it():
    evs = events("Turkish and Ukrainian negotiators met United Nations officials in Geneva on Tuesday, a day after a "
                 "Russian missile strike on the port of Odesa killed at least 12 people.")
    assault = [(a, e) for t, a, _, e in evs if t == "ASSAULT"]
    assert len(assault) == 1 and assault[0][0] == ["Russia"] and assault[0][1].quantities


def test_recipients_one_step_further_out():
    """With no object of its own, the act is aimed at the subject of what is demanded, a prepositional phrase of the
    verb, the object of a purpose clause, or the one a threat's condition is on."""
    cases = {
        "The United States on Thursday demanded that North Korea forsake its nuclear program.": ("REQUEST", "North Korea"),
        "Serbia lodged an official protest with Albania today.": ("PROTEST", "Albania"),
        "The Azerbaijani parliament threatened on Monday to break relations with Russia.": ("THREATEN", "Russia"),
        "Syrian villagers threatened today to hold a general strike unless Israel rescinded the annexation.": ("THREATEN", "Israel"),
    }
    for text, (kind, target) in cases.items():
        evs = _events(text)
        assert any(t == kind and target in [name for name, _ in r] for t, _, r in evs), (text, evs)


def test_people_located_in_a_place_and_an_unknown_office_holder_take_its_country():
    evs = _events("Demonstrators in Baghdad blocked a road to show their disapproval of the United States' policies.")
    assert any(a and a[0][1] == "IRQ" for _, a, _ in evs), evs
    evs = _events("Ousted President Askar Akayev has agreed to resign without returning to Kyrgyzstan.")
    assert any(a and a[0] == ("Askar Akayev", "KGZ") for _, a, _ in evs), evs
    # two countries in the sentence: no guess
    evs = _events("President Askar Akayev criticized Russia and China on Monday.")
    assert all(a[0][1] is None for _, a, _ in evs if a and a[0][0] == "Askar Akayev"), evs


def test_naming_something_is_not_an_act():
    evs = _events("Zelenskyy called the strike a deliberate attack on the world's food supply.")
    assert not any(t == "CONSULT" for t, _, _ in evs), evs


def test_a_protest_without_a_target_is_aimed_at_the_state_where_it_happens_or_its_own():
    evs = _events("Palestinian prisoners rioted Monday at this jail in northern Israel.")
    assert ("PROTEST", [("Palestinian prisoners", "PSE")], [("Israel", "ISR")]) in evs, evs
    evs = _events("Algerian landowners began a hunger strike outside Parliament.")
    assert ("PROTEST", [("Algerian landowners", "DZA")], [("Algeria", "DZA")]) in evs, evs


def test_recipients_in_a_dative_phrase_and_deeper_in_the_objects_phrases():
    evs = _events("The United States is providing aerial photographs and other military intelligence to Macedonia.")
    assert ("AID", [("United States", "USA")], [("North Macedonia", "MKD")]) in evs, evs
    evs = _events("Britain mobilized army reservists for a possible war against Iraq on Tuesday.")
    assert ("MOBILIZE", [("United Kingdom", "GBR")], [("Iraq", "IRQ")]) in evs, evs


def test_actors_of_an_article_about_one_country_and_a_title_with_adjectives():
    evs = _events("The Ivory Coast's Supreme Court decided to allow candidate Alassane Ouattara to participate in the "
                  "country's upcoming elections.")
    assert any(a == [("Supreme Court", "CIV")] and r == [("Alassane Ouattara", "CIV")] for _, a, r in evs), evs
    evs = _events("Syria has again offered its troops to Lebanon's new President Elias Hrawi.")
    assert any(r == [("Elias Hrawi", "LBN")] for _, _, r in evs), evs


def test_a_threat_is_aimed_at_the_one_its_condition_is_on_and_never_at_its_maker():
    evs = _events("Russia threatened to cut gas supplies to Europe if Moldova joined the alliance.")
    assert ("THREATEN", [("Russia", "RUS")], [("Moldova", "MDA")]) in evs, evs
    # "its conflict": the threatening side is not its own recipient, the one named further on is
    evs = _events("Egypt threatened to launch an offensive in its conflict with Libya.")
    assert ("THREATEN", [("Egypt", "EGY")], [("Libya", "LBY")]) in evs, evs


def test_objects_the_parser_misplaced_still_name_the_recipient():
    # a heavy object written after an "as" phrase, parsed as that phrase's appositive
    evs = _events("Greece condemned as a dangerous provocation Turkey's military exercises in the Aegean.")
    assert ("ACCUSE", [("Greece", "GRC")], [("Turkey", "TUR")]) in evs, evs
    # a preposition left without its object ("officers" parsed as the subject of "holed")
    evs = _events("Chile has granted asylum to three Bolivian army officers holed up in an embassy since the coup.")
    assert ("AID", [("Chile", "CHL")], [("Bolivian army officers", "BOL")]) in evs, evs


def test_who_is_summoned_hears_the_complaint_and_a_things_maker_is_its_party():
    evs = _events("Poland summoned Belarus's ambassador Igor Petrov to complain about the border incident.")
    assert any(t == "ACCUSE" and a == [("Poland", "POL")] and r and r[0][1] == "BLR" for t, a, r in evs), evs
    evs = _events("The Palestinians rejected proposed Israeli changes to the agreement.")
    assert ("REJECT", [("Palestinians", "PSE")], [("Israel", "ISR")]) in evs, evs


def test_event_nouns_take_the_recipient_their_verb_names_or_the_place_force_is_used_in():
    evs = _events("Prosecutor Maria Lopez opened corruption investigations against 12 Peruvian officials.")
    assert ("ACCUSE", [("Maria Lopez", "PER")], [("Peruvian officials", "PER")]) in evs, evs
    evs = _events("Israel reimposed a blockade in the West Bank on Friday.")
    assert ("COERCE", [("Israel", "ISR")], [("West Bank", "PSE")]) in evs, evs
    evs = _events("The United States sped up the withdrawal of its forces from Somalia on Wednesday.")
    assert ("RETREAT", [("United States", "USA")], [("Somalia", "SOM")]) in evs, evs
    # a meeting needs no recipient beyond its participants, and a place is not whom a strike is against
    evs = _events("There were plans for a Trump-Putin summit in Budapest.", published="2025-10-22")
    assert all(not r for t, _, r in evs if t == "CONSULT"), evs
    evs = _events("Algerian landowners began a hunger strike outside Parliament.")
    assert not any(r == [("Parliament", "DZA")] for _, _, r in evs), evs


def test_a_participle_after_an_attack_tells_its_toll_and_the_passive_subject_was_attacked():
    text = "A refugee camp for Sudanese families was attacked by Chadian militiamen, killing 40 people."
    ext = extract_article(Article(id="p", text=text, published="1999-10-01"))
    names = {a.id: (a.name, a.country) for a in ext.actors}
    assaults = [e for e in ext.events if e.type == "ASSAULT"]
    assert len(assaults) == 1 and assaults[0].quantities, ext.events
    assert [names[i] for i in assaults[0].actor] == [("Chadian militiamen", "TCD")]
    assert [names[i][1] for i in assaults[0].recipient] == ["SDN"]
    evs = _events("Vietnamese forces launched rocket fire against Kampuchean camps near the border, killing 50.")
    assert ("ASSAULT", [("Vietnamese forces", "VNM")], [("Kampuchea", "KHM")]) in evs, evs


# issue 16: the wording wire copy uses for each type, in sentences written for these tests


def test_nominal_criticism_and_condemnation_are_accusations():
    evs = events("Germany's foreign minister voiced strong criticism of the Turkish military operation in Syria.")
    assert any(t == "ACCUSE" and a == ["Germany"] and r == ["Turkey"] for t, a, r, _ in evs)
    evs = events("The Dutch government issued a sharp condemnation of the coup in Mali.")
    assert any(t == "ACCUSE" for t, _, _, _ in evs)


def test_rebuke_and_deplore_are_accusations():
    evs = events("Chile rebuked Peru on Monday over the fishing dispute.")
    assert any(t == "ACCUSE" and a == ["Chile"] and r == ["Peru"] for t, a, r, _ in evs)
    evs = events("Norway deplored the expulsion of its diplomats by Belarus.")
    assert any(t == "ACCUSE" and a == ["Norway"] for t, a, r, _ in evs)


def test_clashes_and_captures_are_assaults():
    evs = events("Sudanese troops clashed with Chadian rebels near the border.")
    assert any(t == "ASSAULT" and "Chad" in str(r) for t, a, r, _ in evs)
    evs = events("Ethiopian forces captured two towns in Somalia on Sunday.")
    assert any(t == "ASSAULT" and r == ["Somalia"] for t, a, r, _ in evs)


def test_contributed_troops_and_signed_pacts():
    evs = events("Kenya contributed 500 troops to the peacekeeping force in Somalia.")
    assert any(t == "AID" and a == ["Kenya"] for t, a, r, _ in evs)
    evs = events("Brazil and Argentina signed a trade pact on Friday.")
    assert any(t == "AGREE" and set(a) | set(r) == {"Brazil", "Argentina"} for t, a, r, _ in evs)


def test_a_participle_before_its_noun_is_no_event():
    evs = events("Police in Oslo questioned the alleged bombers of the embassy.")
    assert not any(t == "ACCUSE" for t, _, _, _ in evs)


def test_an_obligation_in_reported_speech_is_a_demand():
    evs = events("Canada said on Monday that Venezuela must release the detained journalists.")
    assert any(t == "REQUEST" and a == ["Canada"] and r == ["Venezuela"] for t, a, r, _ in evs)
    evs = events("Hungary said it must protect its borders.")
    assert not any(t == "REQUEST" for t, _, _, _ in evs)


def test_an_act_announced_on_condition_is_a_threat():
    evs = events("Kenya said it will withdraw its troops from Somalia unless the government pays their salaries.")
    assert any(t == "THREATEN" and a == ["Kenya"] for t, a, r, _ in evs)
    assert not any(t == "AGREE" for t, _, _, _ in evs)


def test_imposing_curbs_strengthening_forces_strikes_and_cutting_aid():
    evs = events("Bolivia imposed a curfew and restrictions on travel in La Paz on Monday.")
    assert any(t == "COERCE" and a == ["Bolivia"] for t, a, r, _ in evs)
    evs = events("Turkey has strengthened its forces in northern Syria, officials said.")
    assert any(t == "MOBILIZE" and a == ["Turkey"] for t, a, r, _ in evs)
    evs = events("Greek unions staged a general strike against the government on Thursday.")
    assert any(t == "PROTEST" for t, _, _, _ in evs)
    evs = events("Sweden cut aid to Zambia on Friday.")
    assert any(t == "SANCTION" and a == ["Sweden"] and r == ["Zambia"] for t, a, r, _ in evs)


def test_people_throughout_a_country_act_for_it():
    evs = events("Thousands of students across Chile staged demonstrations on Saturday to demand free tuition.")
    assert any(t == "PROTEST" and a == ["Chile"] for t, a, r, _ in evs)
