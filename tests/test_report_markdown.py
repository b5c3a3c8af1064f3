from crosscheck.model import Brief, Conflict, Evidence, SourceCard, SourceEvidence, Story
from crosscheck.report.markdown import brief_markdown


def test_brief_markdown_cites_sources_and_neutralises_markup():
    ev = Evidence(article="a", text="<script>alert(1)</script> six [dead](http://x)", start=5, end=40)
    b = Brief(story=Story(id="s", title="T <b>", articles=["a"]), summary="<img src=x onerror=alert(1)>",
              conflicts=[Conflict(kind="number", summary="6 against 8", sides=[ev])],
              sources=[SourceCard(article="a", outlet="Herald", score=0.5, evidence=SourceEvidence())])
    md = brief_markdown(b)
    assert "<script>" not in md and "<img" not in md and "[dead](" not in md
    assert "Herald @5" in md and "## Conflicts" in md and "| Herald (`a`) | 0.50 |" in md


def test_brief_markdown_shows_the_fact_matrix_and_undated_lines():
    from crosscheck.model import FactCell, FactRow, TimelineEntry

    ev = Evidence(article="a", text="The port was struck.", start=0, end=20)
    b = Brief(story=Story(id="s", title="T", articles=["a", "b"]), summary="s",
              timeline=[TimelineEntry(date=None, type="claim", summary="The port was struck <b>", articles=["a"])],
              facts=[FactRow(id="f1", kind="claim", summary="The port | was struck",
                             cells=[FactCell(article="a", status="reported", evidence=[ev]),
                                    FactCell(article="b", status="contradicts", evidence=[ev])])],
              sources=[SourceCard(article="a", outlet="Herald", score=0.5, evidence=SourceEvidence()),
                       SourceCard(article="b", outlet="Meridian", score=0.4, evidence=SourceEvidence())])
    md = brief_markdown(b)
    assert "**undated** The port was struck" in md and "<b>" not in md
    assert "| fact | Herald | Meridian |" in md and "| The port \\| was struck | ✓ | ✗ |" in md
