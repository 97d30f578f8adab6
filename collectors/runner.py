"""One collection run per source: fetch, archive, parse, validate and upsert, all or nothing.

The CLI and the scheduler both call `run_collect`; `reparse` replays archived payloads through
the current parsers, so a parser fix turns into revisions rather than overwrites. A run writes payload by
payload inside one transaction, so its memory is bounded by a payload (see `_Loader`), not by the run. Both
evaluate the alert rules once their runs are logged (a source failing run after run is one of them).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from indicators import local_files
from indicators.reports.alerts import evaluate_quietly
from indicators.store import EMPTY_RUN, utc_now
from indicators.model.validation import ValidationError, validate_many

from .registry import REGISTRY
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


FROM_FILE_MAX_BYTES = 64 * 2 ** 20  # as much as one HTTP response may bring (collectors/http.py)


def file_failure(source: str) -> str:
    """What the run log (shown on the public Sources page) keeps of a failed run from a local file: never the
    file's content, whose first line a parser's error would otherwise quote (the details go to the terminal)."""
    return (f"{source}: the file given with --from-file could not be read as this source's data; nothing saved "
            "(the details were shown where the command ran)")


def default_since(store, catalogue, source: str, indicators) -> date:
    """The bookmark: a week before the latest period this source has filled, else a year before the baseline."""
    latest = store.last_period_end([i.id for i in indicators], collector=source)
    if latest:
        return date.fromisoformat(latest) - timedelta(days=LOOKBACK_DAYS)
    return date.fromisoformat(catalogue.baseline_window[0]).replace(month=1, day=1) - timedelta(days=365)


def _in_range(rec: dict, since: date | None, until: date | None) -> bool:
    return ((since is None or rec["period_end"] >= since.isoformat())
            and (until is None or rec["period_start"] <= until.isoformat()))


def _refuse_duplicate_keys(records: list[dict]) -> None:
    """One figure per indicator, period and source address within one payload. A payload that gives a key twice
    would leave two active rows, and every rerun of it would revise one with the other: the run fails instead,
    naming the key, and nothing is written."""
    seen: dict[tuple, object] = {}
    for r in records:
        key = (r.get("indicator_id"), r.get("period_start"), r.get("period_end"), r.get("source_url"))
        if key in seen:
            raise CollectError(f"one payload gives two figures for {key[0]} {key[1]}..{key[2]} from {key[3]} "
                               f"({seen[key]!r} and {r.get('value')!r}); nothing saved")
        seen[key] = r.get("value")


class _Loader:
    """Validates and upserts a run's records payload by payload, inside the run's one transaction (so a later
    failure still rolls every payload back); each observation links to the payload (sha256) it came from.

    What stays in memory between payloads:
    - a source without `combine`: nothing but the counts (one payload's records at a time);
    - a source with `combine` (Wikipedia sums the articles of a day, and a day's articles come in different
      payloads): the run's parsed records, one per key (indicator, period, source address, note), until the last
      payload; for Wikipedia that is articles × days asked (6 articles × 3,650 days for a ten-year backfill);
    - `newest_first` (reparse replays the archive newest payload first, so that the newest figure of each key is
      the one compared with the store, as when it was collected): one small integer per key already written.
    A key repeated by a later payload of the same collection run is upserted again: the later figure wins, as a
    revision of the earlier one (planned requests do not overlap, so only a source repeating itself does this).
    """

    def __init__(self, store, catalogue, spec, run_id: int, *, today: date | None, newest_first: bool = False):
        self.store, self.catalogue, self.spec, self.run_id, self.today = store, catalogue, spec, run_id, today
        self.entered_at = utc_now()  # one time for the whole run, as one insert would have had
        self.pending: dict[tuple, dict] | None = {} if spec.combine is not None else None
        self.written: dict[tuple, set[int]] | None = {} if newest_first else None
        self.records = self.added = self.revised = 0

    def add(self, sha: str, records: list[dict]) -> None:
        self.records += len(records)
        if self.pending is None:
            self._store(sha, records)
            return
        for r in records:
            r["_payload"] = sha
            key = (r["indicator_id"], r["period_start"], r["period_end"], r["source_url"], r.get("note"))
            if self.written is None:
                self.pending[key] = r
            else:
                self.pending.setdefault(key, r)

    def finish(self) -> tuple[int, int]:
        if self.pending:
            combined = self.spec.combine(list(self.pending.values()))
            self.pending = {}
            by_payload: dict[str, list[dict]] = {}
            for r in combined:
                by_payload.setdefault(r["_payload"], []).append(r)
            for sha, group in by_payload.items():
                self._store(sha, group)
        return self.added, self.revised

    def _store(self, sha: str, records: list[dict]) -> None:
        try:
            observations = validate_many(records, self.catalogue, today=self.today)
        except ValidationError as exc:
            bad = records[exc.index]
            raise CollectError(f"{self.spec.id}: invalid observation for {bad.get('indicator_id')} "
                               f"{bad.get('period_start')}: {exc}") from exc
        if self.written is not None:
            observations = [o for o in observations if self._first(o)]
        a, r = self.store.upsert_collected(observations, collector=self.spec.id, payload_sha256=sha,
                                           run_id=self.run_id, entered_at=self.entered_at)
        self.added, self.revised = self.added + a, self.revised + r

    def _first(self, o) -> bool:
        """True the first time a key comes (newest payload first); its period as one integer, to stay small."""
        seen = self.written.setdefault((o.indicator_id, o.source_url), set())
        code = _period_code(o.period_start, o.period_end)
        if code in seen:
            return False
        seen.add(code)
        return True

    def unread(self, rows) -> list[int]:
        """The ids of stored rows (id, indicator, source URL, start, end) that no payload yielded this time."""
        return [i for i, indicator_id, url, start, end in rows
                if _period_code(start, end) not in self.written.get((indicator_id, url), ())]


def _period_code(start: str, end: str) -> int:
    first = date.fromisoformat(start).toordinal()
    return first << 20 | (date.fromisoformat(end).toordinal() - first)


def _payloads(spec, indicators, country, since, until, from_file, url, client):
    """The raw payloads of a run: read from a file, or fetched one planned URL at a time."""
    if from_file is not None:
        path = Path(from_file)
        plan = spec.plan(indicators, since or date.today(), until or date.today(), country)
        origin = url or (plan[0] if plan else path.resolve().as_uri())
        body = local_files.read_bytes(path, limit=FROM_FILE_MAX_BYTES, option="--from-file")
        yield 1, RawPayload(spec.id, origin, 200, utc_now(), body, None)
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
    count, nothing = 0, None
    try:
        if not indicators:
            raise CollectError(f"{source}: no indicator in the catalogue uses this collector")
        with store.transaction():
            loader = _Loader(store, catalogue, spec, run_id, today=today)
            for total, raw in _payloads(spec, indicators, catalogue.country, since, until, from_file, url,
                                        client):
                sha = store.archive_payload(source=source, url=raw.url, status=raw.status,
                                            fetched_at=raw.fetched_at, body=raw.body,
                                            content_type=raw.content_type)
                records = _parse(spec, raw.body, raw.url, indicators, catalogue.country)
                _refuse_duplicate_keys(records)
                if since or until:
                    records = [r for r in records if _in_range(r, since, until)]
                loader.add(sha, records)
                del records
                count += 1
                if progress:
                    progress(source, count, total)
            if loader.records:
                added, revised = loader.finish()
            else:  # the service answered, with nothing for these windows: its answers are kept as evidence
                nothing = (f"{source}: no observations for the catalogue's indicators"
                           + (f" between {since} and {until}" if since else "") + f" in {count} payload(s)")
    except Exception as exc:  # noqa: BLE001 - any failure is logged on the run, and the next source runs
        message = _message(source, exc)
        store.finish_run(run_id, status="failed", error=message if from_file is None else file_failure(source))
        return RunResult(source, run_id, "failed", payloads=count, error=message)
    if nothing:
        store.finish_run(run_id, status=EMPTY_RUN)
        return RunResult(source, run_id, EMPTY_RUN, payloads=count, error=nothing)
    store.finish_run(run_id, status="ok", rows_added=added, rows_revised=revised)
    return RunResult(source, run_id, "ok", added, revised, count)


def run_collect(store, catalogue, sources: Sequence[str] | None = None, since: date | None = None,
                until: date | None = None, from_file: str | Path | None = None, progress: Progress | None = None,
                *, url: str | None = None, client=None, today: date | None = None) -> list[RunResult]:
    """Collect each source in turn (default: every registered source the catalogue uses and that can fetch)."""
    if from_file is not None:  # a device or a pipe is refused before anything is written, not read forever
        local_files.checked(from_file, limit=FROM_FILE_MAX_BYTES, option="--from-file")
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
            loader = _Loader(store, catalogue, spec, run_id, today=today, newest_first=True)
            for n, meta in enumerate(reversed(metas), 1):
                _, body = store.payload(meta["sha256"])
                records = _parse(spec, body, meta["url"] or "", indicators, catalogue.country)
                _refuse_duplicate_keys(records)
                loader.add(meta["sha256"], records)
                del body, records
                if progress:
                    progress(source, n, len(metas))
            added, revised = loader.finish()
            # what today's parser no longer reads from any payload (a figure it now dates otherwise) is
            # superseded, so that the old reading and the new never stand side by side as two figures
            revised += store.supersede(loader.unread(store.collected_periods(source)),
                                       "no longer read from its payload by the current parser")
    except Exception as exc:  # noqa: BLE001
        message = _message(source, exc)
        store.finish_run(run_id, status="failed", error=message)
        evaluate_quietly(store, catalogue)
        return RunResult(source, run_id, "failed", payloads=len(metas), error=message)
    store.finish_run(run_id, status="ok", rows_added=added, rows_revised=revised)
    evaluate_quietly(store, catalogue)
    return RunResult(source, run_id, "ok", added, revised, len(metas))
