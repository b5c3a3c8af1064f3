"""Markdown renderings of a brief and of one article's extraction. Every claim cites its article and sentence."""

from __future__ import annotations

from crosscheck.model import Brief, Evidence, Extraction


def _cite(ev: Evidence, short: dict[str, str]) -> str:
    text = " ".join(ev.text.split())
    if len(text) > 220:
        text = text[:217] + "…"
    return f"[{short.get(ev.article, ev.article)} @{ev.start}] “{text}”"


def _md(text: str) -> str:
    """Text from articles, made inert for Markdown renderers (no HTML, no links, no emphasis)."""
    out = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "[]*_`#|":
        out = out.replace(ch, "\\" + ch)
    return out


#: what only one source reports, shown per source in the report (most important first; the JSON has them all)
ONLY_IN_SHOWN = 8


def brief_markdown(brief: Brief) -> str:
    s = brief.story
    short = {src.article: (src.outlet or src.article) for src in brief.sources}
    when = s.first_published if s.first_published == s.last_published else f"{s.first_published} – {s.last_published}"
    lines = [f"# {_md(s.title or s.id)}", "", f"Story `{s.id}` · {len(s.articles)} sources · {when or 'undated'}", ""]
    lines += ["## Summary", "", _md(brief.summary), ""]
    if brief.timeline:
        lines += ["## What happened", ""]
        for t in brief.timeline:
            date = t.date if t.precision != "range" else "–".join(t.date_range or [])
            when = f"**{date}** ({t.precision})" if date else "**undated**"
            lines.append(f"- {when} {_md(t.summary)} — {', '.join(_md(short.get(a, a)) for a in t.articles)}")
        lines.append("")
    lines += ["## Where sources agree", ""]
    lines += [f"- {_md(f.summary)}\n" + "\n".join(f"  - {_md(_cite(e, short))}" for e in f.evidence) for f in brief.agreements] or ["- nothing reported by two sources"]
    lines.append("")
    if brief.facts and len(brief.story.articles) > 1:
        cols = [c.article for c in brief.facts[0].cells]
        mark = {"reported": "✓", "silent": "·", "contradicts": "✗"}
        lines += ["## Facts by source (✓ reports, · silent, ✗ contradicts)", "",
                  "| fact | " + " | ".join(_md(short.get(a, a)) for a in cols) + " |",
                  "|---|" + "---|" * len(cols)]
        lines += [f"| {_md(r.summary)} | " + " | ".join(mark[c.status] for c in r.cells) + " |" for r in brief.facts]
        lines.append("")
    lines += ["## Conflicts", ""]
    lines += [f"- **{c.kind}**: {_md(c.summary)}\n" + "\n".join(f"  - {_md(_cite(e, short))}" for e in c.sides) for c in brief.conflicts] or ["- none found"]
    lines.append("")
    if brief.quotes:
        lines += ["## Who said what", ""]
        for q in brief.quotes:
            lines.append(f"- **{_md(q.speaker)}**: “{_md(q.text)}” — {', '.join(_md(short.get(a, a)) for a in q.articles)}")
        lines.append("")
    if brief.numbers:
        lines += ["## The numbers", ""]
        for n in brief.numbers:
            lines.append(f"- {_md(n.summary)} — " + "; ".join(_md(_cite(e, short)) for e in n.evidence))
        lines.append("")
    by_src: dict[str, list[str]] = {}
    for o in brief.only_in:
        if len(by_src.get(o.article, [])) >= ONLY_IN_SHOWN:
            continue
        by_src.setdefault(o.article, []).append(f"  - ({o.kind}) {_md(o.summary)}: {_md(_cite(o.evidence[0], short))}")
    if by_src:
        lines += ["## What only one source reports", ""]
        for art, rows in by_src.items():
            lines.append(f"- **{_md(short.get(art, art))}**")
            lines += rows
        lines.append("")
    lines += ["## Sources", "", "| source | score | named attribution | named direct quotes | vague sourcing | first person | boilerplate | failed self-claims |",
              "|---|---|---|---|---|---|---|---|"]
    for src in brief.sources:
        e = src.evidence
        copy = f" — same copy as {_md(short.get(src.copy_of, src.copy_of))}" if src.copy_of else ""
        lines.append(f"| {_md(src.outlet or src.article)} (`{src.article}`){copy} | {src.score:.2f} | {e.named_attribution_share:.0%} | "
                     f"{e.direct_quotes_named} | {e.vague_sourcing} | {e.first_person} | {e.boilerplate_sections} | {e.failed_self_claims} |")
    copies = sum(1 for src in brief.sources if src.copy_of)
    if copies:
        lines += ["", f"{copies} of these sources ran another source's copy (near-duplicates); each copy counts once as evidence."]
    lines.append("")
    return "\n".join(lines)


def extraction_markdown(ext: Extraction, text: str) -> str:
    a = ext.article
    names = {x.id: x.name for x in ext.actors}
    lines = [f"# {_md(a.title or a.id)}", "", f"`{a.id}` · {a.outlet or 'unknown outlet'} · {a.published or 'undated'} · {a.word_count} words", ""]
    lines += ["## Actors", ""]
    for x in ext.actors:
        extra = ", ".join(v for v in (x.kind, x.country, x.sector, "; ".join(x.roles)) if v)
        lines.append(f"- **{_md(x.name)}** ({_md(extra)}): {len(x.mentions)} mentions")
    lines += ["", "## Events", ""]
    for e in ext.events:
        who = ", ".join(names.get(i, i) for i in e.actor)
        whom = ", ".join(names.get(i, i) for i in e.recipient)
        when = e.date or ("–".join(e.date_range) if e.date_range else "undated")
        flags = " ".join(f for f in (("NOT" if e.negated else ""), (e.modality if e.modality != "asserted" else "")) if f)
        lines.append(f"- {e.type} {e.cameo or ''} {_md(who)} → {_md(whom)} · {when} {flags} — “{_md(' '.join(e.text.split())[:160])}”")
    lines += ["", "## Quotes", ""]
    for q in ext.quotes:
        who = names.get(q.speaker or "", q.speaker_text or "unattributed")
        lines.append(f"- {'direct' if q.direct else 'reported'} · **{_md(who)}** ({_md(q.cue or '')}): “{_md(q.text)}”")
    lines += ["", "## Numbers", ""]
    for n in ext.quantities:
        lines.append(f"- {n.value} {n.unit or ''} · {n.category or ''} {('(' + n.qualifier + ')') if n.qualifier else ''} — “{_md(n.text)}”")
    lines += ["", "## Dates and times", ""]
    for t in ext.timexes:
        lines.append(f"- “{_md(t.text)}” → {t.value} ({t.type})")
    return "\n".join(lines) + "\n"
