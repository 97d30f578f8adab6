"""What the add and edit pages compute, without Streamlit: form values to a record, the preview of a
change against the baseline, and rows as people read them (confidential parts hidden from the public)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from indicators.model.catalogue import Catalogue
from indicators.model.addresses import shown_url
from indicators.confidentiality import WITHHELD, public_view
from indicators.readings.formatting import format_period, format_value, status_text
from indicators.model.catalogue_translations import localize_note
from indicators.languages.i18n import N_, _, current
from indicators.readings.reading import reading
from indicators.model.text_policy import neutralize
from indicators.model.observation import Observation
from indicators.store import Store
from indicators.readings.summary import IndicatorSummary, summarize
from indicators.model.validation import ValidationError
from indicators.model.vocabulary import word_for

from . import language

FIELD_LABELS = {
    "indicator_id": N_("Indicator"), "qualifier": N_("Qualifier"), "value": N_("Value"), "value_low": N_("Low"),
    "value_high": N_("High"), "period_start": N_("Period start"), "period_end": N_("Period end"),
    "source_url": N_("Source URL"), "note": N_("Note"), "entered_by": N_("Entered by"),
    "note_confidential": N_("Note is confidential"), "source_confidential": N_("Source is confidential"),
    "citation": N_("Citation"), "reason": N_("Reason"),
}


def field_label(field: str) -> str:
    """A form field's label in the reader's language (a field the form does not know reads as its name)."""
    return word_for(FIELD_LABELS, field)


def form_record(values: Mapping) -> dict:
    """Widget values as a validation record: dates as ISO text, only the figure fields the qualifier uses."""
    record = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
    if record.get("qualifier") == "range":
        record["value"] = None
    else:
        record["value_low"] = record["value_high"] = None
    return record


def field_errors(exc: ValidationError) -> dict[str, list[str]]:
    """Messages per field, to show each under its own widget."""
    out: dict[str, list[str]] = {}
    for error in exc.errors:
        out.setdefault(error.field, []).append(_("{field} {problem}").format(field=field_label(error.field),
                                                                            problem=error.message))
    return out


@dataclass(frozen=True)
class Preview:
    """How an observation will read, and what it does to the indicator's standing."""

    figure: str
    period: str
    before: IndicatorSummary
    after: IndicatorSummary

    def table(self) -> list[dict]:
        """Before/after rows for the current value, the 2020 baseline, the change and the verdict."""

        def cells(s: IndicatorSummary) -> tuple[str, str, str, str]:
            r = reading(s)
            return r.latest, r.baseline, r.change, r.verdict + (f" ({r.note})" if r.note else "")

        names = (_("latest"), _("baseline 2020"), _("change against the baseline"), _("verdict"))
        return [{"": n, "now": b, "with this observation": a}
                for n, b, a in zip(names, cells(self.before), cells(self.after))]

    @property
    def moves_change(self) -> bool:
        return self.table()[2]["now"] != self.table()[2]["with this observation"]


def preview_headers() -> dict[str, str]:
    """The headers of a Preview's table in the reader's language."""
    return {"now": _("now"), "with this observation": _("with this observation")}


class _Discard(Exception):
    """Raised inside a transaction so that a trial write is rolled back."""


def preview(store: Store, catalogue: Catalogue, obs: Observation, *, replaces: int | None = None,
            today: date | None = None) -> Preview:
    """Summarize the indicator as it is and as it would be with `obs` (replacing `replaces`).

    The 'after' side is a real write rolled back at once, so it goes through exactly the code that
    saving and summarizing use; nothing is kept.
    """
    ids = [obs.indicator_id]
    (before,) = summarize(store, catalogue, today=today, indicator_ids=ids)
    after = None
    try:
        with store.transaction():
            if replaces is None:
                store.append([obs])
            else:
                store.correct(replaces, obs)
            (after,) = summarize(store, catalogue, today=today, indicator_ids=ids)
            raise _Discard
    except _Discard:
        pass
    unit = catalogue.unit_of(obs.indicator_id)
    return Preview(format_value(obs.as_dict(), unit), format_period(obs.period_start, obs.period_end),
                   before, after)


# The headers a row_view is shown under (the keys stay short for the code that reads them).
ROW_HEADERS = {"id": "#", "indicator": N_("Indicator"), "period": N_("Period"), "value": N_("Value"),
               "source": N_("Source"), "note": N_("Note"), "confidential": N_("Confidential"),
               "entered by": N_("Entered by"), "entered at": N_("Entered at (UTC)"), "status": N_("Status"),
               "corrects": N_("Corrects #")}
CONFIDENTIAL_PARTS = {"note": N_("note"), "source": N_("source")}


def row_headers() -> dict[str, str]:
    """ROW_HEADERS in the reader's language."""
    return {key: word_for(ROW_HEADERS, key) if ROW_HEADERS[key] != "#" else "#" for key in ROW_HEADERS}


def row_view(row: Mapping, catalogue: Catalogue, *, editor: bool) -> dict:
    """One stored observation as a table row people read, the indicator by its name; the public never sees
    confidential parts."""
    shown = dict(row) if editor else public_view(row)
    unit = catalogue.units[catalogue.get(row["indicator_id"]).unit]
    status = status_text(row, corrects=False)  # "corrects" has a column of its own here
    confidential = [_(CONFIDENTIAL_PARTS[name]) for name, flag in (("note", row["note_confidential"]),
                                                                 ("source", row["source_confidential"])) if flag]
    return {
        "id": row["id"],
        "indicator": catalogue.get(row["indicator_id"]).name,
        "period": format_period(row["period_start"], row["period_end"]),
        "value": format_value(row, unit),
        "source": neutralize(shown_url(shown["source_url"])) if shown["source_url"] is not None else WITHHELD,
        "note": neutralize(localize_note(shown["note"] or "", current(), catalogue, collector=row.get("collector"))),
        "confidential": ", ".join(confidential) if editor else "",
        "entered by": neutralize(row["entered_by"]),
        "entered at": row["entered_at"][:19].replace("T", " "),
        "status": neutralize(status),
        "corrects": row["supersedes"],
    }


def history_view(rows: Sequence[Mapping], catalogue: Catalogue, *, editor: bool) -> list[dict]:
    """A revision chain, oldest first, as table rows."""
    return [row_view(r, catalogue, editor=editor) for r in rows]


def chooser_rows(rows: Sequence[Mapping], catalogue: Catalogue, *, editor: bool) -> list[dict]:
    """The observations entered last, as rows that open their own page."""
    return [{"open": language.observation_link(r["id"]), **row_view(r, catalogue, editor=editor)} for r in rows]


def indicator_choices(catalogue: Catalogue) -> list[str]:
    return list(catalogue.indicators)


def indicator_label(catalogue: Catalogue, indicator_id: str) -> str:
    ind = catalogue.get(indicator_id)
    return f"{ind.name} ({ind.id}, {catalogue.units[ind.unit].label})"
