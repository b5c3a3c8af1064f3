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
