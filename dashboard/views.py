"""What the dashboard's tables say: rows of plain text built from summaries and store rows.

No Streamlit here, so every label, colour and filter is tested directly. User text (names, notes,
sources) stays plain text: the pages show it with st.dataframe / st.text, never as HTML or markdown.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from indicators.catalogue import Catalogue, Unit
from indicators.confidentiality import visible_rows
from indicators.formatting import (format_baseline, format_change, format_interval, format_period,
                                   format_value, latest_values)
from indicators.summary import IndicatorSummary
from indicators.validation import is_http_url
from indicators.vocabulary import BETTER, QUALIFIER_LABELS, STALE, UNCLEAR, WORSE, freshness_label, verdict_label



def is_link(url: str | None) -> bool:
    """Only http(s) addresses become links; anything else is shown as plain text."""
    return is_http_url(url)


def indicator_link(indicator_id: str) -> str:
    """The shareable address of an indicator's page."""
    return f"/indicator?indicator={indicator_id}"


@dataclass(frozen=True)
class Headline:
    worse: int
    better: int
    unclear: int
    stale: int
    total: int


def headline(summaries: Iterable[IndicatorSummary]) -> Headline:
    """How many indicators moved each way since the baseline, how many are unclear, how many stale."""
    summaries = list(summaries)
    verdicts = Counter(s.verdict for s in summaries)
    return Headline(verdicts[WORSE], verdicts[BETTER], verdicts[UNCLEAR],
                    sum(s.freshness == STALE for s in summaries), len(summaries))


def latest_text(s: IndicatorSummary) -> str:
    """The latest figure as its sources put it; disagreeing sources side by side."""
    return latest_values(s.latest, s.unit)


def latest_period(s: IndicatorSummary) -> str:
    return format_period(s.latest[0]["period_start"], s.latest[0]["period_end"]) if s.latest else ""


def baseline_text(s: IndicatorSummary) -> str:
    """The baseline worded as `barometer list` words it (fallback and pin marked)."""
    return format_baseline(s.baseline, s.unit)


def change_text(s: IndicatorSummary) -> str:
    return format_change(s.change, s.unit)


@dataclass(frozen=True)
class Figure:
    """A headline figure short enough for a metric, and what qualifies it, for the line beneath."""
    value: str
    note: str = ""


def latest_figure(s: IndicatorSummary) -> Figure:
    return Figure(latest_text(s), latest_period(s))


def baseline_figure(s: IndicatorSummary) -> Figure:
    """"≥ 450" over "per 30 days · fallback: 2019-07-03": the basis and caveats on their own line."""
    est = s.baseline
    if est is None:
        return Figure("no data")
    notes = ["per 30 days" if est.basis == "per_30_days" else "",
             f"fallback: {est.period_end}" if est.fallback else "", "pinned" if est.pinned else ""]
    return Figure(format_interval(est.interval, s.unit), " · ".join(n for n in notes if n))


def change_figure(s: IndicatorSummary) -> Figure:
    """"at most −67 %" becomes "≤ −67 %", the way open bounds are written everywhere else."""
    text = change_text(s)
    for words, sign in (("at most ", "≤ "), ("at least ", "≥ ")):
        if text.startswith(words):
            text = sign + text[len(words):]
    return Figure(text)


def overview_rows(summaries: Sequence[IndicatorSummary], sparklines: Mapping[str, Sequence[Mapping]],
                  catalogue: Catalogue) -> list[dict]:
    """One row per indicator, in catalogue order, with everything the overview table shows."""
    rows = []
    for s in summaries:
        ind = s.indicator
        rows.append({
            "id": ind.id, "family": ind.family, "family_name": catalogue.families[ind.family].name,
            "name": ind.name, "link": indicator_link(ind.id), "latest": latest_text(s), "period": latest_period(s),
            "baseline": baseline_text(s), "change": change_text(s), "verdict": s.verdict,
            "verdict_label": verdict_label(s.verdict), "trend": [p["value"] for p in sparklines.get(ind.id, [])],
            "freshness": s.freshness, "freshness_label": freshness_label(s.freshness), "age_days": s.age_days,
            "sources": s.sources,
        })
    return rows


def filter_rows(rows: Iterable[dict], *, families: Sequence[str] = (), verdicts: Sequence[str] = (),
                freshness: Sequence[str] = (), search: str = "") -> list[dict]:
    """Rows matching every filter given; an empty filter keeps everything. Search is case-blind over
    name, id and family."""
    needle = search.strip().casefold()
    return [r for r in rows
            if (not families or r["family"] in families)
            and (not verdicts or r["verdict"] in verdicts)
            and (not freshness or r["freshness"] in freshness)
            and (not needle or needle in f"{r['name']} {r['id']} {r['family_name']}".casefold())]


def grouped(rows: Iterable[dict]) -> list[tuple[str, list[dict]]]:
    """Rows grouped by family name, keeping the order in which families first appear."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["family_name"], []).append(r)
    return list(groups.items())


def observation_rows(rows: Iterable[Mapping], unit: Unit, *, editor: bool) -> list[dict]:
    """The observations table: the figure as written, its provenance and status, as plain text.

    Only an editor (a session that may edit: unlocked, or no password set) sees confidential notes,
    sources and their citations, and an edit link on every active row.
    """
    out = []
    for r in visible_rows(rows, editor=editor):
        source, note = r["source_url"], r["note"]
        status = r["status"] + (f": {r['status_reason']}" if r["status_reason"] else "")
        if r["supersedes"]:
            status += f" (corrects #{r['supersedes']})"
        out.append({
            "id": r["id"], "period": format_period(r["period_start"], r["period_end"]),
            "value": format_value(r, unit), "qualifier": QUALIFIER_LABELS[r["qualifier"]],
            "source": source if is_link(source) else None,
            "source_text": None if is_link(source) else (source or "[confidential]"),
            "citation": r["citation"] or "", "note": note or "", "entered_by": r["entered_by"], "entered_at": r["entered_at"],
            "status": status,
            "edit": f"/edit?observation={r['id']}" if editor and r["status"] == "active" else None,
        })
    return out


def event_rows(events: Iterable[Mapping], catalogue: Catalogue) -> list[dict]:
    out = []
    for e in events:
        family = catalogue.families.get(e["family"]) if e["family"] else None
        out.append({"date": format_period(e["date_start"], e["date_end"]), "label": e["label"],
                    "family": family.name if family else (e["family"] or ""), "description": e["description"] or "",
                    "source": e["source_url"] if is_link(e["source_url"]) else None,
                    "source_text": None if is_link(e["source_url"]) else e["source_url"]})
    return out
