"""What the dashboard's tables say: rows of plain text built from summaries and store rows.

No Streamlit here, so every label, colour and filter is tested directly. User text (names, notes,
sources) stays plain text: the pages show it with st.dataframe / st.text, never as HTML or markdown.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from indicators.model.addresses import shown_url
from indicators.reports.alert_view import RUN_WORDS
from indicators.model.catalogue import Catalogue, Unit
from indicators.confidentiality import WITHHELD, visible_rows
from indicators.readings.formatting import (baseline_marks, basis_words, format_interval, format_period,
                                            format_raw, format_value, latest_values, status_text)
from indicators.model.catalogue_translations import cadence_label, localize_note
from indicators.readings import story
from indicators.languages.i18n import N_, _, count, data_language
from indicators.readings.reading import reading
from indicators.readings.summary import IndicatorSummary, biggest_moves, headline_counts
from indicators.model.text_policy import neutralize
from indicators.model.validation import is_http_url
from indicators.model.vocabulary import (BETTER, STALE, UNCLEAR, VERDICTS, WORSE, escape_markdown, freshness_label,
                                         kind_word, qualifier_label, verdict_color, verdict_short, word_for,
                                         worse_when_words)

from . import language
from .dates import readable_time


def is_link(url: str | None) -> bool:
    """Only http(s) addresses become links; anything else is shown as plain text."""
    return is_http_url(url)


@dataclass(frozen=True)
class Headline:
    """The counts of indicators by where they stand (summary.headline_counts), and how many are stale."""

    counts: dict[str, int]
    stale: int
    total: int


def headline(summaries: Iterable[IndicatorSummary]) -> Headline:
    summaries = list(summaries)
    return Headline(headline_counts(summaries), sum(s.freshness == STALE for s in summaries), len(summaries))


RECENT_DAYS = 28


@dataclass(frozen=True)
class Move:
    """One line of the first screen: an indicator, where it stands on its basis, and its sources."""

    id: str
    name: str
    latest: str
    period: str
    baseline: str
    change: str
    verdict_label: str
    note: str
    sources: int
    link: str


@dataclass(frozen=True)
class FirstScreen:
    weaker: list[Move]
    stronger: list[Move]
    recent: list[Move]      # indicators with a figure for a period ending in the last four weeks
    ambiguous: list[Move]   # falls read with repression
    last_entered: str | None
    last_period_end: str | None


def _move(s: IndicatorSummary) -> Move:
    r = reading(s)
    return Move(s.indicator.id, s.indicator.name, r.latest, r.period, r.baseline, r.change, r.verdict_label, r.note,
                s.sources, language.indicator_link(s.indicator.id))


def first_screen(summaries: Sequence[IndicatorSummary], today: date, last_entered: str | None,
                 last_period_end: str | None, limit: int = 5) -> FirstScreen:
    """What moved: the largest certain moves each way since the baseline, what has new figures in the last four
    weeks, and the falls that read with repression."""
    since = (today - timedelta(days=RECENT_DAYS)).isoformat()
    recent = sorted((s for s in summaries if s.latest and s.latest[0]["period_end"] >= since),
                    key=lambda s: s.latest[0]["period_end"], reverse=True)
    return FirstScreen([_move(s) for s in biggest_moves(summaries, WORSE, limit)],
                       [_move(s) for s in biggest_moves(summaries, BETTER, limit)],
                       [_move(s) for s in recent[:limit * 2]],
                       [_move(s) for s in summaries if s.context],
                       last_entered, last_period_end)


@dataclass(frozen=True)
class Figure:
    """A headline figure short enough for a metric, and what qualifies it, for the line beneath."""
    value: str
    note: str = ""


def latest_figure(s: IndicatorSummary) -> Figure:
    """"≥ 857" over "per 30 days · ≥ 200 in 7 days · 9–15 Aug": the figure on its basis, then what it was made of."""
    r = reading(s)
    if s.current is None or not s.latest:
        return Figure(r.latest, r.period)
    value = format_interval(s.current.interval, s.unit) if s.indicator.basis == "per_30_days" else \
        latest_values(s.latest, s.unit)
    notes = [basis_words(s.current).strip(), format_raw(s.current, s.unit), r.period]
    return Figure(value, " · ".join(n for n in notes if n))


def baseline_figure(s: IndicatorSummary) -> Figure:
    """"≥ 450" over "per 30 days · ≥ 1,140 in 76 days · fallback: 2019-07-03": basis and caveats beneath."""
    est = s.baseline
    if est is None:
        return Figure(_("no data"))
    notes = [basis_words(est).strip(), format_raw(est, s.unit), baseline_marks(est)]
    return Figure(format_interval(est.interval, s.unit), " · ".join(n for n in notes if n))


def change_figure(s: IndicatorSummary) -> Figure:
    """"at most −67 %" becomes "≤ −67 %", the way open bounds are written everywhere else; the reason beneath
    when there is no comparison."""
    r = reading(s)
    text = r.change
    for words, sign in ((_("at most {change}"), "≤ "), (_("at least {change}"), "≥ ")):
        before, _placeholder, after = words.partition("{change}")
        if text.startswith(before) and text.endswith(after) and len(text) > len(before) + len(after):
            text = sign + text[len(before):len(text) - len(after)]
    return Figure(text, r.note)


def indicator_facts(ind, catalogue: Catalogue) -> str:
    """The line under an indicator's name, as `barometer show` writes it: family, unit, kind, direction, cadence."""
    return _("family: {family} · unit: {unit} · {kind} · {direction} · {cadence}").format(
        family=catalogue.families[ind.family].name, unit=catalogue.units[ind.unit].label, kind=kind_word(ind.kind),
        direction=worse_when_words(ind.worse_when), cadence=cadence_label(catalogue, ind.cadence, data_language()))


def verdict_cell_colour(verdict: str) -> str:
    """The colour of a verdict's label in a table: its own where white letters read on it (weaker, stronger),
    else dark grey; the glyph and the word carry the verdict in any case."""
    return verdict_color(verdict) if verdict in (WORSE, BETTER) else "#4D4D4D"


ROW_PX = 35  # a table row's height in Streamlit's data grid
# A row tall enough for five lines: Streamlit's grid wraps a cell's text only in rows taller than 4 rem (64 px), so
# that a long name or baseline wraps instead of being cut.
WRAP_ROW_PX = 98


def table_height(rows: int, row_px: int = ROW_PX) -> int:
    """A table tall enough for all its rows and its header, so that it never scrolls inside the page."""
    return row_px * rows + ROW_PX + 3


def _level(est) -> float | None:
    """One number for a sparkline from an estimate: a point, a finite bound, or a range's middle."""
    if est is None:
        return None
    lo, hi = est.interval.lo, est.interval.hi
    finite = [b for b in (lo, hi) if math.isfinite(b)]
    return sum(finite) / len(finite) if finite else None


def trend(s: IndicatorSummary, points: Sequence[Mapping]) -> list[float]:
    """The sparkline: monthly values since the baseline window opened; for an indicator whose figures all
    predate it, its last figure held flat (nothing newer is known), on the same basis as its latest."""
    values = [p["value"] for p in points]
    if not values and s.latest:
        level = _level(s.current)
        if level is None:  # a figure off its basis (a month of a count per year): drawn as it was written
            figures = [r["value"] if r["value"] is not None else r["value_low"] for r in s.latest]
            level = figures[0] if figures and figures[0] is not None else None
        if level is not None:
            return [level, level]
    return values


def overview_rows(summaries: Sequence[IndicatorSummary], sparklines: Mapping[str, Sequence[Mapping]],
                  catalogue: Catalogue) -> list[dict]:
    """One row per indicator, in catalogue order, with everything the overview table shows."""
    rows = []
    for s in summaries:
        ind, r = s.indicator, reading(s)
        rows.append({
            "id": ind.id, "family": ind.family, "family_name": catalogue.families[ind.family].name,
            "name": ind.name, "link": language.indicator_link(ind.id), "latest": r.latest, "period": r.period,
            "baseline": r.baseline, "change": r.change, "verdict": s.verdict, "note": r.note,
            "verdict_label": r.verdict_label, "trend": trend(s, sparklines.get(ind.id, [])),
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


def observation_rows(rows: Iterable[Mapping], unit: Unit, *, editor: bool, lang: str = "en",
                     catalogue: Catalogue | None = None) -> list[dict]:
    """The observations table: the figure as written, its provenance and status, as plain text (text from people
    neutralized, as in every export: the table's own CSV download must not carry a formula), notes in `lang`
    where the catalogue's translations have them.

    Only an editor (a session that may edit: unlocked, or no password set) sees confidential notes,
    sources and their citations, and an edit link on every active row.
    """
    out = []
    for r in visible_rows(rows, editor=editor):
        source, note = r["source_url"], r["note"]
        status = status_text(r)
        out.append({
            "id": r["id"], "period": format_period(r["period_start"], r["period_end"]),
            "value": format_value(r, unit), "qualifier": qualifier_label(r["qualifier"]),
            "source": source if is_link(source) else None,
            "source_text": None if is_link(source) else neutralize(source or WITHHELD),
            "citation": neutralize(r["citation"] or ""), "note": neutralize(localize_note(note or "", lang, catalogue, collector=r.get("collector"))),
            "entered_by": neutralize(r["entered_by"]), "entered_at": r["entered_at"], "status": neutralize(status),
            "edit": language.observation_link(r["id"]) if editor and r["status"] == "active" else None,
        })
    return out


def event_rows(events: Iterable[Mapping], catalogue: Catalogue) -> list[dict]:
    out = []
    for e in events:
        family = catalogue.families.get(e["family"]) if e["family"] else None
        out.append({"date": format_period(e["date_start"], e["date_end"]), "label": neutralize(e["label"]),
                    "family": family.name if family else (e["family"] or ""),
                    "description": neutralize(e["description"] or ""),
                    "source": e["source_url"] if is_link(e["source_url"]) else None,
                    "source_text": None if is_link(e["source_url"]) else neutralize(e["source_url"])})
    return out


# How a collector's last run went (collectors.status), and what it says of a source loaded only from files.
RUN_STATUS = {**RUN_WORDS, "never run": N_("never run")}
FILES_ONLY = N_("from files only")
FROM_A_FILE = N_("{status}, from a file")


def run_status(status: str) -> str:
    """A run's status in words ("ok", "failed"); one the dashboard does not know reads as itself."""
    return word_for(RUN_STATUS, status)


def source_table(rows: Iterable[Mapping]) -> list[dict]:
    """The Sources page's rows as people read them: times as "Tue 1 Dec 10:30 UTC", and "–" where a source
    has nothing to say yet (never "None", which is how a table draws an empty number)."""
    out = []
    for r in rows:
        shown = {k: ("–" if v is None or v == "" else v) for k, v in r.items()}
        shown["last_run"] = readable_time(r.get("last_run"))
        shown["status"] = _(FROM_A_FILE).format(status=run_status(r["status"])) if r.get("from_file") else \
            run_status(r["status"])
        nxt = r.get("next_run")
        shown["next_run"] = readable_time(nxt) if nxt and nxt[:1].isdigit() else _(nxt) if nxt == FILES_ONLY else (
            nxt or "–")
        for column in ("rows_added", "rows_revised"):
            shown[column] = "–" if r.get(column) is None else count(r[column])
        out.append(shown)
    return out


def linked(rows, columns: Sequence[str] = ("source",)):
    """A table whose link columns show each address as a browser's address bar does (percent-encoded letters as
    letters), linking to it as stored: a Styler, whose format is the text a LinkColumn shows. Only when some
    address reads otherwise decoded, and only within the cells pandas styles (a table of tens of thousands of
    observations goes as it is, its addresses as stored)."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    shown = [c for c in columns if c in frame.columns]
    decoded = any(isinstance(u, str) and shown_url(u) != u for c in shown for u in frame[c])
    if not decoded or frame.size > pd.get_option("styler.render.max_elements"):
        return frame
    return frame.style.format(na_rep="").format(
        {c: (lambda u: shown_url(u) if isinstance(u, str) else "") for c in shown}, na_rep="")


HAND_COLUMNS = ["source", "host", "figures", "indicators", "latest", "latest_period", "link", "address"]


def hand_source_table(rows: Iterable[Mapping]) -> list[dict]:
    """The Sources page's hand-entered sources: each latest figure's address as a link when it may be one, else
    as plain text (never a formula in the table's CSV)."""
    return [{**{k: r[k] for k in HAND_COLUMNS[:6]}, "source": neutralize(r["source"]),
             "link": r["latest_source"] if is_link(r["latest_source"]) else None,
             "address": None if is_link(r["latest_source"]) else neutralize(r["latest_source"])} for r in rows]


# -- the first screen: the reading per family, the timeline, and the indicators as cards on a phone --------

TIMELINE_START = "2019-01-01"  # the overview's timeline: from the year before the baseline to today


@dataclass(frozen=True)
class FamilyCard:
    """A family's reading as the overview shows it: plain text lines, and the leading figure with its link."""

    family: str
    name: str
    verdicts: str   # "▼ 2 weaker · ▲ 1 stronger · ● 0 unclear"
    compared: str   # "3 of 7 series compared since 2021: …"
    coverage: str   # "4 of 7 with a figure since 2021"
    leading: str    # "Political prisoners: 1 (July 2020) → 1,135 (December 2025)", or why there is none
    link: str | None


def family_cards(readings: Iterable[story.FamilyReading]) -> list[FamilyCard]:
    cards = []
    for r in readings:
        verdicts = " · ".join(f"{VERDICTS[v][0]} {count(n)} {verdict_short(v)}"
                              for v, n in ((WORSE, r.weaker), (BETTER, r.stronger), (UNCLEAR, r.unclear)))
        lead = r.leading
        cards.append(FamilyCard(r.family, r.name, verdicts, story.counts_words(r), story.coverage_words(r),
                                lead.words() if lead else _("no figure since 2021"),
                                language.indicator_link(lead.indicator_id) if lead else None))
    return cards


def family_targets(readings: Iterable[story.FamilyReading], summaries: Sequence[IndicatorSummary]) -> dict[str, str]:
    """The series an event of each family is read with (family id to indicator id): the family's leading series,
    else its first series with any figure, else its first series. Its page draws the family's events on its
    chart."""
    targets = {}
    for r in readings:
        mine = [s for s in summaries if s.indicator.family == r.family]
        targets[r.family] = r.leading.indicator_id if r.leading else next(
            (s.indicator.id for s in mine if s.latest), mine[0].indicator.id)
    return targets


def timeline_events(events: Iterable[Mapping], targets: Mapping[str, str]) -> list[Mapping]:
    """The events the overview's timeline shows: those since TIMELINE_START of a family with series."""
    return [e for e in events if e["date_end"] >= TIMELINE_START and e["family"] in targets]


def timeline_rows(events: Iterable[Mapping], catalogue: Catalogue, targets: Mapping[str, str]) -> list[dict]:
    """The overview's timeline as a table, newest first: each event, its family, and a link to the series of the
    family it is read with."""
    out = []
    for e in sorted(timeline_events(events, targets), key=lambda e: (e["date_start"], e["label"]), reverse=True):
        target = catalogue.get(targets[e["family"]])
        out.append({"date": format_period(e["date_start"], e["date_end"]), "label": neutralize(e["label"]),
                    "family": catalogue.families[e["family"]].name, "link": language.indicator_link(target.id),
                    "indicator": target.name})
    return out


def indicator_cards(group: Iterable[Mapping]) -> str:
    """A family's indicators as a phone shows them, one card each (a Markdown list, every text escaped): the name
    as its page's link, then latest, baseline, change and verdict on lines of their own."""
    items = []
    for r in group:
        lines = [f"**[{escape_markdown(r['name'])}]({r['link']})**",
                 f"{escape_markdown(_('Latest'))}: {escape_markdown(r['latest'])}",
                 f"{escape_markdown(_('Baseline 2020'))}: {escape_markdown(r['baseline'])}",
                 f"{escape_markdown(_('Change'))}: {escape_markdown(r['change'])} · {escape_markdown(r['verdict_label'])}"]
        items.append("- " + "  \n  ".join(lines))
    return "\n".join(items)


# -- how wide a table's columns are, so that no text in them is cut -------------------------------------------

CHAR_PX = 7.4         # a character of the grid's 14-pixel font, on average over Latin and Cyrillic text
CELL_PADDING_PX = 24  # a cell's padding and a little room
LINE_MAX_PX = 340     # wider than this, a column's text wraps instead (on rows of WRAP_ROW_PX)
WRAP_LINES = 5        # the lines a row of WRAP_ROW_PX holds
WRAP_SLACK = 1.3      # words never fill a wrapped line exactly
LABEL_PADDING_PX = 16  # a coloured label's own padding inside its cell


def column_width(texts: Iterable[object]) -> tuple[int, bool]:
    """(width in pixels, whether it wraps) for a column holding `texts` (its header among them): one line as wide
    as its longest text, else wrapped on up to WRAP_LINES lines of LINE_MAX_PX or more."""
    longest = max((len(str(t)) for t in texts if t is not None), default=0)
    one_line = longest * CHAR_PX + CELL_PADDING_PX
    if one_line <= LINE_MAX_PX:
        return math.ceil(one_line), False
    return math.ceil(max(LINE_MAX_PX, longest / WRAP_LINES * CHAR_PX * WRAP_SLACK + CELL_PADDING_PX)), True


def label_width(texts: Iterable[object]) -> int:
    """The width of a column of coloured labels (the verdicts): as wide as its longest, which cannot wrap."""
    return column_width(texts)[0] + LABEL_PADDING_PX
