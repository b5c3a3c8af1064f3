from crosscheck.nlp import pipeline


def test_pipeline_is_built_once_with_parser_and_ner():
    nlp = pipeline()
    assert nlp is pipeline()
    assert {"parser", "ner", "lemmatizer"} <= set(nlp.pipe_names)
    doc = nlp("Mark Rutte met Donald Trump in Washington.")
    assert any(e.label_ == "PERSON" for e in doc.ents)
