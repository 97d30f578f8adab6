"""Load and check the indicator catalogue, which lives as data in catalogue.toml."""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

CATALOGUE_PATH = Path(__file__).with_name("catalogue.toml")
KINDS = ("flow", "level")
DIRECTIONS = ("up", "down", "none")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class CatalogueError(ValueError):
    """The catalogue file is inconsistent; the message names the entry and key."""


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    description: str
    position: int


@dataclass(frozen=True)
class Unit:
    id: str
    label: str
    description: str = ""
    min: float | None = None
    max: float | None = None
    integer: bool = False


@dataclass(frozen=True)
class Cadence:
    id: str
    fresh_days: int
    stale_days: int


@dataclass(frozen=True)
class Source:
    name: str
    url: str


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    family: str
    unit: str
    kind: str
    worse_when: str
    cadence: str
    definition: str
    paper_context: str
    sources: tuple[Source, ...] = ()
    approx_tolerance: float = 0.10
    baseline_pin: dict | None = None
    collector: str | None = None
    params: dict = field(default_factory=dict)
    position: int = 0


@dataclass(frozen=True)
class CurrencyId:
    """A central bank's id for a currency, valid over a span of days (banks renumber)."""

    id: int
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class Country:
    """Whose regime the catalogue tracks: codes the sources ask by, its clock, and its shipped data files."""

    name: str
    iso2: str
    iso3: str
    timezone: str
    paper_data: Path | None = None
    cited_data: Path | None = None
    events: Path | None = None
    currency_ids: dict[str, tuple[CurrencyId, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class HistoryFile:
    """A recorded payload shipped with the catalogue, loaded by `barometer init` through its source's parser."""

    source: str
    path: Path
    url: str


@dataclass(frozen=True)
class Catalogue:
    indicators: dict[str, Indicator]
    families: dict[str, Family]
    units: dict[str, Unit]
    cadences: dict[str, Cadence]
    baseline_window: tuple[str, str]
    country: Country
    history: tuple[HistoryFile, ...] = ()

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise KeyError(f"unknown indicator {indicator_id!r}") from None

    def unit_of(self, indicator_id: str) -> Unit:
        return self.units[self.get(indicator_id).unit]

    def by_collector(self, source: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.collector == source]


def _require(entry: dict, key: str, where: str) -> object:
    if key not in entry or entry[key] in ("", None):
        raise CatalogueError(f"{where}: missing {key!r}")
    return entry[key]


def _choice(entry: dict, key: str, allowed, where: str) -> str:
    value = _require(entry, key, where)
    if value not in allowed:
        raise CatalogueError(f"{where}: {key} {value!r} is not one of {sorted(allowed)}")
    return value


def _day(value, where: str) -> date | None:
    try:
        return None if value is None else date.fromisoformat(str(value))
    except ValueError:
        raise CatalogueError(f"{where}: {value!r} is not an ISO date") from None


def parse_country(doc: dict, folder: Path) -> Country:
    """The [country] table; data file names are relative to the catalogue's own folder."""
    c = doc.get("country")
    if not isinstance(c, dict):
        raise CatalogueError("country: missing (name, iso2, iso3, timezone)")
    files = {key: folder / c[key] if c.get(key) else None for key in ("paper_data", "cited_data", "events")}
    currency_ids = {
        code.upper(): tuple(CurrencyId(int(_require(span, "id", f"country.currency_ids.{code}")),
                                       _day(span.get("from"), f"country.currency_ids.{code}"),
                                       _day(span.get("to"), f"country.currency_ids.{code}")) for span in spans)
        for code, spans in c.get("currency_ids", {}).items()}
    return Country(str(_require(c, "name", "country")), str(_require(c, "iso2", "country")).upper(),
                   str(_require(c, "iso3", "country")).upper(), str(_require(c, "timezone", "country")),
                   currency_ids=currency_ids, **files)


def parse_catalogue(doc: dict, folder: Path = CATALOGUE_PATH.parent) -> Catalogue:
    """Build a Catalogue from the TOML document, refusing anything inconsistent."""
    families = {
        fid: Family(fid, _require(f, "name", f"family {fid}"), f.get("description", ""), pos)
        for pos, (fid, f) in enumerate(doc.get("families", {}).items())
    }
    units = {
        uid: Unit(uid, u.get("label", uid), u.get("description", ""), u.get("min"), u.get("max"),
                  bool(u.get("integer", False)))
        for uid, u in doc.get("units", {}).items()
    }
    cadences = {
        cid: Cadence(cid, int(_require(c, "fresh_days", f"cadence {cid}")),
                     int(_require(c, "stale_days", f"cadence {cid}")))
        for cid, c in doc.get("cadences", {}).items()
    }
    window = doc.get("baseline_window", {})
    try:
        baseline_window = (date.fromisoformat(window["start"]).isoformat(),
                           date.fromisoformat(window["end"]).isoformat())
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogueError(f"baseline_window needs ISO start and end dates ({exc})") from None
    default_tolerance = float(doc.get("default_approx_tolerance", 0.10))

    indicators: dict[str, Indicator] = {}
    for pos, entry in enumerate(doc.get("indicator", [])):
        iid = _require(entry, "id", f"indicator #{pos + 1}")
        where = f"indicator {iid}"
        if not _ID.match(iid):
            raise CatalogueError(f"{where}: id must be snake_case")
        if iid in indicators:
            raise CatalogueError(f"{where}: duplicate id")
        pin = entry.get("baseline_pin")
        if pin is not None and not {"period_start", "source_url"} <= set(pin):
            raise CatalogueError(f"{where}: baseline_pin needs period_start and source_url")
        tolerance = float(entry.get("approx_tolerance", default_tolerance))
        if not 0 < tolerance < 1:
            raise CatalogueError(f"{where}: approx_tolerance must be between 0 and 1")
        indicators[iid] = Indicator(
            id=iid,
            name=_require(entry, "name", where),
            family=_choice(entry, "family", families, where),
            unit=_choice(entry, "unit", units, where),
            kind=_choice(entry, "kind", KINDS, where),
            worse_when=_choice(entry, "worse_when", DIRECTIONS, where),
            cadence=_choice(entry, "cadence", cadences, where),
            definition=_require(entry, "definition", where),
            paper_context=entry.get("paper_context", ""),
            sources=tuple(Source(s["name"], s["url"]) for s in entry.get("sources", [])),
            approx_tolerance=tolerance,
            baseline_pin=pin,
            collector=entry.get("collector"),
            params=dict(entry.get("params", {})),
            position=pos,
        )
    history = tuple(HistoryFile(str(_require(h, "source", f"history #{n + 1}")),
                                folder / str(_require(h, "file", f"history #{n + 1}")),
                                str(_require(h, "url", f"history #{n + 1}")))
                    for n, h in enumerate(doc.get("history", [])))
    return Catalogue(indicators, families, units, cadences, baseline_window, parse_country(doc, folder), history)


CATALOGUE_ENV = "BAROMETER_CATALOGUE"


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """The catalogue from `path`, else $BAROMETER_CATALOGUE, else the one shipped with the package."""
    return _load(str(path or os.environ.get(CATALOGUE_ENV) or CATALOGUE_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> Catalogue:
    with open(path, "rb") as fh:
        return parse_catalogue(tomllib.load(fh), Path(path).resolve().parent)
