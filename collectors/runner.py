"""One collection run per source: fetch, archive, parse, validate and upsert, all or nothing.

The CLI and the scheduler both call `run_collect`; `reparse` replays archived payloads through
the current parsers, so a parser fix turns into revisions rather than overwrites. Both evaluate the alert rules
once their runs are logged (a source failing run after run is one of them).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from indicators.alerts import evaluate_quietly
from indicators.store import utc_now
from indicators.validation import ValidationError, validate_many

from . import REGISTRY
from .base import RawPayload

LOOKBACK_DAYS = 7  # re-read the last week on each run: sources revise recent days
ERROR_MAX = 2000  # characters of a failed run's error kept in its log row (remote text can be long)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RunResult:
    source: str
    run_id: int
    status: str
    added: int = 0
    revised: int = 0
    payloads: int = 0
    error: str | None = None


class CollectError(RuntimeError):
    """A run failed; the message names the source and what went wrong."""


def default_since(store, catalogue, source: str, indicators) -> date:
    """The bookmark: a week before the latest period this source has filled, else a year before the baseline."""
    latest = store.last_period_end([i.id for i in indicators], collector=source)
    if latest:
        return date.fromisoformat(latest) - timedelta(days=LOOKBACK_DAYS)
    return date.fromisoformat(catalogue.baseline_window[0]).replace(month=1, day=1) - timedelta(days=365)


def _in_range(rec: dict, since: date | None, until: date | None) -> bool:
    return ((since is None or rec["period_end"] >= since.isoformat())
            and (until is None or rec["period_start"] <= until.isoformat()))


def _refuse_repeats(source: str, keys, where: str) -> None:
    """One figure per indicator, period and source address: a key given twice fails the run, since
    keeping both would leave two active rows, and each rerun would revise one with the other."""
    seen = set()
    for key in keys:
        if key in seen:
            raise CollectError(f"{source}: {where} gives {key[0]} twice for {key[1]}..{key[2]} from {key[3]}; "
                               f"a source gives one figure per indicator, period and address: nothing saved")
        seen.add(key)


def _load(store, catalogue, spec, batches: list[tuple[str, list[dict]]], run_id: int, *,
          today: date | None) -> tuple[int, int]:
    """Combine, validate and upsert records, each linked to the payload (sha256) it came from."""
    combined = spec.combine is not None
    for sha, records in batches:  # within a payload; across payloads a later one's figure wins below
        _refuse_repeats(spec.id, (tuple(str(r.get(k)) for k in ("indicator_id", "period_start", "period_end",
                                                                        "source_url"))
                                        + ((str(r.get("note")),) if combined else ()) for r in records),
                        f"payload {sha[:12]}")
    if len(batches) == 1 and spec.combine is None:
        sha, records = batches[0]
        by_payload = None
    else:
        latest = {}  # oldest payload first: a later payload's figure for the same key wins
        for sha, records in batches:
            for r in records:
                r["_payload"] = sha
                latest[(r["indicator_id"], r["period_start"], r["period_end"], r["source_url"],
                        r.get("note") if combined else None)] = r
        records = spec.combine(list(latest.values())) if combined else list(latest.values())
        by_payload = {}
    try:
        observations = validate_many(records, catalogue, today=today)
    except ValidationError as exc:
        bad = records[exc.index]
        raise CollectError(f"{spec.id}: invalid observation for {bad.get('indicator_id')} "
                           f"{bad.get('period_start')}: {exc}") from exc
    _refuse_repeats(spec.id, ((o.indicator_id, o.period_start, o.period_end, o.source_url)
                                     for o in observations), "the run")
    if by_payload is None:
        by_payload = {sha: observations}
    else:
        for rec, obs in zip(records, observations):
            by_payload.setdefault(rec["_payload"], []).append(obs)
    added = revised = 0
    for sha, group in by_payload.items():
        a, r = store.upsert_collected(group, collector=spec.id, payload_sha256=sha, run_id=run_id)
        added, revised = added + a, revised + r
    return added, revised


def _payloads(spec, indicators, country, since, until, from_file, url, client):
    """The raw payloads of a run: read from a file, or fetched one planned URL at a time."""
    if from_file is not None:
        path = Path(from_file)
        plan = spec.plan(indicators, since or date.today(), until or date.today(), country)
        origin = url or (plan[0] if plan else path.resolve().as_uri())
        yield 1, RawPayload(spec.id, origin, 200, _now(), path.read_bytes(), None)
        return
    urls = spec.plan(indicators, since, until, country)
    if not urls:
        raise CollectError(f"{spec.id}: nothing to fetch (no indicator configured, or the source "
                           "is collected from files only)")
    for url_ in urls:
        yield len(urls), spec.fetch(url_, client)


def _parse(spec, body: bytes, url: str, indicators, country) -> list[dict]:
    """The parser's records; a payload whose values are not of the shape the parser expects (a list where
    a number belongs, say) fails the run with a message saying so, not with a bare Python error."""
    try:
        return spec.parse(body, url, indicators, country)
    except (TypeError, AttributeError, KeyError, IndexError, OverflowError) as exc:
        raise CollectError(f"{spec.id}: the payload is not shaped as this parser expects "
                           f"({type(exc).__name__}: {str(exc)[:200]}); nothing saved") from exc


def _message(source: str, exc: Exception) -> str:
    """A failed run's error as logged: named by its source, at most ERROR_MAX characters."""
    message = str(exc) if str(exc).startswith(f"{source}:") else f"{source}: {exc}"
    return message if len(message) <= ERROR_MAX else message[:ERROR_MAX - 1] + "…"


def _now() -> str:
    return utc_now()


def collect_source(store, catalogue, source: str, *, since: date | None = None, until: date | None = None,
                   from_file: str | Path | None = None, url: str | None = None,
                   progress: Progress | None = None, client=None, today: date | None = None) -> RunResult:
    """One logged run for one source; on any failure nothing but the run's log row is written."""
    spec = REGISTRY[source]
    indicators = catalogue.by_collector(source)
    if from_file is None:  # a file is read whole unless a range is given
        until = until or today or date.today()
        since = since or default_since(store, catalogue, source, indicators)
    params = {"since": since and since.isoformat(), "until": until and until.isoformat(),
              **({"from_file": str(from_file)} if from_file else {})}
    run_id = store.start_run(source, params)
    count = 0
    try:
        if not indicators:
            raise CollectError(f"{source}: no indicator in the catalogue uses this collector")
        with store.transaction():
            batches: list[tuple[str, list[dict]]] = []
            for total, raw in _payloads(spec, indicators, catalogue.country, since, until, from_file, url,
                                        client):
                sha = store.archive_payload(source=source, url=raw.url, status=raw.status,
                                            fetched_at=raw.fetched_at, body=raw.body,
                                            content_type=raw.content_type)
                records = _parse(spec, raw.body, raw.url, indicators, catalogue.country)
                if since or until:
                    records = [r for r in records if _in_range(r, since, until)]
                batches.append((sha, records))
                count += 1
                if progress:
                    progress(source, count, total)
            if not any(records for _, records in batches):
                raise CollectError(f"{source}: no observations for the catalogue's indicators"
                                   + (f" between {since} and {until}" if since else "")
                                   + f" in {count} payload(s)")
            added, revised = _load(store, catalogue, spec, batches, run_id, today=today)
    except Exception as exc:  # noqa: BLE001 - any failure is logged on the run, and the next source runs
        message = _message(source, exc)
        store.finish_run(run_id, status="failed", error=message)
        return RunResult(source, run_id, "failed", payloads=count, error=message)
    store.finish_run(run_id, status="ok", rows_added=added, rows_revised=revised)
    return RunResult(source, run_id, "ok", added, revised, count)


def run_collect(store, catalogue, sources: Sequence[str] | None = None, since: date | None = None,
                until: date | None = None, from_file: str | Path | None = None, progress: Progress | None = None,
                *, url: str | None = None, client=None, today: date | None = None) -> list[RunResult]:
    """Collect each source in turn (default: every registered source the catalogue uses and that can fetch)."""
    store.sync_catalogue(catalogue)
    if not sources:
        sources = [s for s, m in REGISTRY.items() if catalogue.by_collector(s) and m.schedule is not None]
    unknown = [s for s in sources if s not in REGISTRY]
    if unknown:
        raise KeyError(f"unknown source {unknown[0]!r}; known: {', '.join(REGISTRY)}")
    if from_file is not None and len(sources) != 1:
        raise ValueError("--from-file needs exactly one SOURCE")
    results = [collect_source(store, catalogue, s, since=since, until=until, from_file=from_file, url=url,
                              progress=progress, client=client, today=today) for s in sources]
    evaluate_quietly(store, catalogue)
    return results


def reparse(store, catalogue, source: str, *, progress: Progress | None = None,
            today: date | None = None) -> RunResult:
    """Parse every archived payload of `source` again with the current parser, as one logged run."""
    spec = REGISTRY[source]
    store.sync_catalogue(catalogue)
    indicators = catalogue.by_collector(source)
    metas = store.payloads(source)
    run_id = store.start_run(source, {"reparse": True, "payloads": len(metas)})
    try:
        if not metas:
            raise CollectError(f"{source}: no archived payloads to reparse")
        with store.transaction():
            batches = []
            for n, meta in enumerate(metas, 1):
                _, body = store.payload(meta["sha256"])
                batches.append((meta["sha256"], _parse(spec, body, meta["url"] or "", indicators, catalogue.country)))
                if progress:
                    progress(source, n, len(metas))
            added, revised = _load(store, catalogue, spec, batches, run_id, today=today)
    except Exception as exc:  # noqa: BLE001
        message = _message(source, exc)
        store.finish_run(run_id, status="failed", error=message)
        evaluate_quietly(store, catalogue)
        return RunResult(source, run_id, "failed", payloads=len(metas), error=message)
    store.finish_run(run_id, status="ok", rows_added=added, rows_revised=revised)
    evaluate_quietly(store, catalogue)
    return RunResult(source, run_id, "ok", added, revised, len(metas))
