"""The edits a span holds: figures people added, corrected and retracted, what the install loaded (one line),
and the events of the span."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from ...model.catalogue import Catalogue
from ...model.catalogue_translations import localize_event
from ...readings.formatting import format_period
from ...languages.i18n import _, count, data_language, ngettext
from ...readings.reading import reading
from ...shipped import shipped
from ...store import Store
from .model import ADDED, CORRECTED, EVENT, Item, KINDS, RETRACTED, SHIPPED, Span, Standing
from .texts import carried_figures, named_together, in_catalogue_order, figure, figure_text, public_sources, rule_text, standing_text


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
    order = {ind.id: n for n, ind in enumerate(in_catalogue_order(catalogue))}
    out = []
    for iid in sorted(added, key=order.get):
        ind, s = catalogue.indicators[iid], after.summaries[iid]
        rows = sorted(added[iid], key=lambda r: (r["period_end"], r["period_start"], r["id"]))
        by = ", ".join(sorted({r["entered_by"] for r in rows}))
        rule = entered_rule(ADDED, span)
        what = ngettext("{name}: {n} figure added by {by}: {figures}.", "{name}: {n} figures added by {by}: {figures}.",
                        len(rows)).format(name=ind.name, n=count(len(rows)), by=by,
                                          figures=named_together([figure_text(r, s.unit) for r in rows]))
        out.append(Item(ADDED, iid, ind.name, f"{what} {standing_text(s)} {rule_text(rule)}", rule,
                        public_sources(rows),
                        reading(s).baseline if s.baseline else None, carried_figures([figure(r, s.unit) for r in rows]),
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
            name=ind.name, by=by, figures=named_together(texts), reason=reason or _("none given"))
        out.append(Item(CORRECTED, iid, ind.name, f"{what} {standing_text(s)} {rule_text(rule)}", rule,
                        public_sources([r for pair in pairs for r in pair]),
                        reading(s).baseline if s.baseline else None,
                        carried_figures([{**figure(new, s.unit), "corrects": figure(old, s.unit)} for old, new in pairs]),
                        max(new["entered_at"] for _, new in pairs),
                        {"entered_by": by, "reason": reason, "figures_total": len(pairs)}))
    for key in sorted(gone, key=lambda k: (order[k[0]], min(r["id"] for r in gone[k]))):
        iid, reason = key
        ind, s = catalogue.indicators[iid], after.summaries[iid]
        rows = gone[key]
        rule = entered_rule(RETRACTED, span)
        texts = [_("observation {id}, {figure} entered by {by}").format(id=r["id"], figure=figure_text(r, s.unit),
                                                                       by=r["entered_by"]) for r in rows]
        what = _("{name}: retracted {figures}; reason: {reason}.").format(name=ind.name, figures=named_together(texts),
                                                                          reason=reason)
        out.append(Item(RETRACTED, iid, ind.name, f"{what} {standing_text(s)} {rule_text(rule)}",
                        rule, public_sources(rows), reading(s).baseline if s.baseline else None,
                        carried_figures([figure(r, s.unit) for r in rows]), max(r["status_changed_at"] for r in rows),
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
