"""What's new on the overview: the figures entered lately, by when they were entered (not the period they cover),
and what the install shipped, as one line (indicators.shipped), never as a list of its thousand figures."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from indicators.model.catalogue import Catalogue
from indicators.confidentiality import public_view
from indicators.readings.formatting import format_period, format_value
from indicators.languages.i18n import _, count, ngettext
from indicators.shipped import shipped
from indicators.store import Store, end_of
from indicators.model.text_policy import neutralize

from . import language
from .dates import readable_date, readable_time
from .views import RECENT_DAYS

SHOWN = 10


@dataclass(frozen=True)
class News:
    rows: list[dict]            # the latest SHOWN figures entered in the last RECENT_DAYS, newest first
    more: bool                  # more were entered in those days than the rows show
    last_entered: str | None    # when the latest figure not shipped was entered, however long ago
    last_by: str | None
    shipped: int                # figures in force that the install shipped


def news(store: Store, catalogue: Catalogue, today: date) -> News:
    """The figures people and collectors entered in the last RECENT_DAYS, and the shipped ones counted."""
    ship = shipped(catalogue)
    since = end_of(today - timedelta(days=RECENT_DAYS))
    recent = [r for r in store.entries(ship.by, ship.payloads, shipped=False, after=since, limit=SHOWN + 1)
              if r["indicator_id"] in catalogue.indicators]
    last = recent[:1] or store.entries(ship.by, ship.payloads, shipped=False, limit=1)
    rows = []
    for r in recent[:SHOWN]:
        ind = catalogue.indicators[r["indicator_id"]]
        shown = public_view(r)
        rows.append({"link": language.indicator_link(ind.id), "name": ind.name,
                     "figure": format_value(shown, catalogue.units[ind.unit]),
                     "period": format_period(r["period_start"], r["period_end"]),
                     "entered_by": neutralize(r["entered_by"]), "entered": readable_time(r["entered_at"])})
    return News(rows, len(recent) > SHOWN, last[0]["entered_at"] if last else None,
                last[0]["entered_by"] if last else None, store.shipped_count(ship.by, ship.payloads))


def heading() -> str:
    weeks = RECENT_DAYS // 7
    return ngettext("Entered in the last {n} week", "Entered in the last {n} weeks", weeks).format(n=count(weeks))


def summary(n: News) -> str:
    """"Last entry: 7 December 2026, by anna. Shipped with this version: 1,206 figures." as plain text."""
    last = (_("Last entry: {day}, by {by}.").format(day=readable_date(n.last_entered), by=n.last_by)
            if n.last_entered else _("Nothing has been entered since the install."))
    ship = ngettext("Shipped with this version: {n} figure.", "Shipped with this version: {n} figures.",
                    n.shipped).format(n=count(n.shipped))
    more = " " + _("The latest {n} are listed.").format(n=count(SHOWN)) if n.more else ""
    return f"{last} {ship}{more}"
