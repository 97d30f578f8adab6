"""A synthetic store of any size, shaped like the real one, for benchmarks (no network, deterministic).

`build_db(path, indicators=200, days=3650, seed=0)` writes a real store through `Store`: a synthetic
catalogue (written beside it as TOML, so the dashboard and CLI can load it), one observation a day per
indicator ending `end`, mixed qualifiers, disagreeing second sources, multi-day reports, corrections,
retractions and events. Level and flow indicators alternate; some have no direction.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from indicators.model.catalogue import Catalogue, parse_catalogue
from indicators.model.observation import Observation
from indicators.store import Store

from . import backend
from .sizes import SIZES

FAMILIES = ("participation", "pluralism", "information_control", "repression", "mobilization", "trust",
            "economy", "pandemic")
CADENCES = {"daily": (2, 7), "weekly": (10, 30), "monthly": (40, 100), "irregular": (180, 730)}
UNITS = {"count": {"label": "count", "min": 0, "integer": True},
         "percent": {"label": "%", "min": 0, "max": 100},
         "index": {"label": "index"}}
SOURCE = "https://example.org/synthetic/{indicator}/{n}"
ENTERED_BY = "synthetic"
# Share of observations with each qualifier; the rest are exact.
QUALIFIER_SHARE = (("approx", 0.05), ("at_least", 0.03), ("at_most", 0.02), ("range", 0.03))


@dataclass(frozen=True)
class Built:
    path: Path
    catalogue_path: Path
    catalogue: Catalogue
    rows: int
    end: str


def catalogue_doc(indicators: int) -> dict:
    """The catalogue document: flows (counts, worse when up) and levels (percent or index)."""
    entries = []
    for n in range(indicators):
        flow = n % 2 == 0
        unit = "count" if flow else ("percent" if n % 4 == 1 else "index")
        entries.append({
            "id": f"synthetic_{n:03d}", "name": f"Synthetic indicator {n:03d}",
            "family": FAMILIES[n % len(FAMILIES)], "unit": unit, "kind": "flow" if flow else "level",
            "worse_when": ("up", "down", "none")[n % 7 % 3], "cadence": "daily",
            "definition": f"Synthetic {'flow' if flow else 'level'} number {n} for benchmarks.",
            "paper_context": "Synthetic.",
            "sources": [{"name": "Synthetic source", "url": f"https://example.org/synthetic/{n}"}],
        })
    return {
        "baseline_window": {"start": "2020-01-01", "end": "2020-08-08"},
        "default_approx_tolerance": 0.10,
        "country": {"name": "Synthetica", "iso2": "SY", "iso3": "SYN", "timezone": "Europe/Minsk"},
        "families": {f: {"name": f.replace("_", " ").capitalize(), "description": "Synthetic."} for f in FAMILIES},
        "units": UNITS,
        "cadences": {c: {"fresh_days": f, "stale_days": s} for c, (f, s) in CADENCES.items()},
        "indicator": entries,
    }


def to_toml(doc: dict) -> str:
    """Just enough TOML for `catalogue_doc` (JSON strings and numbers are valid TOML values)."""
    def value(v):
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        if isinstance(v, bool):
            return "true" if v else "false"
        return json.dumps(v, ensure_ascii=False)

    lines = []
    for key, v in doc.items():
        if key == "country":
            lines += ["[country]", *(f"{k} = {value(x)}" for k, x in v.items()), ""]
        elif key in ("families", "units", "cadences"):
            for name, table in v.items():
                lines += [f"[{key}.{name}]", *(f"{k} = {value(x)}" for k, x in table.items()), ""]
        elif key == "indicator":
            for entry in v:
                lines.append("[[indicator]]")
                lines += [f"{k} = {value(x)}" for k, x in entry.items() if k != "sources"]
                for source in entry.get("sources", []):
                    lines += ["[[indicator.sources]]", *(f"{k} = {value(x)}" for k, x in source.items())]
                lines.append("")
        else:
            lines.insert(0, f"{key} = {value(v)}")
    return "\n".join(lines) + "\n"


def _figure(rng: random.Random, level: float, flow: bool) -> dict:
    """One day's figure with a qualifier drawn by QUALIFIER_SHARE."""
    value = max(0.0, round(level)) if flow else round(level, 2)
    draw = rng.random()
    for qualifier, share in QUALIFIER_SHARE:
        if draw < share:
            break
        draw -= share
    else:
        return {"qualifier": "exact", "value": value}
    if qualifier == "range":
        spread = max(1.0, abs(value) * 0.1)
        return {"qualifier": "range", "value_low": round(value - spread, 2) if not flow else max(0.0, value - spread),
                "value_high": round(value + spread, 2)}
    return {"qualifier": qualifier, "value": value}


def _series(rng: random.Random, ind: dict, first: date, days: int) -> list[Observation]:
    flow = ind["kind"] == "flow"
    level = rng.uniform(5, 50) if flow else rng.uniform(20, 80)
    out = []
    for d in range(days):
        level += rng.gauss(0, 0.02 * max(level, 1.0))
        level = min(max(level, 1.0), 99.0 if ind["unit"] == "percent" else 1e9)
        day = (first + timedelta(days=d)).isoformat()
        out.append(Observation(ind["id"], day, day, source_url=SOURCE.format(indicator=ind["id"], n=0),
                               entered_by=ENTERED_BY, **_figure(rng, level, flow)))
    return out


def _extras(rng: random.Random, ind: dict, n: int, series: list[Observation]) -> list[Observation]:
    """A second, disagreeing source on some days; for levels, also monthly reports covering a month."""
    out = []
    for obs in rng.sample(series, k=min(len(series), 20)):
        if obs.value is not None:
            out.append(Observation(obs.indicator_id, obs.period_start, obs.period_end, "approx",
                                   SOURCE.format(indicator=ind["id"], n=1), ENTERED_BY,
                                   value=round(obs.value * rng.uniform(0.8, 1.2), 2)))
    if ind["kind"] == "level" and n % 10 == 1:
        for obs in series[::30][1:]:
            start = (date.fromisoformat(obs.period_end) - timedelta(days=29)).isoformat()
            out.append(Observation(obs.indicator_id, start, obs.period_end, "exact",
                                   SOURCE.format(indicator=ind["id"], n=2), ENTERED_BY, value=obs.value or 0.0))
    return out


def build_db(path: str | Path, indicators: int = 200, days: int = 3650, seed: int = 0,
             end: date | None = None) -> Built:
    """Write the synthetic store at `path` (atomically: built aside, then renamed) and its catalogue."""
    path = Path(path)
    end = end or date.today()
    first = end - timedelta(days=days - 1)
    rng = random.Random(seed)
    doc = catalogue_doc(indicators)
    catalogue_path = path.with_suffix(".catalogue.toml")
    tmp_cat = catalogue_path.with_suffix(".tmp")
    tmp_cat.write_text(to_toml(doc), encoding="utf-8")
    os.replace(tmp_cat, catalogue_path)
    catalogue = parse_catalogue(doc)
    tmp = path.with_name(path.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    entered = f"{end.isoformat()}T00:00:00.000000Z"
    with Store.open(tmp) as store:
        store.sync_catalogue(catalogue)
        for n, ind in enumerate(doc["indicator"]):
            series = _series(rng, ind, first, days)
            ids = store.append(series + _extras(rng, ind, n, series), entered_at=entered)
            for obs_id in rng.sample(ids[:days], k=min(days, 2)):  # a correction and a retraction each
                old = series[obs_id - ids[0]]
                if obs_id % 2:
                    store.retract(obs_id, "synthetic retraction", at=entered)
                else:
                    fixed = Observation(old.indicator_id, old.period_start, old.period_end, "exact",
                                        old.source_url, ENTERED_BY, value=(old.value or 1.0) + 1)
                    store.correct(obs_id, fixed, entered_at=entered)
        store.add_events([{
            "date_start": (first + timedelta(days=rng.randrange(days))).isoformat(),
            "label": f"Synthetic event {k}", "family": FAMILIES[k % len(FAMILIES)],
            "source_url": f"https://example.org/synthetic/event/{k}", "entered_by": ENTERED_BY,
            "description": "Synthetic."} for k in range(40)], entered_at=entered)
        rows = store.conn.execute("SELECT count(*) FROM observations").fetchone()[0]
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(tmp, path)
    return Built(path, catalogue_path, catalogue, rows, end.isoformat())


def stored_db(size: str, workdir: Path) -> tuple[str | Path, Path]:
    """The store for a benchmark size, built once per size and day in its own process, so that the
    measuring process's time and peak memory are its own: (database, catalogue file). On PostgreSQL the
    database is the SQLite store's verified copy (benchmarks/backend.py)."""
    indicators, days = SIZES[size]
    path = Path(workdir) / f"synthetic-{size}-{date.today().isoformat()}.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        code = (f"from benchmarks.synthetic import build_db; build_db({str(path)!r}, indicators={indicators}, "
                f"days={days})")
        subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)
    return backend.stored(path, f"barometer_bench_{size}_{date.today():%Y%m%d}"), path.with_suffix(".catalogue.toml")
