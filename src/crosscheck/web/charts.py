"""Charts drawn as SVG on the server: no script, no network, nothing third-party. Every text in them is escaped.

What this module decides: the look of the coverage chart (stacked bars per day or week, one colour per outlet,
a legend) and of the actor graph (a force layout computed here, deterministic for the same graph; edges green for
cooperation, red for conflict, thicker for more events, with the event types in each edge's tooltip).
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from crosscheck.views import ActorGraph, Coverage

PALETTE = ("#2f6db5", "#e08a1e", "#3a9a5b", "#b8437d", "#7a5cc2", "#8c6a3d", "#1f9aa8", "#c44536", "#6b7a8f",
           "#a3a321")
COOPERATION, CONFLICT = "#1a7f37", "#c62828"
KIND_FILL = {"person": "#fff4d6", "organization": "#e3eefc", "country": "#e6f4ea", "group": "#f6e3f0",
             "location": "#eeeeee"}


def _e(value: object) -> str:
    return str(escape(str(value)))


def coverage_svg(cov: Coverage, width: int = 760, height: int = 240, colours: dict[str, str] | None = None,
                 what: str = "article") -> Markup:
    """Articles per day (or week) per outlet, as stacked bars with a legend to the right (also used for an actor's
    events per month, cooperative and conflictual, with ``colours`` and ``what``)."""
    if not cov.days:
        return Markup('<p class="muted">No dated articles: nothing to chart.</p>')
    legend_w = 190
    left, right, top, bottom = 34, legend_w + 10, 12, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(cov.days)
    totals = [sum(cov.counts[o][k] for o in cov.outlets) for k in range(n)]
    peak = max(totals) or 1
    step = plot_w / n
    bar = max(2.0, min(36.0, step * 0.7))
    parts = [f'<svg class="chart coverage" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{_e(what)}s per {_e(cov.unit)}" xmlns="http://www.w3.org/2000/svg">']
    ticks = sorted({0, peak, *([peak // 2] if peak >= 4 else [])})
    for t in ticks:
        y = top + plot_h - plot_h * t / peak
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e4e4"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#666">{t}</text>')
    colour = {o: (colours or {}).get(o, PALETTE[k % len(PALETTE)]) for k, o in enumerate(cov.outlets)}
    for k, day in enumerate(cov.days):
        x = left + k * step + (step - bar) / 2
        y = top + plot_h
        for o in cov.outlets:
            c = cov.counts[o][k]
            if not c:
                continue
            h = plot_h * c / peak
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour[o]}">'
                         f'<title>{_e(o)}: {c} {_e(what)}{"s" if c != 1 else ""}, {_e(cov.unit)} of {_e(day)}</title></rect>')
    every = max(1, math.ceil(n / 8))
    for k, day in enumerate(cov.days):
        if k % every and k != n - 1:
            continue
        x = left + k * step + step / 2
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11" fill="#444">'
                     f'{_e(day[5:] if n > 1 and cov.unit != "month" else day)}</text>')
    parts.append(f'<text x="{left}" y="{height - 8}" font-size="11" fill="#666">'
                 f'{_e(cov.days[0])} – {_e(cov.days[-1])}, {_e(what)}s per {_e(cov.unit)}'
                 f'{f"; {cov.undated} undated not shown" if cov.undated else ""}</text>')
    lx = width - legend_w
    for k, o in enumerate(cov.outlets[:12]):
        y = top + 4 + k * 18
        parts.append(f'<rect x="{lx}" y="{y}" width="12" height="12" fill="{colour[o]}"/>')
        parts.append(f'<text x="{lx + 18}" y="{y + 10}" font-size="12" fill="#222">{_e(_short(o, 24))}</text>')
    if len(cov.outlets) > 12:
        parts.append(f'<text x="{lx}" y="{top + 4 + 12 * 18 + 10}" font-size="12" fill="#666">'
                     f'and {len(cov.outlets) - 12} more</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _layout(graph: ActorGraph, width: float, height: float, iterations: int = 300) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold from a circle, the busiest actor first: the same graph always gets the same picture."""
    ids = [n.id for n in graph.nodes]
    count = len(ids)
    if count == 0:
        return {}
    cx, cy = width / 2, height / 2
    radius = min(width, height) * 0.38
    pos = {i: [cx + radius * math.cos(2 * math.pi * k / count - math.pi / 2),
               cy + radius * math.sin(2 * math.pi * k / count - math.pi / 2)] for k, i in enumerate(ids)}
    if count == 1:
        return {ids[0]: (cx, cy)}
    ideal = math.sqrt(width * height / count) * 0.55
    pairs = {(e.source, e.target) for e in graph.edges} | {(e.target, e.source) for e in graph.edges}
    temp = width / 8
    for _ in range(iterations):
        disp = {i: [0.0, 0.0] for i in ids}
        for a_k, a in enumerate(ids):
            for b in ids[a_k + 1:]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                d = max(math.hypot(dx, dy), 0.01)
                f = ideal * ideal / d
                if (a, b) in pairs:
                    f -= d * d / ideal
                disp[a][0] += dx / d * f
                disp[a][1] += dy / d * f
                disp[b][0] -= dx / d * f
                disp[b][1] -= dy / d * f
        for i in ids:  # a little gravity keeps loose actors on the page
            disp[i][0] += (cx - pos[i][0]) * 0.05
            disp[i][1] += (cy - pos[i][1]) * 0.05
            d = max(math.hypot(*disp[i]), 0.01)
            step = min(d, temp)
            pos[i][0] = min(width - 70, max(70, pos[i][0] + disp[i][0] / d * step))
            pos[i][1] = min(height - 48, max(24, pos[i][1] + disp[i][1] / d * step))
        temp = max(1.0, temp * 0.97)
    return {i: (p[0], p[1]) for i, p in pos.items()}


def graph_svg(graph: ActorGraph, link_prefix: str = "/actors/", width: int = 760, height: int = 480) -> Markup:
    """Who did what to whom: actors as labelled circles (linking to their pages), events as arrows from actor to
    recipient, green for cooperation and red for conflict."""
    if not graph.nodes:
        return Markup('<p class="muted">No events with both an actor and a recipient: no graph to draw.</p>')
    pos = _layout(graph, width, height)
    weight = {n.id: n.weight for n in graph.nodes}
    peak = max(weight.values()) or 1
    size = {k: 7 + 11 * math.sqrt(w / peak) for k, w in weight.items()}
    names = {n.id: n.name for n in graph.nodes}
    parts = [f'<svg class="chart graph" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="Actor graph: who did what to whom" xmlns="http://www.w3.org/2000/svg"><defs>']
    for name, c in (("coop", COOPERATION), ("conf", CONFLICT)):
        parts.append(f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" '
                     f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>')
    parts.append("</defs>")
    pair_count: dict[frozenset[str], int] = {}
    for e in graph.edges:
        pair_count[frozenset((e.source, e.target))] = pair_count.get(frozenset((e.source, e.target)), 0) + 1
    seen: dict[frozenset[str], int] = {}
    for e in graph.edges:
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        dx, dy = x2 - x1, y2 - y1
        d = max(math.hypot(dx, dy), 0.01)
        ux, uy = dx / d, dy / d
        sx, sy = x1 + ux * size[e.source], y1 + uy * size[e.source]
        tx, ty = x2 - ux * (size[e.target] + 3), y2 - uy * (size[e.target] + 3)
        pair = frozenset((e.source, e.target))
        k = seen.get(pair, 0)
        seen[pair] = k + 1
        bend = 0.0 if pair_count[pair] == 1 else (k + 1) * 22.0 * (1 if e.source < e.target else -1)
        mx, my = (sx + tx) / 2 - uy * bend, (sy + ty) / 2 + ux * bend
        colour, marker = (COOPERATION, "coop") if e.cooperative else (CONFLICT, "conf")
        types = ", ".join(f"{t} ×{n}" for t, n in e.types.items())
        kind = "cooperation" if e.cooperative else "conflict"
        parts.append(f'<path class="edge {kind}" d="M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {tx:.1f},{ty:.1f}" fill="none" '
                     f'stroke="{colour}" stroke-opacity="0.8" stroke-width="{min(6.0, 1.2 + e.count * 0.6):.1f}" '
                     f'marker-end="url(#arrow-{marker})"><title>{_e(names[e.source])} → {_e(names[e.target])}: '
                     f'{_e(types)} ({kind}; {len(e.articles)} article{"s" if len(e.articles) != 1 else ""})</title></path>')
    for n in graph.nodes:
        x, y = pos[n.id]
        r = size[n.id]
        label = _short(n.name, 26)
        parts.append(f'<a href="{_e(link_prefix + n.id)}" class="node"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
                     f'fill="{KIND_FILL.get(n.kind, "#eee")}" stroke="#333" stroke-width="1.2"><title>{_e(n.name)} '
                     f'({_e(n.kind)}{", " + _e(n.country) if n.country else ""}): {n.weight} events</title></circle>'
                     f'<text x="{x:.1f}" y="{y + r + 13:.1f}" text-anchor="middle" font-size="12" fill="#111" '
                     f'paint-order="stroke" stroke="#fff" stroke-width="3">{_e(label)}</text></a>')
    kinds = sorted({n.kind for n in graph.nodes})
    for k, kind in enumerate(kinds):
        x = 12 + k * 110
        parts.append(f'<circle cx="{x + 6}" cy="{height - 12}" r="6" fill="{KIND_FILL.get(kind, "#eee")}" stroke="#333"/>'
                     f'<text x="{x + 16}" y="{height - 8}" font-size="11" fill="#444">{_e(kind)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
