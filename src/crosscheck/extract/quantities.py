"""Quantities: numbers in digits or words with their qualifier ("at least"), what they count ("people"), and a
category read from the clause that governs them (killed, injured, arrested, displaced, money, duration...)."""

from __future__ import annotations

import re

from spacy.tokens import Token

from crosscheck.extract.context import DocContext
from crosscheck.extract.timexes import Found
from crosscheck.model import Quantity

SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
         "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "mln": 1_000_000, "bln": 1_000_000_000, "m": 1_000_000, "bn": 1_000_000_000}
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB", "US$": "USD"}
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
                  "yen": "JPY", "yuan": "CNY", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
                  "hryvnia": "UAH", "rupee": "INR", "rupees": "INR", "shekel": "ILS", "shekels": "ILS"}
PEOPLE = {"people", "person", "persons", "civilians", "soldiers", "troops", "children", "women", "men", "residents",
          "fighters", "militants", "protesters", "demonstrators", "refugees", "migrants", "police", "officers",
          "journalists", "workers", "passengers", "students", "hostages", "prisoners", "detainees", "victims",
          "others", "more", "individuals", "members", "personnel", "servicemen"}


DURATION_UNITS = {"D": "days", "W": "weeks", "M": "months", "Y": "years", "TH": "hours", "TM": "minutes", "TS": "seconds",
                  "DE": "decades", "CE": "centuries"}


def parse_number(words: list[str]) -> float | None:
    """ "six" -> 6, "2,756" -> 2756, "1.5 million" -> 1500000, "twenty-five" -> 25, "two hundred" -> 200."""
    total, current, seen = 0.0, 0.0, False
    for raw in words:
        w = raw.lower().replace(",", "")
        if not w:
            continue
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            current += float(w)
            seen = True
            continue
        parts = w.split("-")
        if all(p in SMALL for p in parts):
            current += sum(SMALL[p] for p in parts)
            seen = True
            continue
        if w in SCALES and seen:
            scale = SCALES[w]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
            continue
        if w in ("and", "a"):
            continue
        return None
    return total + current if seen else None


def extract(ctx: DocContext, timexes: list[Found]) -> tuple[list[Quantity], dict[str, int]]:
    """Quantity records and, for each, the token its clause hangs on (to link it with the event of that clause)."""
    doc, kb = ctx.doc, ctx.kb
    dtok = ctx.tokens
    in_timex = bytearray(len(ctx.text) + 1)
    durations: dict[int, Found] = {}
    for f in timexes:
        in_timex[f.start:f.end] = b"\x01" * (f.end - f.start)
        if f.type == "duration" and re.match(r"P(T)?\d+(\.\d+)?[A-Z]+$", f.value):
            durations[f.start] = f
    qualifiers = sorted(kb.words("qualifiers"), key=len, reverse=True)
    out: list[Quantity] = []
    anchors: dict[str, int] = {}
    i = 0
    n = len(doc)
    for f in durations.values():  # "its 22nd day", "24 hours", "its fourth year": how long something lasts
        m = re.match(r"P(T)?(\d+(?:\.\d+)?)([A-Z]+)$", f.value)
        if m is None:
            continue
        unit = DURATION_UNITS.get(("T" if m[1] else "") + m[3], "days")
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        qid = f"n{len(out) + 1}"
        value = float(m[2])
        out.append(Quantity(id=qid, value=int(value) if value.is_integer() else value, qualifier=None, unit=unit,
                            category="duration", text=ctx.text[f.start:f.end], start=f.start, end=f.end))
        anchors[qid] = span.root.i if span is not None else 0
    while i < n:
        tok = dtok[i]
        if not _numberish(tok) or in_timex[tok.idx]:
            i += 1
            continue
        j = i
        while j < n and (_numberish(dtok[j]) or dtok[j].lower_ in SCALES or (dtok[j].lower_ == "and" and j + 1 < n and _numberish(dtok[j + 1]) and dtok[j - 1].lower_ in SCALES)):
            j += 1
        words = [t.text for t in dtok[i:j]]
        value = parse_number(words)
        if value is None:
            i = j
            continue
        start_tok, end_tok = i, j
        currency = None
        if i > 0 and dtok[i - 1].text in CURRENCY_SYMBOLS:
            currency = CURRENCY_SYMBOLS[dtok[i - 1].text]
            start_tok = i - 1
        elif j < n and dtok[j].lower_ in CURRENCY_WORDS:
            currency = CURRENCY_WORDS[dtok[j].lower_]
            end_tok = j + 1
        last = dtok[j - 1]
        qualifier = None
        window = max(0, dtok[start_tok].idx - 30)
        before = ctx.text[window:dtok[start_tok].idx].lower()
        for q in qualifiers:
            if before.rstrip().endswith(" " + q) or before.rstrip() == q:
                qualifier = q
                break
        start_char = dtok[start_tok].idx
        end_char = dtok[end_tok - 1].idx + len(dtok[end_tok - 1].text)
        if qualifier:
            found = before.rfind(qualifier)  # the qualifier was found in these 30 characters: no need to lower the text
            q_start = window + found if found >= 0 else -1
            if q_start >= 0 and ctx.text[q_start + len(qualifier):start_char].strip() == "":
                start_char = q_start
        unit, category, anchor = _what(ctx, doc[start_tok:end_tok], last, currency)
        if category == "year" or (category is None and unit is None and value >= 1800 and value <= 2100 and float(value).is_integer()):
            i = j
            continue
        if _is_ordinal(tok) and category != "duration":
            i = j
            continue
        # a noun phrase counted: take it into the text ("at least six people")
        if unit and anchor > end_tok - 1 and anchor - (end_tok - 1) <= 2 and category not in ("money",):
            end_char = dtok[anchor].idx + len(dtok[anchor].text)
        qid = f"n{len(out) + 1}"
        out.append(Quantity(id=qid, value=int(value) if float(value).is_integer() else value, qualifier=qualifier,
                            unit=unit, category=category, text=ctx.text[start_char:end_char], start=start_char, end=end_char))
        anchors[qid] = anchor
        i = max(j, end_tok)
    return out, anchors


def _numberish(tok: Token) -> bool:
    if tok.like_num and not re.fullmatch(r"\d{1,2}:\d{2}", tok.text):
        return True
    low = tok.lower_
    return low in SMALL or all(p in SMALL for p in low.split("-")) or bool(re.fullmatch(r"\d+(st|nd|rd|th)", low))


def _is_ordinal(tok: Token) -> bool:
    return bool(re.fullmatch(r"\d+(st|nd|rd|th)", tok.lower_)) or tok.ent_type_ == "ORDINAL"


def _what(ctx: DocContext, span, last: Token, currency: str | None) -> tuple[str | None, str | None, int]:
    """(unit, category, anchor token) of a number: what it counts and what its clause says happened to them."""
    kb = ctx.kb
    doc = ctx.doc
    dtok = ctx.tokens
    if currency:
        return currency, "money", span.root.head.i
    if last.ent_type_ == "PERCENT" or (last.i + 1 < len(doc) and dtok[last.i + 1].lower_ in ("percent", "%", "per")):
        return "percent", "percent", last.i
    # the counted noun: the number's head when the number modifies it, or the next noun
    noun = None
    if last.dep_ in ("nummod", "quantmod", "compound") and last.head.pos_ in ("NOUN", "PROPN", "ADJ") and last.head.i > last.i:
        noun = last.head
        if noun.dep_ == "quantmod" or noun.lower_ in SCALES:
            noun = noun.head
    elif last.i + 1 < len(doc) and dtok[last.i + 1].pos_ == "NOUN":
        noun = dtok[last.i + 1]
    elif last.i + 2 < len(doc) and dtok[last.i + 1].lower_ in ("more", "other") and dtok[last.i + 2].pos_ == "NOUN":
        noun = dtok[last.i + 2]
    before = ctx.text[max(0, span.start_char - 20):span.start_char].lower()
    if "word count" in before or (noun is not None and noun.lower_ in ("words", "word")):
        return "words", "word count", last.i
    unit = noun.lower_ if noun is not None else None
    # the category from the governing verb or noun ("killing ... six people", "six people were killed", "the death
    # toll rose to 12", "18 injured")
    head = noun if noun is not None else last
    cat = _casualty(kb, head) or _casualty(kb, last)
    if cat is None and last.i + 1 < len(doc):
        cat = _lemma_category(kb, dtok[last.i + 1])
    if cat is None and unit is None and last.i + 1 < len(doc) and dtok[last.i + 1].lower_ in ("more", "others"):
        unit = "people"
        cat = _casualty(kb, dtok[last.i + 1])
    if unit is None and cat in ("killed", "injured", "arrested", "displaced", "missing"):
        unit = "people"
    category = cat or (unit if unit else None)
    return unit, category, head.i


def _lemma_category(kb, tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    for cat in ("killed", "injured", "arrested", "displaced", "missing"):
        if lemma in kb.words(cat) or tok.lower_ in kb.words(cat):
            return cat
    return None


def _casualty(kb, tok: Token) -> str | None:
    """Walks from a counted noun up its heads (at most four steps) to a casualty verb or noun."""
    t = tok
    for _ in range(4):
        cat = _lemma_category(kb, t)
        if cat:
            return cat
        if t.lower_ == "toll" and any(c.lower_ in ("death", "casualty") for c in t.children):
            return "killed"
        for c in t.children:
            if c.dep_ in ("amod", "acl") and _lemma_category(kb, c):
                return _lemma_category(kb, c)
        if t.head.i == t.i or t.pos_ == "VERB" and t.dep_ in ("ROOT", "ccomp"):
            break
        t = t.head
    return None
