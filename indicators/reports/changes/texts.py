"""The words of a change: an indicator's standing, baseline and latest figure, a rule, figures as named in one
sentence, each read from indicators.readings.reading and indicators.readings.formatting over public rows only."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from ...readings import baseline as bl
from ...model.catalogue import Catalogue, Indicator
from ...confidentiality import public_view
from ...readings.formatting import (basis_words, format_number, format_period, format_standing, format_value,
                                    unit_suffix)
from ...languages.i18n import _, count
from ...readings.reading import reading
from ...readings.summary import IndicatorSummary
from ...model.vocabulary import NOTHING_NEWER
from .model import KINDS, LISTED_FIGURES, SHOWN_FIGURES, Standing


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


def carried_figures(figures: Sequence[dict]) -> tuple[dict, ...]:
    """The figures an item carries: the latest LISTED_FIGURES of them."""
    return tuple(figures[-LISTED_FIGURES:])


def estimate_text(est: bl.Estimate, unit) -> str:
    return f"{format_standing(est, unit)} ({format_period(est.period_start, est.period_end)})"


def bound_text(x: float | None, est: bl.Estimate, unit) -> str:
    if x is None or not math.isfinite(x):
        return _("open-ended")
    return format_number(x, unit) + unit_suffix(unit) + basis_words(est)


def named_together(texts: Sequence[str]) -> str:
    if len(texts) <= SHOWN_FIGURES:
        return ", ".join(texts)
    return _("{figures} (the latest {shown} of {total})").format(figures=", ".join(texts[-SHOWN_FIGURES:]),
                                                                 shown=SHOWN_FIGURES, total=count(len(texts)))


def in_catalogue_order(catalogue: Catalogue) -> list[Indicator]:
    families = {fid: f.position for fid, f in catalogue.families.items()}
    return sorted(catalogue.indicators.values(), key=lambda i: (families[i.family], i.position, i.id))
