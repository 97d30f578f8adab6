"""Load and check the indicator catalogue, which lives as data in catalogue.toml."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from .. import local_files, settings

CATALOGUE_PATH = Path(__file__).parent.parent / "catalogue.toml"  # indicators/catalogue.toml
# What kind of number an indicator's figures are, which decides how they may be compared (README, "How a verdict
# is reached"): a level or stock at a date (political prisoners on a day, a price); a flow over a period
# (detentions in a year); a cumulative total since a fixed date (`since`), from which a flow comes only as the
# difference of two totals with the same start; an edition's score, dated by the period the edition measures
# and compared edition with edition; an occasional count tied to an occasion (roadmaps, ratifications, meetings),
# compared per occasion or per year, never per 30 days; a model's estimate, shown but given no verdict unless
# the catalogue pins its baseline; a curated list's size, shown as the list's size with no verdict.
KINDS = ("flow", "level", "cumulative", "edition", "occasional", "modelled", "list_size")
DEFAULT_BASIS = {"flow": "per_30_days", "level": "level", "cumulative": "level", "edition": "level",
                 "occasional": "per_edition", "modelled": "level", "list_size": "level"}
# Kinds whose figures never carry a verdict of their own.
NO_VERDICT_KINDS = ("modelled", "list_size")
# up / down: which way reads as weaker legitimacy; none: no direction. up_fall_ambiguous: a rise reads as weaker
# legitimacy, but a fall may be fear or censorship as much as consent (protests, news volume, page views), so a
# fall never reads as stronger legitimacy on its own: it is shown beside the repression series.
DIRECTIONS = ("up", "down", "none", "up_fall_ambiguous")
# How latest and baseline compare: a flow's rate per 30 days (from periods of at least min_period_days), a
# level's latest value, a count per edition of a recurring occasion (festivities, elections), a count per year.
BASES = ("per_30_days", "level", "per_edition", "per_year")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# When an alert opens, unless the catalogue says otherwise ([alerts], then a family's or an indicator's `alerts`):
# a change against the baseline certainly beyond ±50 % (or, for a unit whose change is told as a difference,
# beyond so many pp, points, places or people); so many moves the same way over consecutive periods; a series
# gone stale; a source whose collector failed on so many runs in a row. 0 or false turns a rule off.
ALERT_DEFAULTS = {
    "change_relative": 0.5,
    "change_difference": {"pp": 10, "points": 10, "places": 10, "people": 20000},
    "consecutive_periods": 3,
    "stale": True,
    "collector_failures": 3,
}


class CatalogueError(ValueError):
    """The catalogue file is inconsistent; the message names the entry and key."""


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    description: str
    position: int
    alerts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AlertRule:
    """The alert rules for one indicator, merged from the defaults, its family and itself. `change_relative` is
    a fraction (0.5: ±50 %); `change_difference` is in its unit's difference (pp, points, places), 0 when the
    unit has none; 0 (or False) turns a rule off."""

    change_relative: float
    change_difference: float
    consecutive_periods: int
    stale: bool
    collector_failures: int


@dataclass(frozen=True)
class Unit:
    """A unit and how its figures read: `decimals` fixes the decimals shown (else three significant digits);
    `difference` names the unit of a change in points ("pp" for percent) where a change is told as a
    difference rather than in percent (a rate, a score or a rank changing by a percentage misleads)."""

    id: str
    label: str
    description: str = ""
    min: float | None = None
    max: float | None = None
    integer: bool = False
    decimals: int | None = None
    difference: str | None = None
    # Only on a display copy (catalogue_translations.localize): the difference's word in its language, plain
    # under "" and by plural category beside a number.
    difference_words: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Cadence:
    """How often a figure is expected. An occasional series (an index edition, an election) has no limits: its
    latest figure is the latest edition until a newer one exists, never stale."""

    id: str
    fresh_days: int | None
    stale_days: int | None

    @property
    def occasional(self) -> bool:
        return self.stale_days is None


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
    basis: str = "level"
    min_period_days: int = 1
    min_coverage: float = 0.0
    alerts: dict = field(default_factory=dict)
    # a cumulative total counts from this day
    since: str | None = None
    # the source stopped reporting on this day: figures after it are not expected, and its last figures (a
    # final backlog, a collapse to zero) give no verdict
    reporting_ended: str | None = None
    # seasonal or epidemic: compared only with the same season of the baseline year (or not at all)
    seasonal: bool = False
    # how many years before the window a fallback baseline may be and still carry a verdict (None: the
    # catalogue's fallback_max_years); 0 for a market price, which only a figure of the window's year may stand for
    fallback_max_years: int | None = None

    @property
    def is_rate(self) -> bool:
        """Whether figures are read (and drawn) as a rate per 30 days of the days they cover."""
        return self.basis == "per_30_days"


@dataclass(frozen=True)
class CurrencyId:
    """A central bank's id for a currency, valid over a span of days (banks renumber)."""

    id: int
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class Country:
    """Whose regime the catalogue tracks: codes the sources ask by, its clock, and its shipped data files (among
    them the folder of its texts in other languages, `<lang>.toml`)."""

    name: str
    iso2: str
    iso3: str
    timezone: str
    paper_data: Path | None = None
    cited_data: Path | None = None
    events: Path | None = None
    corrections: Path | None = None
    translations: Path | None = None
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
    fallback_max_years: int = 3
    alerts: dict = field(default_factory=lambda: dict(ALERT_DEFAULTS))

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise KeyError(f"unknown indicator {indicator_id!r}") from None

    def unit_of(self, indicator_id: str) -> Unit:
        return self.units[self.get(indicator_id).unit]

    def fallback_years(self, indicator: Indicator) -> int:
        """How many years before the window a fallback baseline may end and still carry a verdict."""
        return self.fallback_max_years if indicator.fallback_max_years is None else indicator.fallback_max_years

    def by_collector(self, source: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.collector == source]

    def alert_rule(self, indicator_id: str) -> AlertRule:
        """The indicator's alert rules: the catalogue's defaults, then its family's, then its own."""
        ind = self.get(indicator_id)
        merged = _merge_alerts(_merge_alerts(self.alerts, self.families[ind.family].alerts), ind.alerts)
        difference = self.units[ind.unit].difference
        per_unit = merged["change_difference"]
        if difference is None:
            threshold = 0.0
        elif isinstance(per_unit, dict):
            threshold = float(per_unit.get(difference, 0))
        else:
            threshold = float(per_unit)
        return AlertRule(float(merged["change_relative"]), threshold, int(merged["consecutive_periods"]),
                         bool(merged["stale"]), int(merged["collector_failures"]))


def _merge_alerts(base: dict, over: dict) -> dict:
    """Alert settings `over` laid on `base`; a table of thresholds per difference merges key by key."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def parse_alerts(table, where: str) -> dict:
    """Alert settings as written in the catalogue, checked: known keys, numbers not below zero."""
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise CatalogueError(f"{where}: alerts must be a table")
    for key, value in table.items():
        if key not in ALERT_DEFAULTS:
            raise CatalogueError(f"{where}: alerts.{key} is not one of {sorted(ALERT_DEFAULTS)}")
        if key == "stale":
            if not isinstance(value, bool):
                raise CatalogueError(f"{where}: alerts.stale must be true or false")
            continue
        values = value.values() if key == "change_difference" and isinstance(value, dict) else [value]
        whole = key in ("consecutive_periods", "collector_failures")
        for v in values:
            if isinstance(v, bool) or not isinstance(v, int if whole else (int, float)) or v < 0:
                kind = "a whole number" if whole else "a number"
                raise CatalogueError(f"{where}: alerts.{key} must be {kind}, 0 or more (0 turns it off)")
    return dict(table)


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
    files = {key: folder / c[key] if c.get(key) else None
             for key in ("paper_data", "cited_data", "events", "corrections", "translations")}
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
        fid: Family(fid, _require(f, "name", f"family {fid}"), f.get("description", ""), pos,
                    parse_alerts(f.get("alerts"), f"family {fid}"))
        for pos, (fid, f) in enumerate(doc.get("families", {}).items())
    }
    units = {
        uid: Unit(uid, u.get("label", uid), u.get("description", ""), u.get("min"), u.get("max"),
                  bool(u.get("integer", False)), u.get("decimals"), u.get("difference"))
        for uid, u in doc.get("units", {}).items()
    }
    cadences = {
        cid: (Cadence(cid, None, None) if c.get("occasional") else
              Cadence(cid, int(_require(c, "fresh_days", f"cadence {cid}")), int(_require(c, "stale_days", f"cadence {cid}"))))
        for cid, c in doc.get("cadences", {}).items()
    }
    window = doc.get("baseline_window", {})
    try:
        baseline_window = (date.fromisoformat(window["start"]).isoformat(),
                           date.fromisoformat(window["end"]).isoformat())
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogueError(f"baseline_window needs ISO start and end dates ({exc})") from None
    default_tolerance = float(doc.get("default_approx_tolerance", 0.10))
    default_coverage = float(doc.get("default_min_coverage", 0.25))
    default_min_days = int(doc.get("default_min_period_days", 7))

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
        kind = _choice(entry, "kind", KINDS, where)
        basis = entry.get("basis", DEFAULT_BASIS[kind])
        if basis not in BASES:
            raise CatalogueError(f"{where}: basis {basis!r} is not one of {list(BASES)}")
        if basis == "per_30_days" and kind != "flow":
            raise CatalogueError(f"{where}: only a flow has a rate per 30 days")
        since = entry.get("since")
        if (kind == "cumulative") != (since is not None):
            raise CatalogueError(f"{where}: a cumulative total, and only one, names the day it counts from (since)")
        for key in ("since", "reporting_ended"):
            _day(entry.get(key), f"{where}: {key}")
        fallback_years = entry.get("fallback_max_years")
        if fallback_years is not None and (not isinstance(fallback_years, int) or fallback_years < 0):
            raise CatalogueError(f"{where}: fallback_max_years must be a whole number, 0 or more")
        min_coverage = float(entry.get("min_coverage", default_coverage if basis == "per_30_days" else 0.0))
        if not 0 <= min_coverage <= 1:
            raise CatalogueError(f"{where}: min_coverage must be between 0 and 1")
        tolerance = float(entry.get("approx_tolerance", default_tolerance))
        if not 0 < tolerance < 1:
            raise CatalogueError(f"{where}: approx_tolerance must be between 0 and 1")
        indicators[iid] = Indicator(
            id=iid,
            name=_require(entry, "name", where),
            family=_choice(entry, "family", families, where),
            unit=_choice(entry, "unit", units, where),
            kind=kind,
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
            basis=basis,
            # daily series make a rate from however many days they have; others need a run of days
            min_period_days=int(entry.get("min_period_days", default_min_days if basis == "per_30_days"
                                          and entry.get("cadence") != "daily" else 1)),
            min_coverage=min_coverage,
            alerts=parse_alerts(entry.get("alerts"), where),
            since=None if since is None else str(since),
            reporting_ended=None if entry.get("reporting_ended") is None else str(entry["reporting_ended"]),
            seasonal=bool(entry.get("seasonal", False)),
            fallback_max_years=fallback_years,
        )
    history = tuple(HistoryFile(str(_require(h, "source", f"history #{n + 1}")),
                                folder / str(_require(h, "file", f"history #{n + 1}")),
                                str(_require(h, "url", f"history #{n + 1}")))
                    for n, h in enumerate(doc.get("history", [])))
    return Catalogue(indicators, families, units, cadences, baseline_window, parse_country(doc, folder), history,
                     int(doc.get("fallback_max_years", 3)),
                     _merge_alerts(ALERT_DEFAULTS, parse_alerts(doc.get("alerts"), "alerts")))




def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """The catalogue from `path`, else $BAROMETER_CATALOGUE, else the one shipped with the package."""
    return _load(str(path or settings.CATALOGUE.text() or CATALOGUE_PATH))


CATALOGUE_MAX_BYTES = 8 * 2 ** 20


@lru_cache(maxsize=4)
def _load(path: str) -> Catalogue:
    text = local_files.read_bytes(path, limit=CATALOGUE_MAX_BYTES, option="--catalogue")
    return parse_catalogue(tomllib.loads(text.decode("utf-8")), Path(path).resolve().parent)
