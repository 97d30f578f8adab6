"""What the public database's tables and columns mean, and the Datasette metadata document made of it: so that
`datasette public.db -m public.metadata.json` is a documented site (title, description, licence and source of
each table, what every column holds)."""
from __future__ import annotations

from ..languages.i18n import _

TERMS = ("Figures are quoted from the sources each row names; their terms of use apply, and no other licence is "
         "claimed (see the sources and payloads tables for the licences the recorded datasets state).")
_PEOPLE = " Text from people: one that a spreadsheet would run as a formula starts with a quote (')."
_WITHHELD = " Empty where it is confidential: withheld from the public exactly as on the dashboard."
_BOUND = " Empty when unbounded."
_LANG = " in the language of the copy (about.language)"

# table -> (description, label column, {column: description})
TABLES: dict[str, tuple[str, str | None, dict[str, str]]] = {
    "about": ("What this copy is: the date it reads, its language, the baseline window, its counts.", None, {
        "key": "What is stated.", "value": "Its value."}),
    "families": ("The families of indicators: what each group of series says about legitimacy.", "name_en", {
        "id": "Family id.", "name": "Name" + _LANG + ".", "name_en": "Name in English.",
        "description": "What the family measures" + _LANG + ".", "description_en": "The same in English.",
        "position": "Order on the dashboard."}),
    "units": ("The units figures are given in.", "label_en", {
        "id": "Unit id.", "label": "Label" + _LANG + ".", "label_en": "Label in English.",
        "description": "What the unit is" + _LANG + ".", "description_en": "The same in English.",
        "min": "Smallest possible value (empty: none).", "max": "Largest possible value (empty: none)."}),
    "indicators": ("The catalogue: every indicator, its definition, unit, kind and direction, and what the 2020 "
                   "paper said of it.", "name_en", {
        "id": "Indicator id.", "family": "Its family (families.id).", "unit": "Unit of its figures (units.id).",
        "name": "Name" + _LANG + ".", "name_en": "Name in English.",
        "definition": "What is counted, and from where" + _LANG + ".", "definition_en": "The same in English.",
        "paper_context": "What the 2020 paper says" + _LANG + ".", "paper_context_en": "The same in English.",
        "kind": "Kind of number: flow, level, cumulative, edition, occasional, modelled, list_size.",
        "kind_label": "The kind in words" + _LANG + ".",
        "worse_when": "Which move means weaker legitimacy: up, down, up_fall_ambiguous, none.",
        "worse_when_label": "The direction in words" + _LANG + ".",
        "basis": "How figures compare: level, per_30_days (a flow's rate), per_edition, per_year.",
        "cadence": "How often a figure is expected.", "seasonal": "1 when compared only with the same season.",
        "since": "A cumulative total counts from this day.",
        "reporting_ended": "The source stopped reporting on this day.",
        "sources": "The sources the catalogue names, as a JSON list of {name, url}.",
        "position": "Order within its family."}),
    "readings": ("Where each indicator stood on the date of the copy (about.as_of) against its 2020 baseline: the "
                 "same reading as the dashboard's overview and `barometer list`. Only figures for periods ending by "
                 "the date count, with every correction made since.", None, {
        "indicator_id": "The indicator (indicators.id).", "as_of": "The date read.",
        "latest_text": "Latest figure(s) as their sources put them.",
        "latest_low": "Latest figure(s), lower bound." + _BOUND, "latest_high": "Upper bound." + _BOUND,
        "latest_period_start": "Start of the latest figure's period.",
        "latest_period_end": "End of the latest figure's period.",
        "current_text": "Where it stood, as read (rates per 30 days for a flow).",
        "current_low": "Where it stood, lower bound." + _BOUND, "current_high": "Upper bound." + _BOUND,
        "basis": "level, per_30_days, per_edition or per_year.",
        "baseline_text": "The 2020 baseline as read.", "baseline_low": "Baseline, lower bound." + _BOUND,
        "baseline_high": "Upper bound." + _BOUND, "baseline_period_start": "Start of the periods behind it.",
        "baseline_period_end": "End of the periods behind it.",
        "baseline_fallback": "1 when an earlier figure stands in for 2020.",
        "baseline_pinned": "1 when the catalogue pins one cited figure as the baseline.",
        "change_text": "Change against the baseline, as read.",
        "change_low": "Change, lower bound." + _BOUND, "change_high": "Upper bound." + _BOUND,
        "change_relative_low": "Relative change as a fraction, lower bound." + _BOUND,
        "change_relative_high": "Upper bound." + _BOUND,
        "verdict": "worse (toward weaker legitimacy), better (toward stronger), unclear, nothing newer, "
                   "no comparison or no data.",
        "verdict_label": "The verdict as a glyph and words" + _LANG + ".",
        "verdict_note": "Why there is no comparison, when there is none.",
        "context": "What an ambiguous fall reads with (the repression series that rose).",
        "freshness": "fresh, due, stale, latest edition, reporting ended or no data, judged on the date.",
        "freshness_label": "The freshness as a glyph and words" + _LANG + ".",
        "age_days": "Days from the latest period's end to the date.",
        "sources": "How many public sources stand behind its figures."}),
    "observations": ("Every figure as the public sees it: in force, corrected (status superseded, with the row "
                     "that corrects it naming it in supersedes) or retracted, with its source, the passage quoted "
                     "and its note. Only periods ending by the date of the copy.", "value_text", {
        "id": "Observation id, as in the barometer's own database and dashboard.",
        "indicator_id": "The indicator (indicators.id).", "period_start": "First day the figure covers.",
        "period_end": "Last day the figure covers.", "qualifier": "exact, approx, at_least, at_most or range.",
        "value": "The figure (empty for a range).", "value_low": "A range's low end.",
        "value_high": "A range's high end.", "value_text": "The figure as written, with its qualifier.",
        "source_url": "Where the figure is published." + _WITHHELD + _PEOPLE,
        "citation": "The passage that states the figure." + _WITHHELD + _PEOPLE,
        "note": "Note on the figure" + _LANG + "." + _WITHHELD + _PEOPLE,
        "note_en": "The note as entered." + _WITHHELD + _PEOPLE,
        "note_confidential": "1 when its note is withheld.",
        "source_confidential": "1 when its source (and with it the passage) is withheld.",
        "collector": "The collector that wrote it (empty: entered by hand or shipped).",
        "entered_by": "Who entered it." + _PEOPLE, "entered_at": "When it was entered (UTC).",
        "status": "active, superseded or retracted.", "supersedes": "The observation this one corrects.",
        "status_changed_at": "When it was corrected or retracted (UTC).",
        "status_reason": "Why it was corrected or retracted." + _PEOPLE,
        "payload_sha256": "The archived answer it was parsed from (payloads.sha256)."}),
    "events": ("Dated events drawn beside the series: elections, protests, laws, agreements.", "label_en", {
        "id": "Event id.", "date_start": "First day.", "date_end": "Last day.",
        "family": "The family it bears on (families.id).", "label": "What happened" + _LANG + "." + _PEOPLE,
        "label_en": "The same in English." + _PEOPLE, "description": "More on it" + _LANG + "." + _PEOPLE,
        "description_en": "The same in English." + _PEOPLE, "source_url": "Its source." + _PEOPLE,
        "entered_at": "When it was entered (UTC)."}),
    "sources": ("Every public source the figures, events and catalogue cite, with the licence the recorded "
                "datasets behind its figures state.", "name", {
        "url": "The source's address.", "name": "Its name in the catalogue" + _LANG + ", where it names it.",
        "observations": "Published figures citing it.", "events": "Events citing it.",
        "licence": "The licence its recorded datasets state, else that none is stated."}),
    "payloads": ("The archived answers figures were parsed from: address, time fetched, checksum and size, never "
                 "the bytes.", "url", {
        "sha256": "SHA-256 of the archived bytes: fetch the address and compare.",
        "source": "The collector that fetched it.", "url": "The address fetched (web addresses only).",
        "status": "HTTP status.", "fetched_at": "When it was fetched (UTC).",
        "content_type": "Its content type.", "size": "Its size in bytes.",
        "licence": "The licence the recorded dataset states, else that none is stated."}),
}
UNITS = {"readings": {"age_days": "days"}, "payloads": {"size": "bytes"}}
# what a table opens faceted by: the questions a reader asks of it first
FACETS = {"indicators": ["family", "kind", "worse_when"], "readings": ["verdict", "freshness"],
          "observations": ["indicator_id", "status", "qualifier"], "events": ["family"], "payloads": ["source"]}


def document(database: str, as_of: str, lang: str, country: str) -> dict:
    """The Datasette metadata for a copy opened as `database` (its file name without .db)."""
    tables = {}
    for name, (description, label, columns) in TABLES.items():
        entry = {"description": description, "license": TERMS, "source": "Legitimacy Barometer",
                 "columns": columns}
        if label:
            entry["label_column"] = label
        if name in UNITS:
            entry["units"] = UNITS[name]
        if name in FACETS:
            entry["facets"] = FACETS[name]
        tables[name] = entry
    title = _("Legitimacy Barometer: public database, as of {date}").format(date=as_of)
    return {
        "title": title,
        "description": _("Indirect indicators of the regime's legitimacy in {country} as time series against a 2020 "
                         "baseline: every public figure with its source, each indicator's reading on {date}, "
                         "events and sources. Confidential notes and sources are withheld.").format(date=as_of, country=country),
        "license": TERMS, "source": "Legitimacy Barometer",
        "databases": {database: {"title": title, "description": f"as_of={as_of}, language={lang}",
                                 "license": TERMS, "source": "Legitimacy Barometer",
                                 "tables": tables}},
    }
