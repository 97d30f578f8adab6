"""IODA v2 raw signals for the catalogue's country (BGP, active probing, telescope), reduced to one value per day.

API: https://api.ioda.inetintel.cc.gatech.edu/v2/  (signals/raw/{entityType}/{entityCode})
The answer is an envelope whose `data` holds one list of series per entity (`[[]]` for a window without data,
which gives no records; a run where no window has data found nothing: logged "empty", not failed). A series' `values`
are numbers for bgp and ping-slash24, but for some datasources each time step is a list of
objects carrying `agg_values` (see tests/fixtures/ioda/ID.md); params.field picks one of those.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from indicators.model.catalogue import Country

from . import http
from .source import Source
from .base import env_url, ParseError, RawPayload, chunks, count, field, load_json, number, record

ID = "ioda"
SCHEDULE = {"hour": 2, "minute": 40}
CHUNK_DAYS = 31
DEFAULT_URL = "https://api.ioda.inetintel.cc.gatech.edu"
CANONICAL = "https://api.ioda.inetintel.cc.gatech.edu/v2/signals/raw/{kind}/{code}?datasource={ds}"
NOTE = "{points} points, step {step}s"


def base_url() -> str:
    return env_url(ID, DEFAULT_URL)


def _epoch(day: date) -> int:
    return int(datetime.combine(day, time(), tzinfo=timezone.utc).timestamp())


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    sources = list(dict.fromkeys(ind.params["datasource"] for ind in indicators))
    return [f"{base_url()}/v2/signals/raw/country/{country.iso2}?from={_epoch(a)}"
            f"&until={_epoch(b + timedelta(days=1))}&datasource={ds}"
            for ds in sources for a, b in chunks(since, until, CHUNK_DAYS)]


def fetch(url: str, client=None) -> RawPayload:
    return http.get(ID, url, http=client)


def _series(data) -> list[dict]:
    """The signal objects, whether `data` is a list of them or a list of lists (one per entity)."""
    out = []
    for item in data if isinstance(data, list) else []:
        out.extend(_series(item) if isinstance(item, list) else [item])
    return out


def _step_value(value, fld: str | None, where: str) -> float | None:
    """One time step: a number, or the sum of `agg_values[fld]` over the step's objects (None when all are null)."""
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value if value is None else number(ID, value, where)
    if not isinstance(value, list):
        raise ParseError(ID, where, f"expected a number or a list of objects, got {value!r}")
    if fld is None:
        raise ParseError(ID, where, "a list of objects per time step: the indicator must name params.field")
    parts = [field(ID, field(ID, obj, "agg_values", f"{where}[{j}]."), fld, f"{where}[{j}].agg_values.")
             for j, obj in enumerate(value)]
    present = [number(ID, x, f"{where}.agg_values.{fld}") for x in parts if x is not None]
    return sum(present) if present else None


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    """Daily mean (or params.agg = "min") of each wanted series' non-null steps by UTC day, to a whole number."""
    doc = load_json(ID, body)
    if not isinstance(doc, dict):
        raise ParseError(ID, "body", "expected a JSON object")
    if doc.get("error"):
        raise ParseError(ID, "error", str(doc["error"]))
    data = field(ID, doc, "data")
    if not isinstance(data, list):
        raise ParseError(ID, "data", f"expected a list of series per entity, got {type(data).__name__}")
    series = _series(data)  # a window without data is `[[]]`: no records from this payload
    out = []
    for i, s in enumerate(series):
        where = f"data[{i}]."
        ds = field(ID, s, "datasource", where)
        wanted = [ind for ind in indicators if ind.params.get("datasource") == ds]
        if not wanted:
            continue
        kind, code = field(ID, s, "entityType", where), field(ID, s, "entityCode", where)
        start = count(ID, field(ID, s, "from", where), where + "from")
        step = count(ID, field(ID, s, "step", where), where + "step")
        if step <= 0:
            raise ParseError(ID, where + "step", f"{step} is not a positive number of seconds")
        values = field(ID, s, "values", where)
        for ind in wanted:
            fld = ind.params.get("field")
            by_day: dict[str, list[float]] = defaultdict(list)
            for k, v in enumerate(values):
                x = _step_value(v, fld, f"{where}values[{k}]")
                if x is not None:
                    by_day[datetime.fromtimestamp(start + k * step, tz=timezone.utc).date().isoformat()].append(x)
            agg = min if ind.params.get("agg") == "min" else (lambda xs: sum(xs) / len(xs))  # noqa: E731
            for day, xs in sorted(by_day.items()):
                out.append(record(ID, ind.id, day, None, round(agg(xs)),
                                  CANONICAL.format(kind=kind, code=code, ds=ds),
                                  note=NOTE.format(points=len(xs), step=step)))
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
