"""What the public database holds, table by table, as rows: the catalogue in a language and in English, every
observation as the public sees it, each indicator's reading on a date, events, sources with their licences and
the archived payloads' metadata.

Everything derives from the store, the catalogue and the date, never from the wall clock, and every table comes
in one order whatever the backend, so that the same data and date give the same file. Observations pass through
confidentiality.public_view, the function the dashboard and the snapshots show them through.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib.metadata import PackageNotFoundError, version

from ..model.catalogue import Catalogue
from ..model.catalogue_translations import localize, localize_event, localize_note
from ..confidentiality import public_view
from ..readings.formatting import format_change, format_estimate, format_value, latest_values, published_bounds
from ..languages.i18n import DEFAULT, use
from .licences import history_licences
from ..store import Store
from ..readings.summary import IndicatorSummary, summarize
from ..model.text_policy import neutralize
from ..model.validation import is_http_url
from ..model.vocabulary import freshness_label, kind_word, verdict_label, worse_when_words

NO_LICENCE = "not stated: the publisher's terms of use apply"


@dataclass(frozen=True)
class PublicTables:
    """The rows of each table of the public database, each table in one fixed order whatever the backend."""

    as_of: date
    lang: str
    about: list[dict]
    families: list[dict]
    units: list[dict]
    indicators: list[dict]
    readings: list[dict]
    observations: list[dict]
    events: list[dict]
    sources: list[dict]
    payloads: list[dict]


def _software_version() -> str:
    try:
        return version("legitimacy-barometer")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _people(text: str | None) -> str | None:
    """Text that came from people, as every export carries it: a spreadsheet opening a CSV download of the
    table must not run it as a formula."""
    return neutralize(text) if text else None


def _reading(s: IndicatorSummary, as_of: date) -> dict:
    """One indicator's reading on the date, from summary.summarize: the cells a reader filters and sorts on
    (bounds, periods, verdict, freshness) and the same reading as the dashboard words it."""
    unit = s.unit
    latest_lo, latest_hi = published_bounds(s.latest_interval())
    cur_lo, cur_hi = published_bounds(s.current.interval if s.current else None)
    base_lo, base_hi = published_bounds(s.baseline.interval if s.baseline else None)
    ch_lo, ch_hi = published_bounds(s.change.absolute if s.change else None)
    rel_lo, rel_hi = published_bounds(s.change.relative if s.change else None)
    return {
        "indicator_id": s.indicator.id, "as_of": as_of.isoformat(),
        "latest_text": latest_values(s.latest, unit) if s.latest else None,
        "latest_low": latest_lo, "latest_high": latest_hi,
        "latest_period_start": s.latest[0]["period_start"] if s.latest else None,
        "latest_period_end": s.latest[0]["period_end"] if s.latest else None,
        "current_text": format_estimate(s.current, unit) if s.current else None,
        "current_low": cur_lo, "current_high": cur_hi, "basis": s.current.basis if s.current else None,
        "baseline_text": format_estimate(s.baseline, unit) if s.baseline else None,
        "baseline_low": base_lo, "baseline_high": base_hi,
        "baseline_period_start": s.baseline.period_start if s.baseline else None,
        "baseline_period_end": s.baseline.period_end if s.baseline else None,
        "baseline_fallback": int(s.baseline.fallback) if s.baseline else None,
        "baseline_pinned": int(s.baseline.pinned) if s.baseline else None,
        "change_text": format_change(s.change, unit) if s.change else None,
        "change_low": ch_lo, "change_high": ch_hi, "change_relative_low": rel_lo, "change_relative_high": rel_hi,
        "verdict": s.verdict, "verdict_label": verdict_label(s.verdict), "verdict_note": s.note or None,
        "context": s.context or None,
        "freshness": s.freshness, "freshness_label": freshness_label(s.freshness), "age_days": s.age_days,
        "sources": s.sources,
    }


def _observation(row: Mapping, catalogue: Catalogue, units: Mapping, lang: str) -> dict:
    shown = public_view(row)
    note = shown["note"]
    return {
        "id": shown["id"], "indicator_id": shown["indicator_id"], "period_start": shown["period_start"],
        "period_end": shown["period_end"], "qualifier": shown["qualifier"], "value": shown["value"],
        "value_low": shown["value_low"], "value_high": shown["value_high"],
        "value_text": format_value(shown, units[shown["indicator_id"]]),
        "source_url": _people(shown["source_url"]), "citation": _people(shown["citation"]),
        "note": _people(localize_note(note, lang, catalogue, collector=shown["collector"]) if note else None),
        "note_en": _people(note),
        "note_confidential": int(bool(shown["note_confidential"])),
        "source_confidential": int(bool(shown["source_confidential"])),
        "collector": shown["collector"], "entered_by": _people(shown["entered_by"]),
        "entered_at": shown["entered_at"], "status": shown["status"], "supersedes": shown["supersedes"],
        "status_changed_at": shown["status_changed_at"], "status_reason": _people(shown["status_reason"]),
        # the archived answer names its address: a confidential source keeps it too
        "payload_sha256": None if shown["source_confidential"] else shown["payload_sha256"],
    }


def build(store: Store, catalogue: Catalogue, as_of: date, lang: str = DEFAULT) -> PublicTables:
    """The public database's rows: the catalogue's texts in `lang` and English, each indicator's reading as it
    stood on `as_of` (periods ending by then; freshness judged then), and every observation and event up to it."""
    until = as_of.isoformat()
    shown = localize(catalogue, lang)
    with use(lang):
        summaries = {s.indicator.id: s for s in summarize(store, shown, today=as_of, until=until)}
        kinds = {k: kind_word(k) for k in {i.kind for i in catalogue.indicators.values()}}
        directions = {w: worse_when_words(w) for w in {i.worse_when for i in catalogue.indicators.values()}}
        readings = [_reading(summaries[i], as_of) for i in sorted(summaries)]
        units = {iid: shown.units[ind.unit] for iid, ind in catalogue.indicators.items()}
        observations = [_observation(r, catalogue, units, lang) for r in store.public_observations(ending_by=until)]
    families = [{"id": fid, "name": shown.families[fid].name, "name_en": f.name,
                 "description": shown.families[fid].description or None, "description_en": f.description or None,
                 "position": f.position} for fid, f in sorted(catalogue.families.items())]
    unit_rows = [{"id": uid, "label": shown.units[uid].label, "label_en": u.label,
                  "description": shown.units[uid].description or None, "description_en": u.description or None,
                  "min": u.min, "max": u.max} for uid, u in sorted(catalogue.units.items())]
    indicators = []
    for iid, ind in sorted(catalogue.indicators.items()):
        loc = shown.indicators[iid]
        indicators.append({
            "id": iid, "family": ind.family, "unit": ind.unit, "name": loc.name, "name_en": ind.name,
            "definition": loc.definition, "definition_en": ind.definition,
            "paper_context": loc.paper_context or None, "paper_context_en": ind.paper_context or None,
            "kind": ind.kind, "kind_label": kinds[ind.kind], "worse_when": ind.worse_when,
            "worse_when_label": directions[ind.worse_when], "basis": ind.basis, "cadence": ind.cadence,
            "seasonal": int(ind.seasonal), "since": ind.since, "reporting_ended": ind.reporting_ended,
            "sources": json.dumps([{"name": s.name, "url": s.url} for s in loc.sources], ensure_ascii=False),
            "position": ind.position,
        })
    events = []
    for e in sorted(store.events(end=until), key=lambda e: e["id"]):
        loc = localize_event(e, lang, catalogue)
        events.append({"id": e["id"], "date_start": e["date_start"], "date_end": e["date_end"],
                       "family": e["family"] if e["family"] in catalogue.families else None,
                       "label": _people(loc["label"]), "label_en": _people(e["label"]),
                       "description": _people(loc["description"]), "description_en": _people(e["description"]),
                       "source_url": _people(e["source_url"]), "entered_at": e["entered_at"]})
    payloads = _payloads(store, catalogue, observations)
    return PublicTables(as_of, lang, _about(catalogue, shown, as_of, lang, observations, events),
                        families, unit_rows, indicators, readings, observations, events,
                        _sources(catalogue, shown, observations, events, payloads), payloads)


def _payloads(store: Store, catalogue: Catalogue, observations: list[dict]) -> list[dict]:
    """The archived answers behind the published figures, without their bodies; an address that is not a web
    link (a file loaded from disk) is left out."""
    licences = history_licences(catalogue)
    rows = store.payload_metadata(o["payload_sha256"] for o in observations if o["payload_sha256"])
    return [{**r, "url": r["url"] if is_http_url(r["url"]) else None, "licence": licences.get(r["url"]) or NO_LICENCE}
            for r in rows]


def _sources(catalogue: Catalogue, shown: Catalogue, observations: list[dict], events: list[dict],
             payloads: list[dict]) -> list[dict]:
    """Every public source: those the figures and events cite and those the catalogue names, with the licence
    of the recorded files behind their figures."""
    names = {s.url: s.name for ind in shown.indicators.values() for s in ind.sources}
    figures = Counter(o["source_url"] for o in observations if o["source_url"])
    cited = Counter(e["source_url"] for e in events if e["source_url"])
    licence_of = {p["sha256"]: p["licence"] for p in payloads}
    licences: dict[str, set[str]] = {}
    for o in observations:
        if o["source_url"] and o["payload_sha256"] in licence_of:
            licences.setdefault(o["source_url"], set()).add(licence_of[o["payload_sha256"]])
    out = []
    for url in sorted({*names, *figures, *cited}):
        out.append({"url": url, "name": names.get(url), "observations": figures.get(url, 0),
                    "events": cited.get(url, 0), "licence": " | ".join(sorted(licences.get(url, ()))) or NO_LICENCE})
    return out


def _about(catalogue: Catalogue, shown: Catalogue, as_of: date, lang: str, observations: list[dict],
           events: list[dict]) -> list[dict]:
    """What the copy is, for citing it: the date it reads, its language, the baseline window, its counts."""
    start, end = catalogue.baseline_window
    facts = {
        "title": "Legitimacy Barometer: public database", "country": catalogue.country.name,
        "country_shown": shown.country.name, "as_of": as_of.isoformat(), "language": lang,
        "baseline_window": f"{start}/{end}", "fallback_max_years": str(catalogue.fallback_max_years),
        "indicators": str(len(catalogue.indicators)), "observations": str(len(observations)),
        "events": str(len(events)), "software_version": _software_version(),
    }
    return [{"key": k, "value": v} for k, v in facts.items()]
