"""Names that the common noun beside them classifies, whatever the recogniser guessed or missed: a place named by
what it is ("the town of Urus-Martan", "the state of Michoacan", "the Kosevo stadium", "Stansted airport") and an
organisation named by its kind ("the Yonhap news agency", "the Ruch newsstand chain").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from crosscheck.extract.context import DocContext

#: "the town of X": nouns for a kind of place whose "of" phrase names it
PLACE_OF = frozenset({"town", "city", "village", "province", "state", "region", "district", "county", "island",
                      "port", "capital", "suburb", "municipality", "enclave", "republic", "prefecture", "governorate"})
#: "the X stadium": nouns for a place or building named by the capitalised words before them
PLACE_AFTER = frozenset({"stadium", "airport", "prison", "jail", "camp", "river", "valley", "mosque", "cathedral",
                         "square", "border", "crossing", "airbase", "base"})
#: "the X news agency": nouns for a kind of organisation named by the capitalised words before them
ORG_AFTER = frozenset({"agency", "newspaper", "daily", "weekly", "magazine", "chain", "airline", "carrier", "bank",
                       "company", "firm", "party", "militia", "brokerage", "broadcaster", "network"})
#: "Belgian club Standard Liege", "the militant group al-Gama'a al-Islamiya": nouns for a kind of organisation
#: written right before its name
ORG_BEFORE = frozenset({"club", "team", "side", "newspaper", "daily", "weekly", "agency", "company", "firm", "group",
                        "bank", "airline", "broadcaster", "network", "militia", "movement", "organisation",
                        "organization", "party"})
#: a club named by its players and staff right before them ("Newcastle team mate", "the Norwich striker")
ORG_STAFF = frozenset({"team", "skipper", "striker", "midfielder", "defender", "goalkeeper", "manager", "coach"})


def _free_name(ctx: DocContext, toks: list[Token]) -> bool:
    """Proper nouns (linked by a hyphen or "of", "for", "in"), none of them a title word, nor the first word of a
    sentence alone."""
    return bool(toks) and all((t.pos_ == "PROPN" or t.text == "-") and not t.is_stop and t.lower_ not in ctx.kb.roles
                              for t in toks if t.lower_ not in ("of", "for", "in")) \
        and not (len(toks) == 1 and toks[0].is_sent_start)


def _name_before(doc_tokens: Span, end: int) -> list[Token]:
    """The run of capitalised words (at most three) that ends right before token ``end``."""
    doc = doc_tokens.doc
    out: list[Token] = []
    i = end - 1
    while i >= 0 and len(out) < 3 and doc[i].text[:1].isupper() and (doc[i].is_alpha or "-" in doc[i].text) \
            and "\n" not in doc[i].whitespace_:
        out.insert(0, doc[i])
        i -= 1
    return out


def cued_names(ctx: DocContext) -> dict[tuple[int, int], str]:
    """(start, end) character spans of names a classifying noun labels, with their entity label (GPE, LOC, ORG)."""
    out: dict[tuple[int, int], str] = {}
    doc = ctx.doc
    dtok = ctx.tokens
    for tok in dtok:
        low = tok.lower_
        if low in PLACE_OF and tok.pos_ == "NOUN" and tok.i + 2 < len(doc) and dtok[tok.i + 1].lower_ == "of":
            toks: list[Token] = []
            j = tok.i + 2
            while j < len(doc) and len(toks) < 5 and (dtok[j].text[:1].isupper() and dtok[j].is_alpha or (
                    dtok[j].text == "-" and toks and not dtok[j - 1].whitespace_ and not dtok[j].whitespace_)):
                toks.append(dtok[j])  # "Urus-Martan" is three tokens
                if "\n" in dtok[j].whitespace_:
                    break
                j += 1
            while toks and toks[-1].text == "-":
                toks.pop()
            if _free_name(ctx, toks) and not any(t.is_sent_start for t in toks):
                out[(toks[0].idx, toks[-1].idx + len(toks[-1].text))] = "GPE"
        if tok.pos_ == "NOUN" and tok.is_lower and low in ORG_BEFORE and tok.i + 1 < len(doc) and not tok.whitespace_.count("\n"):
            toks = []
            j = tok.i + 1
            while j < len(doc) and len(toks) < 6 and "\n" not in dtok[j - 1].whitespace_ and (
                    dtok[j].pos_ == "PROPN" and dtok[j].text[:1].isupper() and dtok[j].ent_type_ not in ("DATE", "TIME")
                    or toks and dtok[j].lower_ in ("of", "for", "in") and j + 1 < len(doc) and dtok[j + 1].pos_ == "PROPN"):
                toks.append(dtok[j])  # "the group Human Rights in China"
                j += 1
            name = " ".join(t.text for t in toks)
            if toks and len(name) > 2 and _free_name(ctx, toks) and not ctx.kb.country_code(name) and not ctx.kb.place(name) \
                    and not any(k.kind == "person" for k in ctx.kb.known(name)):
                out.setdefault((toks[0].idx, toks[-1].idx + len(toks[-1].text)), "ORG")
        if tok.pos_ == "NOUN" and tok.is_lower and low in ORG_STAFF:
            toks = _name_before(doc[:], tok.i)
            if toks and toks[-1].dep_ == "compound" and toks[-1].head.i == tok.i and _free_name(ctx, toks) \
                    and not ctx.kb.country_code(" ".join(t.text for t in toks)) and not ctx.kb.known(" ".join(t.text for t in toks)):
                out[(toks[0].idx, toks[-1].idx + len(toks[-1].text))] = "ORG"
        elif tok.pos_ == "NOUN" and tok.is_lower and (low in PLACE_AFTER or low in ORG_AFTER):
            start = tok.i
            while start > 0 and tok.i - start < 2 and dtok[start - 1].is_lower and dtok[start - 1].pos_ in ("NOUN", "ADJ") \
                    and dtok[start - 1].lower_ not in PLACE_AFTER | ORG_AFTER:
                start -= 1  # "the Yonhap news agency": past the common words of the kind
            toks = _name_before(doc[:], start)
            if _free_name(ctx, toks) and not ctx.kb.country_by_demonym.get(toks[-1].lower_) \
                    and not ctx.kb.country_code(" ".join(t.text for t in toks)):
                out[(toks[0].idx, toks[-1].idx + len(toks[-1].text))] = "LOC" if low in PLACE_AFTER else "ORG"
    return out
