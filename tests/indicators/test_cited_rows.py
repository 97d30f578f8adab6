"""Every figure shipped from a public page can be checked against the page: its passage is quoted, the figure
stands in the passage as written (or the note says how it was derived), its period is a real span of days, and
its qualifier says what the passage's words say ("at least", "about", "over")."""
from __future__ import annotations

import re
from datetime import date

import pytest

from indicators.model.catalogue import load_catalogue
from indicators.seed import cited_records, correction_records, paper_records

CATALOGUE = load_catalogue()


def as_shipped() -> list[dict]:
    """The cited figures as `init` leaves them: each correction applied, each retraction gone."""
    key = ("indicator_id", "period_start", "period_end", "source_url", "entered_by")
    fixes = {tuple(c[k] for k in key) + (c["value"],): c for c in correction_records(CATALOGUE)}
    out = []
    for row in cited_records(CATALOGUE):
        fix = fixes.get(tuple(row[k] for k in key) + (row["value"],))
        if fix is None:
            out.append(row)
        elif fix["action"] == "correct":
            changed = {k.removeprefix("new_"): v for k, v in fix.items() if k.startswith("new_") and v}
            if "value_low" in changed:
                changed.setdefault("value", "")
            out.append({**row, **changed})
    return out


ROWS = as_shipped()
AT_LEAST = ("at least", "over ", "more than", "more ", "exceed", "upwards of", "no fewer", "не менее", "не меньше",
            "более", "свыше", "больше", "не менш", "больш", "звыш", "как минимум", "як мінімум", "über", "ponad",
            "powyżej", "oltre", "+")
APPROX = ("about", "around", "approximately", "nearly", "almost", "some ", "estimate", "roughly", "approx",
          "close to", "около", "почти", "примерно", "порядка", "приблизительно", "каля", "амаль", "прыкладна",
          "блізу", "około", "prawie", "circa", "etwa", "rund", "~", "≈")
AT_MOST = ("at most", "up to", "no more than", "less than", "under ", "fewer than", "as many as", "не более",
           "менее", "меньше", "до ", "не больш", "менш", "nawet", "do ", "bis zu", "≤")
# A note that says how a figure was read: "Derived: …", an arithmetic step ("158 - 5"), or a rounding.
READ_IN_NOTE = re.compile(r"derived|rounded|\d\s*[+×*/=]\s*\d|\d\s+[-−]\s+\d", re.I)
# Thousands grouped by one separator (1,140 · 1 140 · 1.140), else a plain number (24.1 · 24,1).
NUMBER = re.compile(r"\d{1,3}(?:[\s\u00a0\u202f.,]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?")
SCALES = {"thousand": 1e3, "тыс": 1e3, "тысяч": 1e3, "tys": 1e3, "million": 1e6, "млн": 1e6, "mln": 1e6,
          "billion": 1e9, "млрд": 1e9, "mld": 1e9}
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}


def numbers_in(text: str) -> set[float]:
    """Every number the passage writes, in the ways pages write them: 1140, 1,140, 1 140, 1.140, 24.1, 24,1."""
    found: set[float] = set()
    for raw in NUMBER.findall(text):
        digits = re.sub(r"[\s\u00a0\u202f]", "", raw)
        for c in {digits.replace(",", ""), digits.replace(".", "").replace(",", "."), digits.replace(",", "."),
                  digits.replace(".", "")}:
            try:
                found.add(float(c))
            except ValueError:
                pass
    found |= {float(n) for word, n in WORDS.items() if re.search(rf"\b{word}\b", text, re.I)}
    return found


def stands_in(value: float, text: str, unit: str) -> bool:
    """The figure as the passage writes it, or as it writes it in thousands, millions or billions (a unit of
    millions of dollars reads "$1.5 billion" as 1,500)."""
    found = numbers_in(text)
    scales = [1.0] + [scale for word, scale in SCALES.items() if word in text.lower()]
    if unit == "usd_million":
        scales = [scale / 1e6 for scale in scales if scale >= 1e6] + [1.0]
    return any(abs(value / scale - n) < 1e-9 * max(1.0, abs(n)) for scale in scales for n in found)


def passage(row) -> str:
    """The quoted passage: from the citation's first double quote to its last."""
    text = row["citation"]
    return text[text.find('"') + 1:text.rfind('"')] if text.count('"') >= 2 else ""


def ident(row) -> str:
    return f"{row['indicator_id']} {row['period_start']} {row['value'] or row['value_low']}"


@pytest.mark.parametrize("row", ROWS, ids=ident)
def test_every_cited_figure_is_quoted_with_its_passage_and_its_figure_stands_in_it(row):
    text = passage(row)
    assert text.strip(), "no passage quoted in the citation"
    values = [float(v) for v in (row["value"], row["value_low"], row["value_high"]) if v not in (None, "")]
    assert values, "no figure"
    if not READ_IN_NOTE.search(row["note"] or ""):
        unit = CATALOGUE.get(row["indicator_id"]).unit
        missing = [v for v in values if not stands_in(v, text, unit)]
        assert not missing, f"{missing} not in the passage (or say in the note how it was derived)"


@pytest.mark.parametrize("row", ROWS, ids=ident)
def test_every_cited_period_is_a_real_span_of_days(row):
    start, end = date.fromisoformat(row["period_start"]), date.fromisoformat(row["period_end"])
    assert start <= end <= date(2026, 12, 31) and start >= date(1990, 1, 1)


@pytest.mark.parametrize("row", ROWS, ids=ident)
def test_every_qualifier_says_what_the_passage_says(row):
    text, q = passage(row).lower(), row["qualifier"]
    if READ_IN_NOTE.search(row["note"] or ""):
        return  # the note says how the figure, and so its qualifier, was read
    if q == "at_least":
        assert any(w in text for w in AT_LEAST), "at_least without 'at least', 'over', 'more than'… in the passage"
    elif q == "approx":
        assert any(w in text for w in APPROX), "approx without 'about', 'around', 'nearly'… in the passage"
    elif q == "at_most":
        assert any(w in text for w in AT_MOST), "at_most without 'at most', 'up to', 'less than'… in the passage"
    elif q == "range":
        assert row["value_low"] and row["value_high"] and float(row["value_low"]) <= float(row["value_high"])


def test_every_correction_names_a_shipped_figure_and_says_why():
    shipped = {(r["indicator_id"], r["period_start"], r["period_end"], r["source_url"], r["entered_by"],
                float(r["value"]) if r["value"] else None) for r in [*cited_records(CATALOGUE), *paper_records(CATALOGUE)]}
    for c in correction_records(CATALOGUE):
        key = (c["indicator_id"], c["period_start"], c["period_end"], c["source_url"], c["entered_by"],
               float(c["value"]) if c["value"] else None)
        assert key in shipped, key
        assert c["action"] in ("correct", "retract") and len(c["reason"]) > 20, key
