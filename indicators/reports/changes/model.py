"""What a change is made of: the span it covers, where every indicator stood at a moment, and an item of
change with its kind, its figures, the baseline it was judged against, its rule and its public sources."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ...readings import baseline as bl
from ...model.catalogue import Catalogue
from ...languages.i18n import N_, _
from ...store import Store, end_of
from ...readings.summary import IndicatorSummary, StandingRows, read_rows, summarize_indicator, with_context



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
