"""The sources of the figures entered by hand (the paper's, those cited since, and people's): each by the host of
its address, named as the catalogue names it, with how many figures it gave and its latest one."""
from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from ..model.catalogue import Catalogue
from ..readings.formatting import format_period, format_value
from ..store import Store


def host(url: str) -> str:
    """"spring96.org" for https://www.spring96.org./be/news/1: the part of an address that names who published it."""
    try:
        name = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return url
    return name[4:] if name.startswith("www.") else name or url


def _place(url: str) -> str:
    """An address without its scheme and "www.": what a catalogue source's address is compared by."""
    try:
        return host(url) + urlsplit(url.strip()).path.rstrip("/")
    except ValueError:
        return url


def catalogue_places(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(address compared by, name) of every indicator source in the catalogue."""
    return sorted({(_place(s.url), s.name) for ind in catalogue.indicators.values() for s in ind.sources})


def source_name(places: list[tuple[str, str]], urls: list[str], fallback: str) -> str:
    """What the catalogue calls the publisher of these addresses: the shortest name among its indicator sources
    (`places`) whose address leads to one of them (a site's news page leads to its articles); else `fallback`."""
    mine = [_place(u) for u in urls]
    names = {name for place, name in places if any(p.startswith(place) for p in mine)}
    return min(names, key=lambda n: (len(n), n)) if names else fallback


def hand_sources(store: Store, catalogue: Catalogue) -> list[dict]:
    """One row per host, the most figures first: its name, host, figures, indicators, and its latest figure (the
    one whose period ends last) with its indicator and period."""
    places = catalogue_places(catalogue)
    by_host: dict[str, list[dict]] = defaultdict(list)
    for tally in store.hand_tallies():
        if tally["indicator_id"] in catalogue.indicators:
            by_host[host(tally["source_url"])].append(tally)
    rows = []
    for name, tallies in by_host.items():
        last = max(tallies, key=lambda t: (t["last_end"], t["indicator_id"]))
        ind = catalogue.indicators[last["indicator_id"]]
        row = store.latest_from(ind.id, last["source_url"])
        rows.append({"source": source_name(places, [t["source_url"] for t in tallies], name), "host": name,
                     "figures": sum(t["figures"] for t in tallies),
                     "indicators": len({t["indicator_id"] for t in tallies}),
                     "latest": f"{ind.name}: {format_value(row, catalogue.units[ind.unit])}",
                     "latest_period": format_period(row["period_start"], row["period_end"]),
                     "latest_source": row["source_url"]})
    return sorted(rows, key=lambda r: (-r["figures"], r["source"]))
