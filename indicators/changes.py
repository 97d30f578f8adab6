"""What changed between two moments: figures added, corrected and retracted, and the moves they made.

A span runs from the first moment of its first day to the last moment of its last day (UTC). Edits are read
by when they were made: rows entered, and rows retracted, within the span. Moves compare where each indicator
stood at the opening (the end of the day before the span) with where it stood at the closing (the end of its
last day), each read as a past week is (summary.read_rows: only figures for periods ending by then count):

- as the periods stood, with every correction made since (the default, as a plain weekly snapshot reads); or
- as known then (`as_known_then`): only what had been entered by each moment, later corrections and
  retractions undone, as an as-known-then snapshot reads. The changes between two such snapshots are then
  exactly what `changes` lists for the weeks after the first up to the second.

The moves: a verdict that changed; a figure outside the baseline's interval for the first time since the
baseline window closed; a new high or low since the window opened; a series that went stale; a source whose
collector failed on so many runs in a row (the catalogue's alert rule). Each item names its indicator, its
figures (qualifier and period), the baseline it was judged against, the rule, and its public sources: every
text comes from indicators.reading and indicators.formatting, and every row passes through
confidentiality.public_view, so no confidential note or source reaches an item.

Nothing here reads the clock: the same database and span give the same items.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import baseline as bl
from .catalogue import Catalogue, Indicator
from .confidentiality import public_view
from .catalogue_translations import cadence_label, localize_event
from .formatting import basis_words, format_number, format_period, format_standing, format_value, unit_suffix
from .i18n import N_, _, count, data_language, ngettext
from .reading import reading
from .shipped import shipped
from .store import FAILED_RUN, Store, end_of
from .summary import IndicatorSummary, StandingRows, read_rows, summarize_indicator, with_context
from .vocabulary import NO_DATA, NOTHING_NEWER, STALE, VERDICTS, verdict_word

VERDICT, OUTSIDE, HIGH, LOW, WENT_STALE, FAILING = "verdict", "outside_baseline", "new_high", "new_low", "stale", \
    "collector_failing"
ADDED, CORRECTED, RETRACTED, SHIPPED, EVENT = "added", "corrected", "retracted", "shipped", "event"
# Every kind, in the order a reader meets them, with its heading: what people entered first, then what the install
# loaded (one line), then the moves.
KINDS = {
    ADDED: N_("Figures added"),
    CORRECTED: N_("Figures corrected"),
    RETRACTED: N_("Figures retracted"),
    SHIPPED: N_("Shipped with this version"),
    VERDICT: N_("Verdicts that changed"),
    OUTSIDE: N_("Outside the 2020 baseline for the first time"),
    HIGH: N_("New highs since the baseline"),
    LOW: N_("New lows since the baseline"),
    WENT_STALE: N_("Series that went stale"),
    FAILING: N_("Sources whose collector keeps failing"),
    EVENT: N_("Events"),
}
SHOWN_FIGURES = 5  # figures named in one sentence
LISTED_FIGURES = 100  # figures an item carries (the latest); `detail.figures_total` counts them all
ERROR_SHOWN = 200


@dataclass(frozen=True)
class Span:
    """From the start of `start` to the end of `end` (UTC), read as the periods stood or as known then."""

    start: date
    end: date
    as_known_then: bool = False
    label: str = ""

    @property
    def opening_day(self) -> date:
        return self.start - timedelta(days=1)

    @property
    def opening(self) -> str:
        """The moment before the span: the end of the day before it."""
        return end_of(self.opening_day)

    @property
    def closing(self) -> str:
        return end_of(self.end)

    def describe(self) -> str:
        days = _("{start} to {end}").format(start=self.start.isoformat(), end=self.end.isoformat())
        head = f"{self.label} ({days})" if self.label else days
        if self.as_known_then:
            return _("{span}, as known then: only what had been entered by each moment counts; later entries, "
                     "corrections and retractions are left out").format(span=head)
        return _("{span}, figures for periods ending by then, with every correction made since").format(span=head)


@dataclass(frozen=True)
class Standing:
    """Where every indicator stood at the end of a day, with the rows it was read from."""

    day: date
    summaries: dict[str, IndicatorSummary]
    rows: StandingRows


def standing_at(store: Store, catalogue: Catalogue, day: date, *, as_of: str | None = None,
                until: bool = True) -> Standing:
    """Where each indicator stood at the end of `day`, as a snapshot of the week ending then reads it:
    periods ending by then (`until`), entered by `as_of` when given, freshness judged on that day."""
    rows = read_rows(store, catalogue, until=day.isoformat() if until else None, as_of=as_of)
    every = with_context([summarize_indicator(ind, catalogue, rows, day) for ind in catalogue.indicators.values()])
    return Standing(day, {s.indicator.id: s for s in every}, rows)


def opening_standing(store: Store, catalogue: Catalogue, span: Span, closing: Standing) -> Standing:
    """Where each indicator stood at the span's opening. Read as the periods stood, the baseline window's rows
    and those before it are the closing's, less the periods that end after the opening day (summary.read_rows
    reads the same rows for both days once both are past the window's start); only the latest figures are read
    again; an indicator none of whose window rows end after the opening day keeps the closing's baseline, read
    from the same rows. As known then, everything is read again: what was known differs."""
    day = span.opening_day
    if span.as_known_then or day < date.fromisoformat(catalogue.baseline_window[0]) - timedelta(days=1):
        return standing_at(store, catalogue, day, as_of=span.opening if span.as_known_then else None)
    cap = day.isoformat()
    rows = StandingRows({iid: kept for iid, found in closing.rows.window.items()
                         if (kept := [r for r in found if r["period_end"] <= cap])},
                        closing.rows.earlier, store.recent_rows(bl.RATE_DAYS, until=cap))

    def same_rows(iid: str) -> bool:
        return len(rows.window.get(iid, ())) == len(closing.rows.window.get(iid, ()))

    every = with_context([summarize_indicator(ind, catalogue, rows, day, same_baseline_rows=(
        closing.summaries.get(iid) if same_rows(iid) else None)) for iid, ind in catalogue.indicators.items()])
    return Standing(day, {s.indicator.id: s for s in every}, rows)


@dataclass(frozen=True)
class Item:
    """One change. `text` is the sentence without its sources; `explanation` is what a reader sees."""

    kind: str
    indicator_id: str | None
    subject: str
    text: str
    rule: str
    sources: tuple[str, ...] = ()
    baseline: str | None = None
    figures: tuple[dict, ...] = ()
    at: str | None = None
    detail: dict = field(default_factory=dict)
    sourced: bool = True  # False: an item that stands for many figures names no sources (the shipped load)

    @property
    def explanation(self) -> str:
        if not self.sourced:
            return self.text
        tail = (_("Sources: {sources}.").format(sources=", ".join(self.sources)) if self.sources
                else _("No public source."))
        return f"{self.text} {tail}"

    def as_json(self) -> dict:
        return {"kind": self.kind, "indicator_id": self.indicator_id, "subject": self.subject,
                "explanation": self.explanation, "rule": self.rule, "baseline": self.baseline,
                "sources": list(self.sources), "figures": list(self.figures), "at": self.at, "detail": self.detail}


# -- texts ------------------------------------------------------------------------------------------------


def public_sources(rows: Iterable[Mapping]) -> tuple[str, ...]:
    return tuple(sorted({u for u in (public_view(r).get("source_url") for r in rows) if u}))


def rows_behind(est: bl.Estimate | None, rows: Iterable[Mapping]) -> list[Mapping]:
    """The rows an estimate was made from: those of the periods it used."""
    if est is None:
        return []
    periods = set(est.periods)
    return [r for r in rows if (r["period_start"], r["period_end"]) in periods]


def standing_rows(standing: Standing, indicator_id: str) -> list[Mapping]:
    """The rows behind where an indicator stands: its latest figures, its current estimate, its baseline."""
    s, rows = standing.summaries[indicator_id], standing.rows
    return [*s.latest, *rows_behind(s.current, rows.recent.get(indicator_id, [])),
            *rows_behind(s.baseline, [*rows.window.get(indicator_id, []), *rows.earlier.get(indicator_id, [])])]


def kind_heading(kind: str) -> str:
    """"Figures added": the heading of a kind of change."""
    return _(KINDS[kind])


def baseline_text(s: IndicatorSummary) -> str:
    if s.baseline is None:
        return _("no 2020 baseline")
    return _("2020 baseline {baseline}").format(baseline=reading(s).baseline)


def latest_text(s: IndicatorSummary) -> str:
    """"latest ≥ 857 per 30 days (2020-08-09 – 2020-08-15)", or that there is no figure yet."""
    r = reading(s)
    return _("latest {figure} ({period})").format(figure=r.latest, period=r.period) if r.period else \
        _("no figure yet")


def standing_text(s: IndicatorSummary) -> str:
    """Where an indicator stands, in the words every surface uses: latest, baseline, change, verdict."""
    r = reading(s)
    if s.verdict == NOTHING_NEWER or s.change is None:
        verdict = r.verdict
    else:
        verdict = _("change {change}, {verdict}").format(change=r.change, verdict=r.verdict)
    note = f" ({r.note})" if r.note else ""
    return _("Now: {latest}; {baseline}; {verdict}.").format(latest=latest_text(s), baseline=baseline_text(s),
                                                             verdict=verdict + note)


def rule_text(rule: str) -> str:
    """"Rule: …." closing an item's sentence."""
    return _("Rule: {rule}.").format(rule=rule)


def figure_text(row: Mapping, unit) -> str:
    return f"{format_value(row, unit)} ({format_period(row['period_start'], row['period_end'])})"


def figure(row: Mapping, unit) -> dict:
    """A figure as items carry it: the public part of its row."""
    return {"id": row["id"], "qualifier": row["qualifier"], "value": row["value"], "value_low": row["value_low"],
            "value_high": row["value_high"], "period_start": row["period_start"], "period_end": row["period_end"],
            "text": figure_text(row, unit)}


def _carried(figures: Sequence[dict]) -> tuple[dict, ...]:
    """The figures an item carries: the latest LISTED_FIGURES of them."""
    return tuple(figures[-LISTED_FIGURES:])


def _estimate_text(est: bl.Estimate, unit) -> str:
    return f"{format_standing(est, unit)} ({format_period(est.period_start, est.period_end)})"


def _bound_text(x: float | None, est: bl.Estimate, unit) -> str:
    if x is None or not math.isfinite(x):
        return _("open-ended")
    return format_number(x, unit) + unit_suffix(unit) + basis_words(est)


def _listed(texts: Sequence[str]) -> str:
    if len(texts) <= SHOWN_FIGURES:
        return ", ".join(texts)
    return _("{figures} (the latest {shown} of {total})").format(figures=", ".join(texts[-SHOWN_FIGURES:]),
                                                                 shown=SHOWN_FIGURES, total=count(len(texts)))


def _ordered(catalogue: Catalogue) -> list[Indicator]:
    families = {fid: f.position for fid, f in catalogue.families.items()}
    return sorted(catalogue.indicators.values(), key=lambda i: (families[i.family], i.position, i.id))


# -- moves --------------------------------------------------------------------------------------------------


def verdict_moves(catalogue: Catalogue, before: Standing, after: Standing) -> list[Item]:
    """Verdicts that changed, by where they went (toward weaker legitimacy first, in the order of VERDICTS), then
    in catalogue order."""
    rule = _("the verdict against the 2020 baseline changed")
    out = []
    for ind in _ordered(catalogue):
        b, a = before.summaries[ind.id], after.summaries[ind.id]
        if a.verdict == b.verdict:
            continue
        if b.verdict == NO_DATA and a.verdict == NOTHING_NEWER:
            what = _("a first figure, which is its own 2020 baseline: nothing to compare it with yet")
        else:
            what = _("now {now}, was {was}").format(now=verdict_word(a.verdict), was=verdict_word(b.verdict))
        out.append(Item(VERDICT, ind.id, ind.name, f"{ind.name}: {what}. {standing_text(a)} {rule_text(rule)}", rule,
                        public_sources(standing_rows(after, ind.id)),
                        reading(a).baseline if a.baseline else None,
                        tuple(figure(r, a.unit) for r in a.latest),
                        a.latest[0]["period_end"] if a.latest else None,
                        {"from": b.verdict, "to": a.verdict}))
    rank = {verdict: n for n, verdict in enumerate(VERDICTS)}
    return sorted(out, key=lambda item: rank[item.detail["to"]])  # stable: catalogue order within


def stale_item(kind: str, words: str, catalogue: Catalogue, standing: Standing, iid: str,
               rule_note: str = "") -> Item:
    """A stale series as one item (a change that went stale, or an alert that is): the words ("went stale", "is
    stale") say which."""
    s = standing.summaries[iid]
    ind = s.indicator
    cadence = catalogue.cadences[ind.cadence]
    rule = ngettext("a series {words}: its latest period ended more than {days} day before the day it is read "
                    "({cadence})",
                    "a series {words}: its latest period ended more than {days} days before the day it is read "
                    "({cadence})", cadence.stale_days).format(words=words, days=count(cadence.stale_days),
                                                              cadence=cadence_label(catalogue, ind.cadence, data_language()))
    what = ngettext("{name}: {words}: its latest figure's period ends {end}, {days} day before {day}.",
                    "{name}: {words}: its latest figure's period ends {end}, {days} days before {day}.",
                    s.age_days).format(name=ind.name, words=words, end=s.latest[0]["period_end"],
                                       days=count(s.age_days), day=standing.day.isoformat())
    text = f"{what} {standing_text(s)} {rule_text(rule + rule_note)}"
    return Item(kind, iid, ind.name, text, rule, public_sources(standing_rows(standing, iid)),
                reading(s).baseline if s.baseline else None, tuple(figure(r, s.unit) for r in s.latest),
                s.latest[0]["period_end"], {"age_days": s.age_days, "cadence": ind.cadence})


def collector_item(kind: str, catalogue: Catalogue, standing: Standing, source: str, runs: list[dict]) -> Item:
    """A source whose collector failed run after run, as one item."""
    text, rule = failure_text(catalogue, standing, source, runs)
    return Item(kind, None, source, text, rule, catalogue_sources(catalogue, source), None, (), runs[0]["started_at"],
                {"source": source, "runs": [r["id"] for r in runs],
                 "indicators": [i.id for i in catalogue.by_collector(source)]})


def stale_moves(catalogue: Catalogue, before: Standing, after: Standing) -> list[Item]:
    return [stale_item(WENT_STALE, _("went stale"), catalogue, after, ind.id) for ind in _ordered(catalogue)
            if after.summaries[ind.id].freshness == STALE and before.summaries[ind.id].freshness != STALE
            and catalogue.alert_rule(ind.id).stale]


def period_estimates(ind: Indicator, unit, rows: Sequence[Mapping]) -> list[tuple[bl.Estimate, list[Mapping]]]:
    """Each period's figures on the indicator's basis (merged when sources disagree), by period end; a rate's
    periods shorter than its fewest days are left out, as a baseline leaves them."""
    groups: dict[tuple[str, str], list[Mapping]] = defaultdict(list)
    for r in rows:
        groups[(r["period_start"], r["period_end"])].append(r)
    out = []
    for (start, end), group in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        est = bl.estimate(group, ind, unit)
        if est is not None:
            out.append((est, group))
    return out


def _spec(catalogue: Catalogue, ind: Indicator) -> tuple:
    unit = catalogue.units[ind.unit]
    return (ind.id, ind.basis == "per_30_days", ind.min_period_days if ind.basis == "per_30_days" else 1,
            unit.min, unit.max, ind.approx_tolerance)


def _inf(x: float | None, sign: int) -> float:
    return sign * math.inf if x is None else x


def _record(found: list, high: bool):
    """The span's period with the highest lower bound (or the lowest upper bound), the first of equals, with the
    periods of the span before it; None when every bound is open."""
    bound = (lambda e: e.interval.lo) if high else (lambda e: -e.interval.hi)
    finite = [(n, e) for n, (e, _) in enumerate(found) if math.isfinite(bound(e))]
    if not finite:
        return None
    n = max(finite, key=lambda ne: (bound(ne[1]), -ne[0]))[0]
    return found[n], [e for e, _ in found[:n]]


def figure_moves(store: Store, catalogue: Catalogue, span: Span, after: Standing) -> list[Item]:
    """Figures for periods ending in the span outside the baseline's interval for the first time since the
    window closed, and new highs and lows since the window opened (each period's figures on the basis).

    The history before the span is asked only what decides each question (is there an earlier period at least as
    high, or outside the baseline?), answered in SQL at the first period found; it is read whole only for a
    change there is to tell."""
    as_of = span.closing if span.as_known_then else None
    first, last = catalogue.baseline_window
    start = span.start.isoformat()
    after_window = (date.fromisoformat(last) + timedelta(days=1)).isoformat()
    in_span = store.window_rows(start, span.end.isoformat(), ending_by=span.end.isoformat(), as_of=as_of)
    outside, highs, lows = [], [], []
    for ind in _ordered(catalogue):
        rows = [r for r in in_span.get(ind.id, []) if r["period_end"] >= start and r["period_end"] >= first]
        found = period_estimates(ind, catalogue.units[ind.unit], rows)
        if not found:
            continue
        iid, s, spec = ind.id, after.summaries[ind.id], _spec(catalogue, ind)
        unit, base = s.unit, s.baseline
        base_rows = rows_behind(base, [*after.rows.window.get(iid, []), *after.rows.earlier.get(iid, [])])
        baseline = reading(s).baseline if base else None

        def item(kind, est, group, text, rule, detail):
            return Item(kind, iid, ind.name, f"{text} {standing_text(s)} {rule_text(rule)}", rule,
                        public_sources([*group, *base_rows]), baseline, tuple(figure(r, unit) for r in group),
                        est.period_end, detail)

        if bl.usable(base, ind) and s.verdict != NOTHING_NEWER:
            b = base.interval
            beyond = [(est, group, "above" if est.interval.lo > b.hi else "below") for est, group in found
                      if est.period_end > max(last, base.period_end) and (est.interval.lo > b.hi or est.interval.hi < b.lo)]
            if beyond and not store.any_period(spec, after_window, start, floor_from=b.hi, ceiling_to=b.lo,
                                               strict=True, as_of=as_of):
                est, group, side = beyond[0]
                rule = _("a figure outside the 2020 baseline's interval, for the first time since the window "
                         "closed")
                told = (_("{name}: {figure} lies above the 2020 baseline {baseline}: the first figure outside it "
                          "since the baseline window closed on {day}.") if side == "above" else
                        _("{name}: {figure} lies below the 2020 baseline {baseline}: the first figure outside it "
                          "since the baseline window closed on {day}."))
                outside.append(item(OUTSIDE, est, group, told.format(name=ind.name, figure=_estimate_text(est, unit),
                                                                     baseline=baseline, day=last),
                                    rule, {"side": side}))
        for high in (True, False):
            found_record = _record(found, high)
            if found_record is None:
                continue
            (est, group), before = found_record
            lo, hi = est.interval.lo, est.interval.hi
            if base is not None and (base.interval.lo >= lo if high else base.interval.hi <= hi):
                continue
            if store.any_period(spec, first, start, floor_from=lo if high else None,
                                ceiling_to=None if high else hi, as_of=as_of):
                continue  # an earlier period was at least as high (as low): no record
            ext = store.figure_extremes([spec], first, start, last, as_of=as_of).get(iid, {})
            if not ext.get("periods") and base is None and not before:
                continue  # the first figure there is: nothing to beat
            if high:
                ceilings = [_inf(ext.get("max_hi"), 1) if ext else -math.inf,
                            base.interval.hi if base else -math.inf, *(e.interval.hi for e in before)]
                certain, record = lo > max(ceilings), max(_inf(ext.get("max_lo"), -1) if ext else -math.inf,
                                                         base.interval.lo if base else -math.inf)
                rule = _("a figure higher than any since {day}").format(day=first)
                told = (_("{name}: {figure} is higher than any figure since {first}; the highest lower bound "
                          "before {day}: {bound}.") if certain else
                        _("{name}: {figure} has the highest lower bound of any figure since {first} (an earlier "
                          "open-ended or wider figure may have been as high); the highest lower bound before {day}: "
                          "{bound}."))
                kind, records = HIGH, highs
            else:
                floors = [_inf(ext.get("min_lo"), -1) if ext else math.inf,
                          base.interval.lo if base else math.inf, *(e.interval.lo for e in before)]
                certain, record = hi < min(floors), min(_inf(ext.get("min_hi"), 1) if ext else math.inf,
                                                        base.interval.hi if base else math.inf)
                rule = _("a figure lower than any since {day}").format(day=first)
                told = (_("{name}: {figure} is lower than any figure since {first}; the lowest upper bound before "
                          "{day}: {bound}.") if certain else
                        _("{name}: {figure} has the lowest upper bound of any figure since {first} (an earlier "
                          "open-ended or wider figure may have been as low); the lowest upper bound before {day}: "
                          "{bound}."))
                kind, records = LOW, lows
            told = told.format(name=ind.name, figure=_estimate_text(est, unit), first=first, day=start,
                               bound=_bound_text(record, est, unit))
            records.append(item(kind, est, group, told, rule, {"certain": certain}))
    return [*outside, *highs, *lows]


def collector_threshold(catalogue: Catalogue, source: str) -> int:
    """How many failed runs in a row make a source's collector failing: the fewest its indicators' rules ask
    (0: the rule is off for all of them)."""
    wanted = [catalogue.alert_rule(i.id).collector_failures for i in catalogue.by_collector(source)]
    wanted = [n for n in wanted if n > 0]
    return min(wanted) if wanted else 0


def failing_streak(store: Store, source: str, n: int, *, by: str | None = None) -> list[dict]:
    """The source's last `n` finished runs (started by `by`) when every one of them failed, else []."""
    runs = store.runs(source, limit=n, started_by=by, finished=True)
    return runs if n > 0 and len(runs) == n and all(r["status"] in FAILED_RUN for r in runs) else []


def fed_text(catalogue: Catalogue, standing: Standing, source: str) -> str:
    parts = []
    for ind in catalogue.by_collector(source):
        s = standing.summaries[ind.id]
        parts.append(f"{ind.name} ({latest_text(s)}; {baseline_text(s)})")
    return "; ".join(parts)


def catalogue_sources(catalogue: Catalogue, source: str) -> tuple[str, ...]:
    return tuple(sorted({s.url for i in catalogue.by_collector(source) for s in i.sources}))


def failure_text(catalogue: Catalogue, standing: Standing, source: str, runs: Sequence[Mapping]) -> tuple[str, str]:
    """(sentence, rule) for a source whose last runs all failed."""
    n = len(runs)
    error = " ".join(str(runs[0]["error"] or _("no error logged")).split())
    error = error if len(error) <= ERROR_SHOWN else error[:ERROR_SHOWN - 1] + "…"
    if n == 1:
        rule = _("a source whose collector failed on its last run")
        what = _("{source}: the collector failed on its last run, started {at} UTC; the latest error: {error}.").format(
            source=source, at=runs[0]["started_at"][:16], error=error)
    else:
        rule = ngettext("a source whose collector failed on {n} run in a row",
                        "a source whose collector failed on {n} runs in a row", n).format(n=count(n))
        what = ngettext("{source}: the collector failed on its last {n} run in a row, started {first} to {last} UTC; "
                        "the latest error: {error}.",
                        "{source}: the collector failed on its last {n} runs in a row, started {first} to {last} "
                        "UTC; the latest error: {error}.", n).format(
            source=source, n=count(n), first=runs[-1]["started_at"][:16], last=runs[0]["started_at"][:16],
            error=error)
    fed = _("Not updated meanwhile: {indicators}.").format(indicators=fed_text(catalogue, standing, source))
    return f"{what} {fed} {rule_text(rule)}", rule


def collector_moves(store: Store, catalogue: Catalogue, span: Span, after: Standing) -> list[Item]:
    out = []
    for source in sorted({i.collector for i in catalogue.indicators.values() if i.collector}):
        n = collector_threshold(catalogue, source)
        runs = failing_streak(store, source, n, by=span.closing)
        if not runs or failing_streak(store, source, n, by=span.opening):
            continue
        out.append(collector_item(FAILING, catalogue, after, source, runs))
    return out


# -- edits --------------------------------------------------------------------------------------------------


def entered_rule(what: str, span: Span) -> str:
    """"figures entered from 2026-12-07 to 2026-12-07 (UTC)": the days of the span, as people read them."""
    rules = {ADDED: _("figures entered from {start} to {end} (UTC)"),
             CORRECTED: _("figures corrected from {start} to {end} (UTC)"),
             RETRACTED: _("figures retracted from {start} to {end} (UTC)")}
    return rules[what].format(start=span.start.isoformat(), end=span.end.isoformat())


def shipped_item(rows: Sequence[Mapping], span: Span) -> Item:
    """The figures `barometer init` loaded from the files shipped with this version, as one line."""
    rule = entered_rule(ADDED, span)
    day = max(r["entered_at"] for r in rows)[:10]
    what = ngettext("Shipped with this version: {n} figure, loaded by barometer init on {day}.",
                    "Shipped with this version: {n} figures, loaded by barometer init on {day}.",
                    len(rows)).format(n=count(len(rows)), day=day)
    return Item(SHIPPED, None, _(KINDS[SHIPPED]), f"{what} {rule_text(rule)}", rule, (), None, (),
                max(r["entered_at"] for r in rows),
                {"figures_total": len(rows), "indicators": len({r["indicator_id"] for r in rows})}, sourced=False)


def edits(store: Store, catalogue: Catalogue, span: Span, after: Standing) -> list[Item]:
    """Figures people and collectors added, corrected and retracted in the span, by indicator in catalogue order,
    then what `init` loaded from the shipped files (indicators.shipped) as one item."""
    ship = shipped(catalogue)
    entered = [r for r in store.entered_between(span.opening, span.closing) if r["indicator_id"] in catalogue.indicators]
    loaded = [r for r in entered if ship.holds(r)]
    entered = [r for r in entered if not ship.holds(r)]
    retracted = [r for r in store.retracted_between(span.opening, span.closing)
                 if r["indicator_id"] in catalogue.indicators and not ship.retracted(r)]
    replaced = store.rows_by_id(r["supersedes"] for r in entered if r["supersedes"] is not None)
    added: dict[str, list[dict]] = defaultdict(list)
    corrected: dict[tuple, list[tuple[dict, dict]]] = defaultdict(list)
    gone: dict[tuple, list[dict]] = defaultdict(list)
    for r in entered:
        if r["supersedes"] is None:
            added[r["indicator_id"]].append(r)
        else:
            old = replaced[r["supersedes"]]
            corrected[(r["indicator_id"], r["entered_by"], old["status_reason"] or "")].append((old, r))
    for r in retracted:
        gone[(r["indicator_id"], r["status_reason"] or "")].append(r)
    order = {ind.id: n for n, ind in enumerate(_ordered(catalogue))}
    out = []
    for iid in sorted(added, key=order.get):
        ind, s = catalogue.indicators[iid], after.summaries[iid]
        rows = sorted(added[iid], key=lambda r: (r["period_end"], r["period_start"], r["id"]))
        by = ", ".join(sorted({r["entered_by"] for r in rows}))
        rule = entered_rule(ADDED, span)
        what = ngettext("{name}: {n} figure added by {by}: {figures}.", "{name}: {n} figures added by {by}: {figures}.",
                        len(rows)).format(name=ind.name, n=count(len(rows)), by=by,
                                          figures=_listed([figure_text(r, s.unit) for r in rows]))
        out.append(Item(ADDED, iid, ind.name, f"{what} {standing_text(s)} {rule_text(rule)}", rule,
                        public_sources(rows),
                        reading(s).baseline if s.baseline else None, _carried([figure(r, s.unit) for r in rows]),
                        max(r["entered_at"] for r in rows),
                        {"entered_by": sorted({r["entered_by"] for r in rows}), "figures_total": len(rows)}))
    for key in sorted(corrected, key=lambda k: (order[k[0]], min(new["id"] for _, new in corrected[k]))):
        iid, by, reason = key
        ind, s = catalogue.indicators[iid], after.summaries[iid]
        pairs = corrected[key]
        rule = entered_rule(CORRECTED, span)
        texts = []
        for old, new in pairs:
            before_, after_ = figure_text(old, s.unit), figure_text(new, s.unit)
            texts.append((_("observation {id}, {before} → {after} (the figure is unchanged)") if before_ == after_
                          else _("observation {id}, {before} → {after}")).format(id=old["id"], before=before_,
                                                                                 after=after_))
        what = _("{name}: corrected by {by}: {figures}; reason: {reason}.").format(
            name=ind.name, by=by, figures=_listed(texts), reason=reason or _("none given"))
        out.append(Item(CORRECTED, iid, ind.name, f"{what} {standing_text(s)} {rule_text(rule)}", rule,
                        public_sources([r for pair in pairs for r in pair]),
                        reading(s).baseline if s.baseline else None,
                        _carried([{**figure(new, s.unit), "corrects": figure(old, s.unit)} for old, new in pairs]),
                        max(new["entered_at"] for _, new in pairs),
                        {"entered_by": by, "reason": reason, "figures_total": len(pairs)}))
    for key in sorted(gone, key=lambda k: (order[k[0]], min(r["id"] for r in gone[k]))):
        iid, reason = key
        ind, s = catalogue.indicators[iid], after.summaries[iid]
        rows = gone[key]
        rule = entered_rule(RETRACTED, span)
        texts = [_("observation {id}, {figure} entered by {by}").format(id=r["id"], figure=figure_text(r, s.unit),
                                                                       by=r["entered_by"]) for r in rows]
        what = _("{name}: retracted {figures}; reason: {reason}.").format(name=ind.name, figures=_listed(texts),
                                                                          reason=reason)
        out.append(Item(RETRACTED, iid, ind.name, f"{what} {standing_text(s)} {rule_text(rule)}",
                        rule, public_sources(rows), reading(s).baseline if s.baseline else None,
                        _carried([figure(r, s.unit) for r in rows]), max(r["status_changed_at"] for r in rows),
                        {"reason": reason, "figures_total": len(rows)}))
    if loaded:
        out.append(shipped_item(loaded, span))
    return out


def events(store: Store, span: Span, catalogue: Catalogue | None = None) -> list[Item]:
    """The span's events, their labels in the reader's language from `catalogue`'s translations."""
    rule = _("an event recorded for a day in the span")
    out = []
    lang = data_language()
    for row in store.events(start=span.start.isoformat(), end=span.end.isoformat(),
                            as_of=span.closing if span.as_known_then else None):
        e = localize_event(row, lang, catalogue)
        text = f"{format_period(e['date_start'], e['date_end'])} · {e['label']}"
        if e["description"]:
            text += f" — {' '.join(e['description'].split()).rstrip('.')}"
        out.append(Item(EVENT, None, e["label"], f"{text}. {rule_text(rule)}", rule,
                        (e["source_url"],) if e["source_url"] else (), None, (), e["date_start"],
                        {"family": e["family"]}))
    return out


# -- the whole --------------------------------------------------------------------------------------------


def changes(store: Store, catalogue: Catalogue, span: Span, *, opening: Standing | None = None,
            closing: Standing | None = None) -> list[Item]:
    """Everything that changed in the span, in the order of KINDS. `opening` and `closing` may be given when the
    caller has read them already (a snapshot has the closing one)."""
    after = closing or standing_at(store, catalogue, span.end, as_of=span.closing if span.as_known_then else None)
    before = opening or opening_standing(store, catalogue, span, after)
    items = [*verdict_moves(catalogue, before, after), *figure_moves(store, catalogue, span, after),
             *stale_moves(catalogue, before, after), *collector_moves(store, catalogue, span, after),
             *edits(store, catalogue, span, after), *events(store, span, catalogue)]
    rank = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(items, key=lambda item: rank[item.kind])  # stable: each kind keeps its own order


# -- as a table ---------------------------------------------------------------------------------------------

CSV_FIELDS = ("kind", "indicator_id", "subject", "at", "figures", "baseline", "rule", "explanation", "sources")


def record(item: Item) -> dict:
    """One item as a flat row (changes.csv)."""
    return {"kind": item.kind, "indicator_id": item.indicator_id, "subject": item.subject, "at": item.at,
            "figures": "; ".join(f["text"] for f in item.figures) or None, "baseline": item.baseline,
            "rule": item.rule, "explanation": item.explanation, "sources": " ".join(item.sources) or None}
