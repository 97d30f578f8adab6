"""The moves a span made: a verdict that changed, a figure outside the baseline for the first time, a new high
or low, a series gone stale, a source whose collector keeps failing."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from ...readings import baseline as bl
from ...model.catalogue import Catalogue, Indicator
from ...model.catalogue_translations import cadence_label
from ...languages.i18n import _, count, data_language, ngettext
from ...readings.reading import reading
from ...store import FAILED_RUN, Store
from ...model.vocabulary import NOTHING_NEWER, NO_DATA, STALE, VERDICTS, verdict_word
from .model import ERROR_SHOWN, FAILING, HIGH, Item, LOW, OUTSIDE, Span, Standing, VERDICT, WENT_STALE
from .texts import (bound_text, estimate_text, in_catalogue_order, baseline_text, figure, latest_text,
                    public_sources, rows_behind, rule_text, standing_rows, standing_text)


# -- moves --------------------------------------------------------------------------------------------------


def verdict_moves(catalogue: Catalogue, before: Standing, after: Standing) -> list[Item]:
    """Verdicts that changed, by where they went (toward weaker legitimacy first, in the order of VERDICTS), then
    in catalogue order."""
    rule = _("the verdict against the 2020 baseline changed")
    out = []
    for ind in in_catalogue_order(catalogue):
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
    return [stale_item(WENT_STALE, _("went stale"), catalogue, after, ind.id) for ind in in_catalogue_order(catalogue)
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
    for ind in in_catalogue_order(catalogue):
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
                outside.append(item(OUTSIDE, est, group, told.format(name=ind.name, figure=estimate_text(est, unit),
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
            told = told.format(name=ind.name, figure=estimate_text(est, unit), first=first, day=start,
                               bound=bound_text(record, est, unit))
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
