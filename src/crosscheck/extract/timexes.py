"""Time expressions: found by a small grammar of regular expressions, normalised to TIMEX3 values against the
publication date, with the tense of their clause choosing the direction ("Monday" in a past-tense sentence is the
Monday before publication, in a future-tense one the Monday after)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from crosscheck.extract.context import DocContext
from crosscheck.model import Timex

MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                          "september", "october", "november", "december"])}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
              "nov": 11, "dec": 12}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "hundred": 100, "couple of": 2, "a couple of": 2, "several": "X", "few": "X", "a few": "X",
                "many": "X", "some": "X", "just": "X", "the past": "X", "the last": "X", "the next": "X",
                "the coming": "X", "recent": "X"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "month": "M",
         "year": "Y", "decade": "DE", "century": "CE", "weekend": "WE", "quarter": "Q"}
TIME_UNITS = {"S", "M", "H"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_NUMW = rf"(?:{_TENS}[- ](?:one|two|three|four|five|six|seven|eight|nine)|\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|" \
        r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|" \
        r"several|a few|few|a couple of|couple of)"
_UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|quarters?|years?|decades?|centur(?:y|ies)|weekends?)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_REL = r"(?:last|next|this|past|coming|previous|following)"
_MOD = r"(?:(?:early|mid|late|the end of|the beginning of|the start of|the middle of)[- ]?)"

# Each rule: a name and a pattern; the first rule that matches at a position wins, longer rules first.
RULES: list[tuple[str, re.Pattern[str]]] = [(n, re.compile(p, re.I if n not in ("month_alone", "month_day", "month_year", "month_rel_year", "full_date", "day_month_year", "weekday") else 0)) for n, p in [
    ("clock_day", rf"\b(?P<h>\d{{1,2}})(?::(?P<mi>\d{{2}}))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)(?:\s+[A-Z]{{3}})?,?\s+(?:on\s+)?(?:(?P<wd>{_WEEKDAY})|(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}}))\b"),
    ("noon_day", rf"\b(?P<w>noon|midnight)\s+(?:on\s+)?(?P<wd>{_WEEKDAY})\b"),
    ("iso_date", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    ("slash_date", r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\b"),
    ("full_date", rf"\b(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR})\b"),
    ("day_month_year", rf"\b(?:{_WEEKDAY},?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR})\b"),
    ("year_range", rf"\b(?P<y1>{_YEAR})\s?[-–—]\s?(?P<y2>{_YEAR}|\d\d)\b"),
    ("month_year", rf"\b(?P<mod>(?:[Ee]arly|[Mm]id|[Ll]ate)[- ])?(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR})\b"),
    ("month_rel_year", rf"\b(?P<mon>{_MONTH})\s+(?:of\s+)?(?P<rel>last|next|this)\s+year\b"),
    ("month_day", rf"\b(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d)"),
    ("day_month", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})\b"),
    ("quarter", r"\b(?:(?P<rel>this year's|last year's|next year's)\s+|the\s+(?:(?P<y>(?:19|20)\d\d)\s+)?)?(?:fiscal\s+)?(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter\b(?:\s+of\s+(?P<y2>(?:19|20)\d\d)\b)?"),
    ("year_quarter", r"\bthe\s+(?P<y>(?:19|20)\d\d)\s+(?:fiscal\s+)?(?:quarter|period)\b"),
    ("latest_quarter", r"\bthe\s+(?:(?P<w>latest|most recent|current|year-ago|year-earlier|previous|prior|comparable|same)\s+)?(?:fiscal\s+)?quarter\b(?!s)|\bthe\s+(?P<w2>latest|year-ago|year-earlier|comparable)\s+period\b"),
    ("year_earlier", r"\b(?P<w>year-earlier|year-ago)\b"),
    ("ago", rf"\b(?P<n>{_NUMW})\s+(?P<u>{_UNIT})\s+(?P<dir>ago|earlier|later|before|from now|hence)\b"),
    ("vague_ago", r"\b(?:(?:just|only|a few|several|some)\s+)?(?P<u>days|weeks|months|years)\s+(?P<dir>earlier|before|ago|later)\b"),
    ("rel_unit", rf"\b(?P<pre>(?:earlier|later)\s+)?(?P<rel>{_REL})\s+(?P<u>week|month|year|weekend|decade|century|quarter|spring|summer|fall|autumn|winter)\b"),
    ("rel_weekday", rf"\b(?P<rel>last|next|this|past|coming)\s+(?P<wd>{_WEEKDAY})\b"),
    ("rel_month", rf"\b(?P<rel>last|next|this|past|coming)\s+(?P<mon>{_MONTH})\b"),
    ("weekday_part", rf"\b(?P<wd>{_WEEKDAY})\s+(?P<part>morning|afternoon|evening|night)\b"),
    ("weekday", rf"\b(?P<wd>{_WEEKDAY})\b"),
    ("deictic_part", r"\b(?:(?P<p1>(?:mid-?)?(?:morning|afternoon|evening))\s+(?P<d1>yesterday|today|tomorrow)|(?P<d2>yesterday|tomorrow)\s+(?P<p2>morning|afternoon|evening|night))\b"),
    ("deictic", r"\b(?P<w>today|tonight|yesterday|tomorrow|this morning|this afternoon|this evening|last night)\b"),
    ("clock", r"\b(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)"),
    ("noon", r"\b(?P<w>noon|midnight)\b"),
    ("nth_unit", r"\b(?P<det>its|the|a|their|his|her)\s+(?P<o>\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+(?P<u>day|week|month|year)\b"),
    ("duration", rf"\b(?P<mod>(?:less than|more than|nearly|almost|about|around|over|under|at least|at most|some|roughly|the past|the last|the next|the coming|just)\s+)?(?P<n>{_NUMW}|\d+\s+1/2)[- ](?:(?:more|additional|straight|consecutive|trading|business|working|full)\s+)?(?P<u>{_UNIT})(?P<half>\s+and\s+a\s+half)?(?!-old)\b"),
    ("bare_units", r"\b(?P<mod>just\s+|recent\s+|for\s+|in\s+|past\s+|coming\s+|these\s+)?(?P<u>days|weeks|months|years|decades)\b(?!\s+(?:ago|earlier|later))"),
    ("decade", r"\b(?:the\s+)?(?P<c>1[89]|20)(?P<dd>\d)0s\b"),
    ("season_year", r"\b(?P<s>spring|summer|fall|autumn|winter)\s+(?:of\s+)?(?P<y>(?:1[89]|20)\d\d)\b"),
    ("month_alone", r"(?=[JFMASOND])(?:(?<=\b[Ii]n )|(?<=\b[Bb]y )|(?<=\b[Ss]ince )|(?<=\b[Uu]ntil )|(?<=\b[Ii]n early )|(?<=\b[Ii]n late )|(?<=\b[Ii]n mid-)|(?<=\b[Ee]arly )|(?<=\b[Ll]ate )|(?<=\b[Tt]hrough )|(?<=\b[Dd]uring )|(?<=\b[Tt]his )|(?<=\b[Ff]rom )|(?<=\b[Tt]o )|(?<=\b[Oo]f )|(?<=\b[Ee]nd of )|(?<=\bat the end of )|(?<=\b[Bb]efore )|(?<=\b[Aa]fter )|(?<=, ))(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)\b"),
    ("month_cap", r"\b(?P<mon>January|February|April|June|July|August|September|October|November|December)\b"),
    ("year", rf"(?<![\$\d,.])\b(?P<y>{_YEAR})\b(?![,.]\d|\s*%)"),
    ("fuzzy", r"\b(?P<w>now|currently|at the moment|right now|these days|nowadays|the present|recently|lately|in the past|the past|soon|the near future|the future|the coming days|in the coming days|upcoming|in recent years|in recent months|in recent weeks|for now|the moment|back then|at the time)\b"),
    ("set", r"\b(?P<w>daily|weekly|monthly|annually|yearly|every (?:day|week|month|year)|each (?:day|week|month|year)|per (?:day|week|month|year)|a day|a week|a month|a year)\b"),
]]

FUZZY = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "at the moment": "PRESENT_REF", "right now": "PRESENT_REF",
         "these days": "PRESENT_REF", "nowadays": "PRESENT_REF", "the present": "PRESENT_REF", "for now": "PRESENT_REF",
         "recently": "PAST_REF", "lately": "PAST_REF", "in the past": "PAST_REF", "the past": "PAST_REF",
         "formerly": "PAST_REF", "previously": "PAST_REF", "in recent years": "PAST_REF", "in recent months": "PAST_REF",
         "in recent weeks": "PAST_REF", "once": "PAST_REF", "back then": "PAST_REF", "at the time": "PAST_REF",
         "soon": "FUTURE_REF", "the near future": "FUTURE_REF", "the future": "FUTURE_REF", "upcoming": "FUTURE_REF",
         "the coming days": "FUTURE_REF", "in the coming days": "FUTURE_REF", "long-term": "FUTURE_REF",
         "real-time": "PRESENT_REF", "the moment": "PRESENT_REF", "this time": "PRESENT_REF"}
FUZZY_DROP_PREFIX = ("in ", "for ")
SETS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y"}


@dataclass
class Found:
    start: int
    end: int
    type: str
    value: str
    rule: str


def _month(name: str) -> int:
    n = name.lower().rstrip(".")
    return MONTHS.get(n) or MONTH_ABBR.get(n[:4] if n.startswith("sept") else n[:3], 0)


def _num(word: str) -> int | str:
    w = word.lower().strip()
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS and NUMBER_WORDS[parts[0]] in range(20, 100, 10):
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]  # type: ignore[operator]
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    try:
        f = float(w)
    except ValueError:
        return "X"
    return int(f) if f.is_integer() else f  # type: ignore[return-value]


def _unit(word: str) -> str:
    w = word.lower()
    if w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("s"):
        w = w[:-1]
    return UNITS.get(w, "D")


#: verbs whose infinitive complement lies ahead ("scheduled to close Monday", "expects to sign in May")
INTENT_HEADS = frozenset({"schedule", "set", "expect", "plan", "intend", "aim", "prepare", "hope", "want", "due", "seek",
                          "promise", "pledge", "vow", "threaten", "agree", "decide", "propose", "offer", "try", "poise"})


#: verbs that fix the time of something planned, and the prepositions that introduce that time ("set for June 28")
SCHEDULE_HEADS = frozenset({"set", "schedule", "slate", "reschedule", "postpone", "delay", "adjourn", "book", "plan"})
SCHEDULE_PREPS = frozenset({"for", "until", "till"})


def tense_of(ctx: DocContext, start: int, end: int) -> str:
    """past, future or present: the tense of the clause an expression sits in."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return "present"
    tok, preps = span.root, []
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        if tok.dep_ == "prep":
            preps.append(tok.lower_)
        tok = tok.head
    verb = tok
    if preps and preps[-1] in SCHEDULE_PREPS and verb.lemma_.lower() in SCHEDULE_HEADS:
        return "future"  # "set the sentencing for June 28", "has been postponed until May 3": the time planned
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lows = {a.lower_ for a in auxes}
    if lows & {"will", "'ll", "shall", "’ll"} or any(a.lemma_ == "be" and any(g.lower_ == "going" for g in verb.children) for a in auxes):
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes) or (verb.tag_ == "VBN" and lows & {"has", "have", "had"}):
        return "past"
    if verb.tag_ == "VBG" and lows & {"is", "are", "'s"} and any(t.lower_ in ("next", "tomorrow") for t in verb.sent):
        return "future"
    if verb.tag_ == "VB" and lows & {"would", "could", "might", "may"}:
        return "future"
    head = verb.head
    if verb.tag_ == "VB" and "to" in lows and verb.dep_ == "xcomp" and head.lemma_.lower() in INTENT_HEADS \
            and not any(h.tag_ == "VBD" or any(a.tag_ == "VBD" for a in h.children if a.dep_ in ("aux", "auxpass"))
                        for h in (head, head.head if head.dep_ == "acomp" else head)):
        return "future"  # "is scheduled to close Monday", "set to resume Monday" (not "had been due to expire Friday")
    if verb.tag_ == "VBN" and verb.dep_ == "acl" and not auxes:
        return "past"  # "products introduced in April", "the year ended March 31"
    return "present"


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    z = y * 12 + (m - 1) + k
    return z // 12, z % 12 + 1


def _month_year(pub: date | None, month: int, tense: str) -> str:
    """The year of a month named without one: the occurrence nearest the publication date, unless the clause's
    tense points the other way and the nearest one lies more than three months on the wrong side."""
    if pub is None:
        return f"XXXX-{month:02d}"
    here = pub.year * 12 + pub.month - 1
    candidates = sorted(((y * 12 + month - 1 - here), y) for y in (pub.year - 1, pub.year, pub.year + 1))
    dist, year = min(candidates, key=lambda c: (abs(c[0]), c[0] > 0 if tense == "past" else c[0] < 0))
    if tense == "past" and dist > 3:
        year -= 1
    elif tense == "future" and dist < -3:
        year += 1
    return f"{year}-{month:02d}"


def _quarter(pub: date | None, back: int = 0) -> str:
    """The quarter ``back`` quarters before the publication date's quarter."""
    if pub is None:
        return "XXXX-QX"
    z = pub.year * 4 + (pub.month - 1) // 3 - back
    return f"{z // 4}-Q{z % 4 + 1}"


def _weekday(pub: date | None, wd: int, tense: str, rel: str | None = None) -> str:
    if pub is None:
        return "XXXX-WXX-" + str(wd + 1)
    diff = wd - pub.weekday()
    if rel == "last" or rel == "past":
        back = (pub.weekday() - wd) % 7 or 7
        return (pub - timedelta(days=back + (7 if back < 0 else 0))).isoformat()
    if rel == "next" or rel == "coming":
        fwd = (wd - pub.weekday()) % 7 or 7
        return (pub + timedelta(days=fwd)).isoformat()
    if rel == "this":
        return (pub + timedelta(days=diff)).isoformat()
    if diff == 0:
        return pub.isoformat()
    if tense == "future":
        return (pub + timedelta(days=diff % 7)).isoformat()
    return (pub - timedelta(days=(pub.weekday() - wd) % 7)).isoformat()


def _rel_unit(pub: date | None, rel: str, unit: str) -> str | None:
    if pub is None:
        return None
    k = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1, "this": 0}[rel]
    if unit == "week":
        return _week(pub + timedelta(weeks=k))
    if unit == "weekend":
        sat = pub + timedelta(days=(5 - pub.weekday()) % 7) + timedelta(weeks=k if k >= 0 else k)
        return _week(sat) + "-WE"
    if unit == "month":
        y, m = _add_months(pub.year, pub.month, k)
        return f"{y}-{m:02d}"
    if unit == "year":
        return str(pub.year + k)
    if unit == "decade":
        return str(pub.year // 10 + k)
    if unit == "century":
        return str(pub.year // 100 + k)
    if unit == "quarter":
        q = (pub.month - 1) // 3 + k
        y = pub.year + q // 4
        return f"{y}-Q{q % 4 + 1}"
    if unit in SEASONS:
        y = pub.year + k
        return f"{y}-{SEASONS[unit]}"
    return None


def _clock(g: dict[str, str | None]) -> str | None:
    """HH:MM on the 24-hour clock from the hour, minutes and a.m./p.m. of a match, or None if impossible."""
    h, mi, ap = int(g["h"] or 0), int(g["mi"] or 0), (g["ap"] or "").lower()
    if h > 12 or mi > 59:
        return None
    if ap.startswith("p") and h != 12:
        h += 12
    elif ap.startswith("a") and h == 12:
        h = 0
    return f"{h:02d}:{mi:02d}"


def normalise(ctx: DocContext, rule: str, m: re.Match[str], start: int, end: int) -> tuple[str, str] | None:
    """(type, value) of a match, or None where it is not a time expression after all."""
    pub = ctx.pub
    g = m.groupdict()
    if rule in ("iso_date", "slash_date", "full_date", "day_month_year"):
        month = int(g["m"]) if "m" in g and g.get("m") else _month(g["mon"])
        try:
            return "date", date(int(g["y"]), month, int(g["d"])).isoformat()
        except ValueError:
            return None
    if rule == "year_range":
        y1, y2 = g["y1"], g["y2"]
        if len(y2) == 2:
            y2 = y1[:2] + y2
        return ("date", f"{y1}/{y2}") if int(y2) > int(y1) else None
    if rule == "month_year":
        return "date", f"{g['y']}-{_month(g['mon']):02d}"
    if rule == "month_rel_year":
        if pub is None:
            return "date", f"XXXX-{_month(g['mon']):02d}"
        year = pub.year + {"last": -1, "next": 1}.get(g["rel"].lower(), 0)
        return "date", f"{year}-{_month(g['mon']):02d}"
    if rule in ("month_day", "day_month"):
        month, day = _month(g["mon"]), int(g["d"])
        if not 1 <= day <= 31:
            return None
        ym = _month_year(pub, month, tense_of(ctx, start, end))
        return "date", f"{ym}-{day:02d}"
    if rule == "quarter":
        o = g["o"].lower()
        n = ORDINALS.get(o) or int(o[0])
        if g.get("y") or g.get("y2"):
            return "date", f"{g.get('y') or g.get('y2')}-Q{n}"
        if pub is None:
            return "date", f"XXXX-Q{n}"
        year = pub.year + {"last year's": -1, "next year's": 1}.get((g.get("rel") or "").lower(), 0)
        if not g.get("rel") and n > (pub.month - 1) // 3 + 1 and tense_of(ctx, start, end) == "past":
            year -= 1
        return "date", f"{year}-Q{n}"
    if rule == "year_quarter":
        latest = _quarter(pub, 1)
        return "date", f"{g['y']}-Q{latest[-1]}" if pub else f"{g['y']}-QX"
    if rule == "latest_quarter":
        w = (g.get("w") or g.get("w2") or "latest").lower()
        back = {"current": 0, "year-ago": 5, "year-earlier": 5, "comparable": 5}.get(w, 1)
        return "date", _quarter(pub, back)
    if rule == "year_earlier":
        return "date", _quarter(pub, 5)
    if rule in ("clock_day", "noon_day"):
        if g.get("wd"):
            day = _weekday(pub, WEEKDAYS[g["wd"].lower()], tense_of(ctx, start, end))
        else:
            day = f"{_month_year(pub, _month(g['mon']), tense_of(ctx, start, end))}-{int(g['d']):02d}"
        if rule == "noon_day":
            return "time", f"{day}T{'12:00' if g['w'].lower() == 'noon' else '24:00'}"
        clock = _clock(g)
        return ("time", f"{day}T{clock}") if clock else None
    if rule == "vague_ago":
        return "date", "FUTURE_REF" if g["dir"].lower() == "later" else "PAST_REF"
    if rule == "ago" and _num(g["n"]) == 1 and _unit(g["u"]) == "Y" and g["dir"].lower() in ("ago", "earlier", "before") \
            and "quarter" in ctx.text[max(0, start - 400):start].lower():
        # "profit rose from $3 million a year earlier": in a report on a quarter, the same quarter a year before
        return "date", _quarter(pub, 5)
    if rule == "ago" and g["dir"].lower() in ("earlier", "later", "before") and _unit(g["u"]) != "Y":
        # "three days later": TIMEX3 marks the length, anchored to another event rather than to the publication date
        n, u = _num(g["n"]), _unit(g["u"])
        if u in ("DE", "CE"):
            n, u = (n if n == "X" else n * (10 if u == "DE" else 100)), "Y"  # type: ignore[operator]
        return "duration", (f"PT{n}{u}" if g["u"].lower().startswith(("hour", "minute", "second")) else f"P{n}{u}")
    if rule == "ago":
        n, u = _num(g["n"]), _unit(g["u"])
        if pub is None or n == "X" or u not in ("D", "W", "M", "Y"):
            return "date", "PAST_REF" if g["dir"] in ("ago", "earlier", "before") else "FUTURE_REF"
        sign = -1 if g["dir"] in ("ago", "earlier", "before") else 1
        n = int(n)  # type: ignore[arg-type]
        if u == "D":
            return "date", (pub + timedelta(days=sign * n)).isoformat()
        if u == "W":
            return "date", _week(pub + timedelta(weeks=sign * n))
        if u == "M":
            y, mm = _add_months(pub.year, pub.month, sign * n)
            return "date", f"{y}-{mm:02d}"
        return "date", str(pub.year + sign * n)
    if rule == "rel_unit":
        v = _rel_unit(pub, g["rel"].lower(), g["u"].lower())
        return ("date", v) if v else None
    if rule == "rel_weekday":
        return "date", _weekday(pub, WEEKDAYS[g["wd"].lower()], "past", g["rel"].lower())
    if rule == "rel_month":
        rel = g["rel"].lower()
        month = _month(g["mon"])
        if pub is None:
            return "date", f"XXXX-{month:02d}"
        if rel == "this":
            return "date", f"{pub.year}-{month:02d}"
        if rel in ("last", "past"):
            return "date", f"{pub.year - (1 if month >= pub.month else 0)}-{month:02d}"
        return "date", f"{pub.year + (1 if month <= pub.month else 0)}-{month:02d}"
    if rule in ("weekday", "weekday_part"):
        v = _weekday(pub, WEEKDAYS[g["wd"].lower()], tense_of(ctx, start, end))
        if rule == "weekday_part":
            return "time", v + "T" + PARTS[g["part"].lower()]
        return "date", v
    if rule == "deictic_part":
        d, part = (g.get("d1") or g.get("d2") or "").lower(), (g.get("p1") or g.get("p2") or "").lower()
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[d]
        day = (pub + timedelta(days=shift)).isoformat() if pub else "XXXX-XX-XX"
        return "time", f"{day}T{PARTS[part.split('-')[-1].removeprefix('mid')]}"
    if rule == "deictic":
        w = g["w"].lower()
        if pub is None:
            return "date", "PRESENT_REF"
        if w in ("today",):
            return "date", pub.isoformat()
        if w == "yesterday":
            return "date", (pub - timedelta(days=1)).isoformat()
        if w == "tomorrow":
            return "date", (pub + timedelta(days=1)).isoformat()
        if w == "last night":
            return "time", (pub - timedelta(days=1)).isoformat() + "TNI"
        part = PARTS.get(w.split()[-1], "NI")
        return "time", pub.isoformat() + "T" + part
    if rule == "clock":
        clock = _clock(g)
        day = pub.isoformat() if pub else "XXXX-XX-XX"
        return ("time", f"{day}T{clock}") if clock else None
    if rule == "noon":
        day = pub.isoformat() if pub else "XXXX-XX-XX"
        return "time", f"{day}T{'12:00' if g['w'].lower() == 'noon' else '24:00'}"
    if rule == "nth_unit":
        o = g["o"].lower()
        n = ORDINALS.get(o) or int(re.sub(r"\D", "", o) or 0)
        return ("duration", f"P{n}{_unit(g['u'])}") if n else None
    if rule == "duration":
        raw_n = g["n"].lower()
        mod = (g.get("mod") or "").strip().lower()
        half = bool(g.get("half")) or raw_n.endswith("1/2")
        n, u = _num(raw_n.split()[0] if raw_n.endswith("1/2") else raw_n), _unit(g["u"])
        minutes = g["u"].lower().startswith(("hour", "minute", "second"))
        if half and isinstance(n, int):
            if u == "Y":
                return "duration", f"P{n}Y6M" if n else "P6M"
            if u == "H" and minutes:
                return "duration", f"PT{n}H30M"
            if u == "M" and minutes:
                return "duration", f"PT{n}M30S"
            n = n + 0.5  # type: ignore[assignment]
        if u in ("DE", "CE"):
            n = n if n == "X" else n * (10 if u == "DE" else 100)  # type: ignore[operator]
            u = "Y"
        if u == "WE":
            return "duration", f"P{n}WE"
        if isinstance(n, float):
            n = str(n)  # type: ignore[assignment]
        return "duration", (f"PT{n}{u}" if u in TIME_UNITS and g["u"].lower().startswith(("hour", "minute", "second")) else f"P{n}{u}")
    if rule == "bare_units":
        mod = (g.get("mod") or "").strip().lower()
        ref = {"past": "PAST_REF", "these": "PRESENT_REF"}.get(mod)
        return ("date", ref) if ref else ("duration", f"PX{_unit(g['u'])}")
    if rule == "decade":
        return "date", f"{g['c']}{g['dd']}"
    if rule == "season_year":
        return "date", f"{g['y']}-{SEASONS[g['s'].lower()]}"
    if rule in ("month_alone", "month_cap"):
        return "date", _month_year(pub, _month(g["mon"]), tense_of(ctx, start, end))
    if rule == "year":
        return "date", g["y"]
    if rule == "fuzzy":
        return "date", FUZZY[g["w"].lower()]
    if rule == "set":
        w = g["w"].lower()
        return "set", SETS.get(w) or f"P1{_unit(w.split()[-1])}"
    return None


def find(ctx: DocContext) -> list[Found]:
    """Every time expression of a document, longest first where two overlap."""
    text = ctx.text
    taken = bytearray(len(text) + 1)
    out: list[Found] = []
    for rule, pattern in RULES:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(taken[start:end]):
                continue
            if rule == "fuzzy":
                w = m.group("w").lower()
                for p in FUZZY_DROP_PREFIX:
                    if w.startswith(p) and w not in ("in the past", "in recent years", "in recent months", "in recent weeks", "in the coming days", "for now"):
                        start += len(p)
            if rule == "duration" and m.group("mod") and m.group("mod").strip().lower() in ("some", "just"):
                start = m.start("n")
            if rule == "bare_units" and m.group("mod") and m.group("mod").strip().lower() in ("for", "in"):
                start = m.start("u")
            if rule == "duration" and m.group("u").lower() == "second" and re.match(r"\s+[A-Za-z]", text[end:end + 2]) \
                    and not re.match(r"\s+(?:ago|later|earlier|before|after)\b", text[end:end + 10]):
                continue  # "a second summit": an ordinal
            if rule == "fuzzy" and m.group("w").lower() == "soon" and (re.match(r"\s+(?:after|as)\b", text[end:end + 7])
                                                                       or text[max(0, start - 3):start].lower() == "as "):
                continue  # "soon after", "as soon as": no reference to the present
            if rule == "year" and _year_is_quantity(ctx, end):
                continue
            if rule == "set" and m.group("w").lower().startswith("a ") and not _after_number(text, start):
                continue
            norm = normalise(ctx, rule, m, start, end)
            if norm is None:
                continue
            taken[start:end] = b"\x01" * (end - start)
            out.append(Found(start, end, norm[0], norm[1], rule))
    out.sort(key=lambda f: f.start)
    return out


def _after_number(text: str, start: int) -> bool:
    """ "$5 a day", "twice a week": a rate, not a duration of one unit."""
    before = text[max(0, start - 20):start].split()
    return bool(before) and (any(c.isdigit() for c in before[-1]) or before[-1].lower() in ("twice", "once", "times"))


_QTY_NOUNS = re.compile(r"\s+(?:people|troops|soldiers|civilians|votes|members|dollars|euros|tonnes|tons|cases|deaths|"
                        r"jobs|homes|units|barrels|acres|miles|km|kilometers|kilometres)\b", re.I)


def _year_is_quantity(ctx: DocContext, end: int) -> bool:
    return bool(_QTY_NOUNS.match(ctx.text, end))


def extract_from(ctx: DocContext, found: list[Found]) -> list[Timex]:
    return [Timex(id=f"t{k + 1}", text=ctx.text[f.start:f.end], start=f.start, end=f.end,
                  type=f.type, value=f.value)  # type: ignore[arg-type]
            for k, f in enumerate(found)]


def extract(ctx: DocContext) -> list[Timex]:
    return extract_from(ctx, find(ctx))
