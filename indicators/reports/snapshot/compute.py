"""A week's snapshot: each indicator's value that week, where it stood at the week's end against the 2020
baseline and against the week before, and the week's events.

Everything derives from the store and the week, never from the wall clock, so the same data and week
give the same snapshot. What changed during the week comes from indicators.reports.changes, read the same way. With
`as_known_then`, only what had been entered by the end of the week counts: later entries are ignored and later
corrections and retractions undone.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ...readings import baseline as bl
from ...model.catalogue import Catalogue, Indicator
from ...model.catalogue_translations import localize, localize_note
from ..changes import changes
from ..changes.model import Item, Span, Standing
from ...confidentiality import public_view
from ...languages.i18n import DEFAULT, _, current, data_language, use
from ...store import Store, end_of
from ...readings.summary import IndicatorSummary, read_rows, summarize_indicator, with_context
from ...model.validation import DATE_MAX, DATE_MIN, outside_dates

_WEEK = re.compile(r"^([0-9]{4})-W([0-9]{2})$")
AS_KNOWN_THEN_SUFFIX = "-as-known-then"


class WeekError(ValueError):
    """A week that cannot be snapshotted: malformed, or not yet over."""


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> "IsoWeek":
        m = _WEEK.match(text.strip())
        if not m:
            raise WeekError(_("{value} is not an ISO week; expected YYYY-Www, e.g. 2020-W30").format(value=repr(text)))
        year, week = int(m.group(1)), int(m.group(2))
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise WeekError(_("{value}: {year} has no week {week}").format(value=repr(text), year=year,
                                                                           week=week)) from None
        if not DATE_MIN <= monday <= DATE_MAX:
            raise WeekError(outside_dates(repr(text)))
        return cls(year, week)

    @classmethod
    def containing(cls, day: date) -> "IsoWeek":
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 7)

    @property
    def as_of(self) -> str:
        """The last moment of the week, in the store's timestamp form."""
        return end_of(self.sunday)

    @property
    def previous(self) -> "IsoWeek":
        return IsoWeek.containing(self.monday - timedelta(days=7))

    def __str__(self) -> str:
        return self.label


def last_complete_week(today: date) -> IsoWeek:
    return IsoWeek.containing(today - timedelta(days=today.isoweekday()))


def require_complete(week: IsoWeek, today: date) -> None:
    """A snapshot of a week still under way would change as the week goes on."""
    if week.sunday >= today:
        raise WeekError(_("{week} is not over yet (it ends on {sunday}); the latest complete week is {latest}").format(
            week=week.label, sunday=week.sunday.isoformat(), latest=last_complete_week(today).label))


@dataclass(frozen=True)
class IndicatorWeek:
    """One indicator in a week: its `summary` as at the week's end (latest figures, current estimate,
    baseline, change, verdict, freshness), the week's value, the week before's, and the move between them."""

    summary: IndicatorSummary
    week: bl.Estimate | None
    previous: bl.Estimate | None
    week_change: bl.Change | None
    sources: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def indicator(self) -> Indicator:
        return self.summary.indicator


@dataclass(frozen=True)
class Snapshot:
    week: IsoWeek
    as_known_then: bool
    indicators: tuple[IndicatorWeek, ...]
    events: tuple[dict, ...]
    catalogue: Catalogue
    changes: tuple[Item, ...] = ()  # what changed this week (indicators.reports.changes), read the same way
    lang: str = DEFAULT  # the language its texts were read in

    @property
    def as_of(self) -> str | None:
        return self.week.as_of if self.as_known_then else None

    @property
    def name(self) -> str:
        return self.week.label + (AS_KNOWN_THEN_SUFFIX if self.as_known_then else "")


def _rows_behind(est: bl.Estimate | None, rows: Iterable[Mapping]) -> list[Mapping]:
    """The rows an estimate was made from: those of the periods it used."""
    if est is None:
        return []
    periods = set(est.periods)
    return [r for r in rows if (r["period_start"], r["period_end"]) in periods]


def _public_texts(rows: Iterable[Mapping], key: str) -> tuple[str, ...]:
    return tuple(sorted({v for v in (public_view(r)[key] for r in rows) if v}))


def _public_notes(rows: Iterable[Mapping], catalogue: Catalogue) -> tuple[str, ...]:
    """The rows' public notes as they read in the language under way; in English, as stored."""
    lang = data_language()
    shown = (localize_note(public_view(r)["note"], lang, catalogue, collector=r.get("collector")) for r in rows)
    return tuple(sorted({note for note in shown if note}))


def _estimate(ind: Indicator, unit, rows: Sequence[Mapping]) -> bl.Estimate | None:
    return bl.estimate(rows, ind, unit) if rows else None


def compute(store: Store, catalogue: Catalogue, week: IsoWeek, *, as_known_then: bool = False,
            read_before: Snapshot | None = None) -> Snapshot:
    """The week's snapshot. Only figures whose period ends by the week's Sunday count, so a past week
    reads as it stood then; `as_known_then` also drops what was entered, corrected or retracted later.
    `read_before`: the same week read already, from the same rows, in another language: its baselines (figures,
    not words) are taken as they are."""
    as_of = week.as_of if as_known_then else None
    sunday = week.sunday.isoformat()
    rows = read_rows(store, catalogue, until=sunday, as_of=as_of)
    fortnight = store.window_rows(week.previous.monday.isoformat(), sunday, ending_by=sunday, as_of=as_of)
    monday = week.monday.isoformat()
    families = {fid: f.position for fid, f in catalogue.families.items()}
    ordered = sorted(catalogue.indicators.values(), key=lambda i: (families[i.family], i.position, i.id))
    known = {iw.indicator.id: iw.summary for iw in read_before.indicators} if read_before else {}
    summaries = with_context([summarize_indicator(ind, catalogue, rows, week.sunday,
                                                  same_baseline_rows=known.get(ind.id)) for ind in ordered])
    out = []
    for ind, summary in zip(ordered, summaries):
        unit = summary.unit
        two_weeks = fortnight.get(ind.id, [])
        this_rows = [r for r in two_weeks if r["period_end"] >= monday]
        this = _estimate(ind, unit, this_rows)
        prev = _estimate(ind, unit, [r for r in two_weeks if r["period_end"] < monday])
        behind = [*_rows_behind(this, this_rows), *summary.latest,
                  *_rows_behind(summary.current, rows.recent.get(ind.id, [])),
                  *_rows_behind(summary.baseline, [*rows.window.get(ind.id, []), *rows.earlier.get(ind.id, [])])]
        sources = _public_texts(behind, "source_url")
        out.append(IndicatorWeek(replace(summary, sources=len(sources)), this, prev,
                                 bl.change(this, prev, ind.worse_when), sources,
                                 _public_notes([*this_rows, *summary.latest], catalogue)))
    events = store.events(start=monday, end=sunday, as_of=as_of)
    closing = Standing(week.sunday, {s.indicator.id: s for s in summaries}, rows)
    week_changes = changes(store, catalogue, Span(week.monday, week.sunday, as_known_then, week.label), closing=closing)
    return Snapshot(week, as_known_then, tuple(out), tuple(events), catalogue, tuple(week_changes), current())


class _ReadOnce:
    """A store whose reads are each made once: the same week read again in another language asks for the same
    rows, and is given those the first reading was given (nothing here changes a row it reads)."""

    def __init__(self, store: Store):
        self._store, self._answers = store, {}

    def __getattr__(self, name: str):
        found = getattr(self._store, name)
        if not callable(found):
            return found

        def read(*args, **kwargs):
            try:
                key = (name, args, tuple(sorted(kwargs.items())))
                hash(key)
            except TypeError:  # an argument that cannot be a key (a list): asked again
                return found(*args, **kwargs)
            if key not in self._answers:
                self._answers[key] = found(*args, **kwargs)
            return self._answers[key]
        return read


def compute_both(store: Store, catalogue: Catalogue, week: IsoWeek, *, as_known_then: bool = False,
                 lang: str | None = None) -> tuple[Snapshot, Snapshot]:
    """The week read in English, for the data files (stable in every language), and in `lang` (default: the
    current language) with the catalogue's texts in it, for the brief, the workbook and the charts; one snapshot
    serves both when `lang` is English, and otherwise the second reading reuses every row the first one read."""
    lang = lang or current()
    once = _ReadOnce(store) if lang != DEFAULT else store
    with use(DEFAULT):
        data = compute(once, catalogue, week, as_known_then=as_known_then)
    if lang == DEFAULT:
        return data, data
    with use(lang):
        return data, compute(once, localize(catalogue, data_language()), week, as_known_then=as_known_then,
                             read_before=data)

