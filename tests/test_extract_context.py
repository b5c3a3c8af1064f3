from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from crosscheck.extract.context import parse_published, quote_spans
from tests.conftest import make_ctx


def test_parse_published_formats():
    assert parse_published("2025-10-22") == date(2025, 10, 22)
    assert parse_published("2025-10-22T16:00:00Z") == date(2025, 10, 22)
    assert parse_published("October 22, 2025") == date(2025, 10, 22)
    assert parse_published(None) is None and parse_published("not a date") is None


def test_quote_spans_straight_curly_and_unclosed():
    text = 'He said “yes, now.” Then "no".\n“An unclosed one\nNext line.'
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ["yes, now.", "no", "An unclosed one"]


def test_context_marks_quoted_tokens():
    ctx = make_ctx("Rutte said “we agree” today.")
    quoted = [t.text for t in ctx.doc if ctx.quoted[t.i]]
    assert quoted == ["we", "agree"]


def test_quote_spans_typewritten_double_quotes():
    text = "''It was destined to fail,'' he said. Rock 'n' roll isn''t quoted."
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["It was destined to fail,"]


@given(st.text(alphabet="ab \n'\"“”«»„x.", max_size=60))
def test_quote_spans_are_ordered_and_inside_one_paragraph(text):
    spans = quote_spans(text)
    assert all(0 < s < e <= len(text) for s, e in spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))
    assert all("\n" not in text[s:e] for s, e in spans)
    assert all(text[s - 1] in "“\"«„'" for s, _ in spans)


def test_the_token_list_is_made_once_and_holds_the_documents_tokens():
    from tests.conftest import make_ctx

    ctx = make_ctx("Rutte met Trump in Washington. They spoke for an hour.")
    assert ctx.tokens is ctx.tokens
    assert [t.i for t in ctx.tokens] == list(range(len(ctx.doc)))
    assert [t.text for t in ctx.tokens] == [t.text for t in ctx.doc]
