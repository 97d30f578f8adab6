"""The reads readings are made of: an indicator's figures in the 2020 window and the latest before it, its recent
figures, its latest periods, the count of its public sources, and the extremes a change is compared with; each
read as it stood on a day (`until`, `ending_by`) or as known at a moment (`as_of`), of some indicators or all."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from .connection import _known_clause
from .observations import _OBS_READ

# A figure's spec as a row of SQL values: indicator id, as a rate per 30 days?, fewest days a period needs,
# unit minimum and maximum, approx tolerance (typed, so that a column of NULLs is still a number).
_SPEC_ROW = "(?, CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS DOUBLE PRECISION), " \
            "CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION))"


class Readings:
    """The store's reads for readings (summary.read_rows, the changes' moves), over its connection."""

    def window_rows(self, start: str, end: str, *, ending_by: str | None = None,
                    as_of: str | None = None, indicator_ids: Sequence[str] | None = None) -> dict[str, list[dict]]:
        """Observations in force that overlap [start, end] (and end by `ending_by`), per indicator (of
        `indicator_ids` when given), with the provenance a published snapshot needs, in one order every reader
        sees."""
        clause, params = _known_clause(as_of, "o")
        cap, cap_params = ("AND o.period_end <= ?", [ending_by]) if ending_by else ("", [])
        only, only_params = _only(indicator_ids, "i.id")
        cap, cap_params = f"{cap} {only}", [*cap_params, *only_params]
        out: dict[str, list[dict]] = defaultdict(list)
        for row in self.query(
                # Driven from indicators so that each one's rows are an index range on period_end;
                # `+` keeps the planner off the period_start index, which would read far more.
                f"SELECT {_OBS_READ} FROM indicators i {self.sql.join_in_order} observations o "
                f"ON o.indicator_id = i.id "
                f"WHERE {clause} AND o.period_end >= ? AND {self.sql.unindexed('o.period_start')} <= ? {cap} "
                f"ORDER BY o.indicator_id, o.period_end, o.period_start, o.id",
                [*params, start, end, *cap_params]):
            out[row["indicator_id"]].append(row)
        return out

    def latest_rows_before(self, before: str, *, as_of: str | None = None,
                           indicator_ids: Sequence[str] | None = None) -> dict[str, list[dict]]:
        """Per indicator (of `indicator_ids` when given), the observations in force of the latest period ending
        before a date."""
        day_before = (date.fromisoformat(before) - timedelta(days=1)).isoformat()
        return self.recent_rows(1, until=day_before, as_of=as_of, indicator_ids=indicator_ids)

    def recent_rows(self, days: int = 30, *, until: str | None = None, as_of: str | None = None,
                    indicator_ids: Sequence[str] | None = None) -> dict[str, list[dict]]:
        """Per indicator (of `indicator_ids` when given), the observations in force whose period ends within
        `days` of its latest period end (on or before `until`, to read as it stood then). The latest end is
        found first, per indicator, by walking the index backwards; the rows are then read by index range."""
        clause, params = _known_clause(as_of, "o")
        inner, inner_params = _known_clause(as_of, "x")
        cap, cap_params = ("AND x.period_end <= ?", [until]) if until else ("", [])
        only, only_params = _only(indicator_ids, "i.id")
        cap_params = [*cap_params, *only_params]
        out: dict[str, list[dict]] = defaultdict(list)
        for row in self.query(
                f"WITH l AS MATERIALIZED (SELECT i.id AS iid, (SELECT x.period_end FROM observations x "
                f"WHERE x.indicator_id = i.id AND {inner} {cap} "
                f"ORDER BY x.period_end DESC LIMIT 1) AS last_end FROM indicators i WHERE 1 = 1 {only}) "
                f"SELECT {_OBS_READ} FROM l {self.sql.join_in_order} observations o ON o.indicator_id = l.iid "
                f"WHERE {clause} AND o.period_end <= l.last_end "
                f"AND o.period_end > {self.sql.days_before('l.last_end')} "
                f"ORDER BY o.indicator_id, o.period_end, o.period_start, o.id",
                [*inner_params, *cap_params, *params, int(days)]):
            out[row["indicator_id"]].append(row)
        return out

    def figure_extremes(self, specs: Sequence[tuple], start: str, before: str, split: str, *,
                        as_of: str | None = None) -> dict[str, dict]:
        """Per indicator, the extremes of its figures in force whose period ends in [start, before), in SQL.

        `specs` are (indicator id, as a rate per 30 days?, fewest days a period needs, unit minimum, unit maximum,
        approx tolerance). Each period's figures are first merged (disagreeing sources widen, as
        baseline.interval_of reads each qualifier), a rate's made per 30 days (periods shorter than its
        fewest days left out). Returned: `periods`, the highest and lowest lower bounds (`max_lo`, `min_lo`) and
        upper bounds (`max_hi`, `min_hi`), and over the periods ending after `split` only, `after_max_lo` and
        `after_min_hi`. An open bound is None: −∞ for a lower bound, +∞ for an upper one."""
        if not specs:
            return {}
        clause, params = _known_clause(as_of, "o")
        values = ", ".join(_SPEC_ROW for _ in specs)
        flat = [v for spec in specs for v in (spec[0], int(bool(spec[1])), int(spec[2]), spec[3], spec[4], spec[5])]
        lo, hi = self._bounds("s")
        days = self.sql.days("ps", "pe")
        sql = f"""
            WITH spec(iid, per30, min_days, umin, umax, tol) AS (VALUES {values}),
            r AS (
                SELECT s.iid, o.period_start AS ps, o.period_end AS pe, s.per30, s.min_days,
                       {lo} AS lo, {hi} AS hi
                FROM spec s {self.sql.join_in_order} observations o ON o.indicator_id = s.iid
                WHERE {clause} AND o.period_end >= ? AND o.period_end < ?
            ), p AS (
                SELECT iid, pe,
                       CASE WHEN per30 = 1 THEN 30.0 / {days} ELSE 1.0 END AS f,
                       CASE WHEN count(lo) < count(*) THEN NULL ELSE min(lo) END AS lo,
                       CASE WHEN count(hi) < count(*) THEN NULL ELSE max(hi) END AS hi
                FROM r WHERE {days} >= min_days
                GROUP BY iid, pe, ps, per30
            )
            SELECT iid, count(*) AS periods, max(lo * f) AS max_lo,
                   CASE WHEN count(hi) < count(*) THEN NULL ELSE max(hi * f) END AS max_hi,
                   CASE WHEN count(lo) < count(*) THEN NULL ELSE min(lo * f) END AS min_lo,
                   min(hi * f) AS min_hi,
                   max(CASE WHEN pe > ? THEN lo * f END) AS after_max_lo,
                   min(CASE WHEN pe > ? THEN hi * f END) AS after_min_hi
            FROM p GROUP BY iid"""
        return {r.pop("iid"): r for r in self.query(sql, [*flat, *params, start, before, split, split])}

    def any_period(self, spec: tuple, start: str, before: str, *, floor_from: float | None = None,
                   ceiling_to: float | None = None, strict: bool = False, as_of: str | None = None) -> bool:
        """Whether one of the indicator's periods ending in [start, before), its figures merged and on its basis as
        in `figure_extremes`, has a lower bound at least `floor_from` or an upper bound at most `ceiling_to` (beyond
        them when `strict`); an open bound never counts. A period's merged bound is its figures' lowest lower
        (highest upper) bound, so a figure counts when no other figure of its period falls short; the rows are
        read in index order and the answer comes at the first found, so a long history is read whole only when
        there is none."""
        if floor_from is None and ceiling_to is None:
            return False
        iid, per30, min_days, umin, umax, tol = spec
        clause, params = _known_clause(as_of, "o")
        other, other_params = _known_clause(as_of, "o2")
        ge, lt = (">", "<=") if strict else (">=", "<")
        le, gt = ("<", ">=") if strict else ("<=", ">")
        def rate(o: str) -> str:
            days = self.sql.days(f"{o}.period_start", f"{o}.period_end")
            return f"(CASE WHEN s.per30 = 1 THEN 30.0 / {days} ELSE 1.0 END)"

        same = (f"SELECT 1 FROM observations o2 WHERE o2.indicator_id = o.indicator_id AND o2.period_end = o.period_end "
                f"AND o2.period_start = o.period_start AND {other}")
        tests, values = [], []
        lo, hi = self._bounds("s")
        lo2, hi2 = lo.replace("o.", "o2."), hi.replace("o.", "o2.")
        if floor_from is not None:
            tests.append(f"(({lo}) * {rate('o')} {ge} ? AND NOT EXISTS ({same} AND "
                         f"(({lo2}) IS NULL OR ({lo2}) * {rate('o2')} {lt} ?)))")
            values += [floor_from, *other_params, floor_from]
        if ceiling_to is not None:
            tests.append(f"(({hi}) * {rate('o')} {le} ? AND NOT EXISTS ({same} AND "
                         f"(({hi2}) IS NULL OR ({hi2}) * {rate('o2')} {gt} ?)))")
            values += [ceiling_to, *other_params, ceiling_to]
        sql = (f"WITH s(per30, umin, umax, tol) AS (VALUES (CAST(? AS INTEGER), CAST(? AS DOUBLE PRECISION), "
               f"CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION))) SELECT 1 FROM s CROSS JOIN observations o "
               f"WHERE o.indicator_id = ? AND {clause} AND o.period_end >= ? AND o.period_end < ? "
               f"AND {self.sql.days('o.period_start', 'o.period_end')} >= ? AND ({' OR '.join(tests)}) LIMIT 1")
        return self.conn.execute(sql, [int(bool(per30)), umin, umax, tol, iid, *params, start, before,
                                       int(min_days), *values]).fetchone() is not None

    def last_periods(self, count: int, *, as_of: str | None = None) -> dict[str, list[dict]]:
        """Per indicator, the observations in force of its `count` latest period ends (all it has when fewer),
        found by walking the index backwards."""
        clause, params = _known_clause(as_of, "o")
        inner, inner_params = _known_clause(as_of, "x")
        out: dict[str, list[dict]] = defaultdict(list)
        for row in self.query(
                f"WITH l AS MATERIALIZED (SELECT i.id AS iid, (SELECT DISTINCT x.period_end FROM observations x "
                f"WHERE x.indicator_id = i.id AND {inner} ORDER BY x.period_end DESC LIMIT 1 OFFSET ?) AS first_end "
                f"FROM indicators i) "
                f"SELECT {_OBS_READ} FROM l {self.sql.join_in_order} observations o ON o.indicator_id = l.iid "
                f"WHERE {clause} AND o.period_end >= coalesce(l.first_end, '') "
                f"ORDER BY o.indicator_id, o.period_end, o.period_start, o.id",
                [*inner_params, max(count, 1) - 1, *params]):
            out[row["indicator_id"]].append(row)
        return out

    def source_counts(self, *, as_of: str | None = None,
                      indicator_ids: Sequence[str] | None = None) -> dict[str, int]:
        """Distinct public sources per indicator (of `indicator_ids` when given; an indicator without one is left
        out): a confidential source is not counted, so that the number says nothing about how many there are
        (the snapshot counts the same way)."""
        clause, params = _known_clause(as_of)
        only, only_params = _only(indicator_ids, "indicator_id")
        return {r[0]: r[1] for r in self.conn.execute(  # observations_public_sources covers the rows in force
            f"SELECT indicator_id, count(*) FROM (SELECT DISTINCT indicator_id, source_url FROM observations "
            f"WHERE {clause} AND source_confidential = 0 {only}) AS public GROUP BY indicator_id",
            [*params, *only_params])}


def _only(indicator_ids: Sequence[str] | None, column: str) -> tuple[str, list[str]]:
    """`AND column IN (…)` for the indicators asked for, or nothing when all are (None)."""
    if indicator_ids is None:
        return "", []
    ids = sorted(set(indicator_ids))
    if not ids:
        return "AND 1 = 0", []
    return f"AND {column} IN ({','.join('?' * len(ids))})", ids
