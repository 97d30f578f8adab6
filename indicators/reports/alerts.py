"""Alerts that explain themselves: rules from the catalogue, conditions read from where each indicator stands,
one alert per condition, opened and resolved in the store.

Rules (catalogue: [alerts], a family's or an indicator's `alerts`): a change against the 2020 baseline certainly
beyond a threshold; so many certain moves the same way over the latest consecutive periods; a series gone stale;
a source whose collector failed on so many runs in a row. `evaluate` reads the conditions that hold now, opens
an alert for each one not yet open and resolves every open alert whose condition ended, in one transaction; it
runs after every add, correction, retraction, import and collection, and on the scheduler. The same condition
never opens a second alert while the first is open (the store refuses it too), and an event (opened, resolved)
that reached the webhook is never sent again.

Every text is built from public rows (indicators/reports/changes), so no confidential note or source reaches an
alert, the feed (alert_feed.py) or the webhook (webhook.py), which `evaluate` hands the events it opened and
resolved.
"""
from __future__ import annotations

import json
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone

from .. import settings
from ..access import is_readonly, require_writable
from .alert_view import CHANGE, COLLECTOR, RUN, RUN_WORDS, STALE_RULE
from ..model.catalogue import Catalogue
from ..model.catalogue_translations import localize
from ..readings.comparability import readable_moves
from .changes.model import Item, Standing, standing_at
from .changes.moves import collector_item, collector_threshold, failing_streak, period_estimates, stale_item
from .changes.texts import figure, public_sources, rule_text, standing_rows, standing_text
from ..readings.formatting import difference_word, format_number, format_period, format_standing
from ..languages.i18n import _, count, decimal, default_language, ngettext, use
from ..readings.reading import reading
from ..store import Store, timestamp
from ..model.text_policy import blank, problem
from ..model.validation import FieldError, ValidationError
from .webhook import deliver, deliver_in_background
from ..model.vocabulary import NO_COMPARISON, NO_DATA, NOTHING_NEWER, STALE, freshness_word, word_for

log = logging.getLogger("barometer.alerts")

@dataclass(frozen=True)
class Condition:
    """A condition that holds now: its key (rule, subject, direction) and the item that explains it."""

    key: str
    rule: str
    title: str
    item: Item
    source: str | None = None


def _setting(name: str) -> str:
    """Where the catalogue sets a rule: "(catalogue: alerts.stale)"."""
    return _("(catalogue: {setting})").format(setting=f"alerts.{name}")


# -- conditions ---------------------------------------------------------------------------------------------


def _change_condition(catalogue: Catalogue, standing: Standing, iid: str) -> Condition | None:
    s = standing.summaries[iid]
    if s.change is None or s.verdict in (NOTHING_NEWER, NO_COMPARISON, NO_DATA):
        return None
    rule = catalogue.alert_rule(iid)
    if s.unit.difference:
        threshold, moved = rule.change_difference, s.change.absolute
        limit = f"±{format_number(threshold)} {difference_word(s.unit, threshold)}"
        setting = "change_difference"
    else:
        threshold, moved = rule.change_relative, s.change.relative
        limit = f"±{decimal(threshold * 100)} %"
        setting = "change_relative"
    if threshold <= 0 or moved is None:
        return None
    direction = "up" if moved.lo >= threshold else "down" if moved.hi <= -threshold else None
    if direction is None:
        return None
    ind, r = s.indicator, reading(s)
    what = (_("{name}: rose beyond {limit} against its 2020 baseline ({change}).") if direction == "up" else
            _("{name}: fell beyond {limit} against its 2020 baseline ({change}).")).format(
        name=ind.name, limit=limit, change=r.change)
    rule_words = _("a change against the 2020 baseline certainly beyond {limit}").format(limit=limit)
    noted = f"{rule_words} {_setting(setting)}"
    text = f"{what} {standing_text(s)} {rule_text(noted)}"
    item = Item(CHANGE, iid, ind.name, text, rule_words,
                public_sources(standing_rows(standing, iid)), r.baseline, tuple(figure(x, s.unit) for x in s.latest),
                s.latest[0]["period_end"], {"direction": direction, "threshold": threshold, "verdict": s.verdict})
    title = _("{name}: {change} against the 2020 baseline").format(name=ind.name, change=r.change)
    return Condition(f"{CHANGE}:{iid}:{direction}", CHANGE, title, item)


def _run_condition(catalogue: Catalogue, standing: Standing, iid: str, rows: Sequence[Mapping]) -> Condition | None:
    s = standing.summaries[iid]
    n = catalogue.alert_rule(iid).consecutive_periods
    if n <= 0 or s.freshness == STALE or not readable_moves(s.indicator):
        return None  # a run that ended long ago is no news, nor one of a kind whose moves say nothing
    found = period_estimates(s.indicator, s.unit, rows)[-(n + 1):]
    if len(found) < n + 1:
        return None
    ests = [e for e, _ in found]
    pairs = list(zip(ests, ests[1:]))
    if all(b.interval.lo > a.interval.hi for a, b in pairs):
        direction = "up"
        what = ngettext("{name}: rose over {n} consecutive period: {steps}.",
                        "{name}: rose over {n} consecutive periods: {steps}.", n)
        title = ngettext("{name}: rose {n} time in a row", "{name}: rose {n} times in a row", n)
    elif all(b.interval.hi < a.interval.lo for a, b in pairs):
        direction = "down"
        what = ngettext("{name}: fell over {n} consecutive period: {steps}.",
                        "{name}: fell over {n} consecutive periods: {steps}.", n)
        title = ngettext("{name}: fell {n} time in a row", "{name}: fell {n} times in a row", n)
    else:
        return None
    ind = s.indicator
    steps = " → ".join(f"{format_standing(e, s.unit)} ({format_period(e.period_start, e.period_end)})" for e in ests)
    rule = ngettext("{n} certain move the same way over consecutive periods",
                    "{n} certain moves the same way over consecutive periods", n).format(n=count(n))
    noted = f"{rule} {_setting('consecutive_periods')}"
    text = f"{what.format(name=ind.name, n=count(n), steps=steps)} {standing_text(s)} {rule_text(noted)}"
    group = [r for _, g in found for r in g]
    item = Item(RUN, iid, ind.name, text, rule, public_sources([*group, *standing_rows(standing, iid)]),
                reading(s).baseline if s.baseline else None, tuple(figure(r, s.unit) for r in group),
                ests[-1].period_end, {"direction": direction, "periods": n})
    return Condition(f"{RUN}:{iid}:{direction}", RUN, title.format(name=ind.name, n=count(n)), item)


def _stale_condition(catalogue: Catalogue, standing: Standing, iid: str, collecting: set[str]) -> Condition | None:
    """A series gone stale although this deployment collects it: a source that keeps publishing and a collector
    that has stopped bringing its figures. A series entered by hand, or one only loaded from shipped files, is
    stale when its source has published nothing newer, which is no news (its freshness says so)."""
    s = standing.summaries[iid]
    if s.freshness != STALE or not catalogue.alert_rule(iid).stale or s.indicator.collector not in collecting:
        return None
    item = stale_item(STALE_RULE, _("is stale"), catalogue, standing, iid, " " + _setting("stale"))
    title = _("{name}: stale since {day}").format(name=s.indicator.name, day=s.latest[0]["period_end"])
    return Condition(f"{STALE_RULE}:{iid}", STALE_RULE, title, item)


def collected_sources(store: Store, sources: set[str]) -> set[str]:
    """The sources this deployment collects: a run of theirs has fetched from the source itself and ended well
    (not a shipped file loaded by `init`, nor a reparse of the archive)."""
    out = set()
    for source in sources:
        for run in store.runs(source, limit=20, finished=True):
            params = json.loads(run["params"] or "{}")
            if run["status"] == "ok" and "from_file" not in params and not params.get("reparse"):
                out.add(source)
                break
    return out


def _collector_condition(store: Store, catalogue: Catalogue, standing: Standing, source: str) -> Condition | None:
    n = collector_threshold(catalogue, source)
    runs = failing_streak(store, source, n)
    if not runs:
        return None
    item = collector_item(COLLECTOR, catalogue, standing, source, runs)
    title = ngettext("{source}: the collector failed {n} time in a row",
                     "{source}: the collector failed {n} times in a row", n).format(source=source, n=count(n))
    return Condition(f"{COLLECTOR}:{source}", COLLECTOR, title, item, source)


def conditions(store: Store, catalogue: Catalogue, today: date, *,
               standing: Standing | None = None) -> tuple[list[Condition], Standing]:
    """Every condition that holds now, in catalogue order, and the standing they were read from."""
    standing = standing or standing_at(store, catalogue, today, until=False)
    longest = max((catalogue.alert_rule(i).consecutive_periods for i in catalogue.indicators), default=0)
    last = store.last_periods(longest + 1) if longest > 0 else {}
    out: list[Condition] = []
    collecting = collected_sources(store, {i.collector for i in catalogue.indicators.values() if i.collector})
    for iid in catalogue.indicators:
        for found in (_change_condition(catalogue, standing, iid),
                      _run_condition(catalogue, standing, iid, last.get(iid, [])),
                      _stale_condition(catalogue, standing, iid, collecting)):
            if found is not None:
                out.append(found)
    for source in sorted({i.collector for i in catalogue.indicators.values() if i.collector}):
        found = _collector_condition(store, catalogue, standing, source)
        if found is not None:
            out.append(found)
    return out, standing


def _resolution(alert: Mapping, catalogue: Catalogue, standing: Standing, store: Store) -> str:
    """Why an open alert's condition ended, in the same words."""
    iid = alert["indicator_id"]
    if alert["rule"] == COLLECTOR:
        runs = store.runs(alert["source"], limit=1, finished=True)
        if runs:
            last = _("its latest run, started {at} UTC, was {status}").format(
                at=runs[0]["started_at"][:16], status=word_for(RUN_WORDS, runs[0]["status"]))
        else:
            last = _("it has no finished run")
        return _("The condition ended: {source}: {last}.").format(source=alert["source"], last=last)
    if iid not in standing.summaries:
        return _("The condition ended: {id} is no longer in the catalogue.").format(id=iid)
    s = standing.summaries[iid]
    why = {CHANGE: _("the change against the baseline is no longer certainly beyond the threshold"),
           RUN: _("the run of moves the same way ended"),
           STALE_RULE: _("the series is {freshness} again").format(freshness=freshness_word(s.freshness))
           }.get(alert["rule"], _("the rule no longer holds"))
    return _("The condition ended: {why}.").format(why=why) + " " + standing_text(s)


# -- evaluation ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    opened: tuple[int, ...] = ()
    resolved: tuple[int, ...] = ()
    delivered: int = 0
    failed: int = 0
    skipped: str = ""
    delivery: threading.Thread | None = None  # a delivery left to run after the write (see evaluate_quietly)


def evaluate(store: Store, catalogue: Catalogue, *, now: datetime | None = None, webhook_url: str | None = None,
             client=None, background: bool = False) -> Evaluation:
    """Open an alert for each condition not yet open, resolve those whose condition ended, then deliver the
    events not yet delivered to the webhook (`webhook_url`, else $BAROMETER_WEBHOOK_URL; none: no delivery),
    within DEADLINE_S; `background`: in a thread of its own, once the evaluation has committed (the Evaluation's
    `delivery`). A read-only deployment evaluates nothing. Alerts are a log kept in the deployment's language
    ($BAROMETER_LANG), whoever's command or session set off the evaluation."""
    if is_readonly() or store.readonly:
        return Evaluation(skipped="read-only")
    lang = default_language()
    with use(lang):
        return _evaluate(store, localize(catalogue, lang), now=now, webhook_url=webhook_url, client=client,
                         background=background)


def _evaluate(store: Store, catalogue: Catalogue, *, now: datetime | None, webhook_url: str | None,
              client, background: bool) -> Evaluation:
    now = now or datetime.now(timezone.utc)
    at = timestamp(now)
    found, standing = conditions(store, catalogue, now.date())
    by_key = {c.key: c for c in found}
    opened, resolved = [], []
    with store.transaction():  # a second evaluation waits, then sees these alerts open
        store.lock_alerts()
        current = store.open_alerts()
        for key, c in by_key.items():
            if key not in current:
                detail = {k: v for k, v in c.item.as_json().items() if k != "explanation"}
                opened.append(store.open_alert(key=key, rule=c.rule, indicator_id=c.item.indicator_id,
                                               source=c.source, title=c.title, explanation=c.item.explanation,
                                               detail=detail, at=at))
        for key, alert in current.items():
            if key not in by_key:
                store.resolve_alert(alert["id"], _resolution(alert, catalogue, standing, store), at=at)
                resolved.append(alert["id"])
    url = webhook_url if webhook_url is not None else settings.WEBHOOK_URL.text()
    delivered = failed = 0
    events = [(i, "opened") for i in opened] + [(i, "resolved") for i in resolved]
    if url and background:
        return Evaluation(tuple(opened), tuple(resolved),
                          delivery=deliver_in_background(store, url, events, client=client))
    if url:
        delivered, failed = deliver(store, url, events, client=client)
    return Evaluation(tuple(opened), tuple(resolved), delivered, failed)


def evaluate_quietly(store: Store, catalogue: Catalogue, **kwargs) -> Evaluation | None:
    """`evaluate` after a write that has been saved already: a failure is logged, never raised, so that a saved
    figure never reads as unsaved; the webhook is posted to in the background, so that it never holds the
    write nor the one who made it."""
    try:
        return evaluate(store, catalogue, background=True, **kwargs)
    except Exception:  # noqa: BLE001 - the write it follows has succeeded
        log.exception("alerts could not be evaluated")
        return None


def acknowledge(store: Store, alert_id: int, by: str, *, at: str | None = None) -> dict:
    """An editor acknowledges an alert, once: who (under the text policy) and when are kept."""
    require_writable()
    who = (by or "").strip()
    if blank(who):
        raise ValidationError([FieldError("by", _("is required: say who acknowledges the alert"))])
    trouble = problem("entered_by", who)
    if trouble:
        raise ValidationError([FieldError("by", trouble)])
    store.acknowledge_alert(alert_id, who, at=at)
    return store.alert(alert_id)
