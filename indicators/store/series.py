"""Aggregated series in SQL: the dashboard's charts (per day, week or month) and the overview's sparklines."""
from __future__ import annotations

from collections import defaultdict

from .connection import StoreError
from .intervals import high_sql, low_sql

_TOLERANCE = "coalesce(i.approx_tolerance, 0.1)"
# A basis per 30 days is drawn as the rate its bucket's figures make; every other basis (a level, an edition's
# or a year's count) by its bucket's latest value, as latest and baseline are read on it.
RATE = "per_30_days"
LAST_VALUE = f"i.basis <> '{RATE}'"
_GRAINS = ("day", "week", "month")


def _bucket(sql, grain: str, day: str) -> str:
    """How a period's end date falls into a bucket of each grain (weeks start on Monday)."""
    if grain not in _GRAINS:
        raise StoreError(f"grain: {grain!r} is not one of {', '.join(_GRAINS)}")
    return {"day": day, "week": sql.week_start(day), "month": f"substr({day}, 1, 8) || '01'"}[grain]


class Series:
    def series(self, indicator_id: str, *, start: str | None = None, end: str | None = None,
               grain: str = "week") -> list[dict]:
        """An indicator's active observations aggregated per day, week or month, in SQL.

        See `_aggregated` for what a bucket holds.
        """
        where, params = ["o.indicator_id = ?"], [indicator_id]
        if start:
            where.append("o.period_end >= ?")
            params.append(start)
        if end:
            where.append("o.period_end <= ?")
            params.append(end)
        return [{k: r[k] for k in r if k != "indicator_id"} for r in self._aggregated(where, params, grain)]

    def sparklines(self, since: str, *, grain: str = "week") -> dict[str, list[dict]]:
        """Every indicator's trend since a date, in one lean query (the overview's sparklines).

        Per bucket, a flow's rate per 30 days (its figures' sum over the days they cover, so that
        two sources for one day count once on average) or a level's latest value; no bounds.
        """
        bucket = _bucket(self.sql, grain, "o.period_end")
        value = "coalesce(o.value, (o.value_low + o.value_high) / 2.0)"
        out: dict[str, list[dict]] = defaultdict(list)
        for indicator_id, basis, bucket, total, days, last, _ in self.conn.execute(
                f"SELECT o.indicator_id, {self.sql.any_of_group('i.basis')}, {bucket}, sum({value}), "
                f"sum({self.sql.days('o.period_start', 'o.period_end')}), "
                f"{self.sql.latest_of_group(value, 'o.period_end', 'o.period_start', 'o.id', where=LAST_VALUE)}, "
                f"max(o.period_end) "  # the only max(): `last` is taken from its row
                f"FROM indicators i {self.sql.join_in_order} observations o ON o.indicator_id = i.id "
                f"WHERE o.status = 'active' AND o.period_end >= ? GROUP BY 1, 3 ORDER BY 1, 3", [since]):
            out[indicator_id].append({"bucket": bucket, "value": total * 30.0 / days if basis == RATE else last})
        return dict(out)

    def span(self, indicator_id: str, *, start: str | None = None, end: str | None = None) -> tuple[int, str | None, str | None]:
        """(count, first period start, last period end) of an indicator's active observations ending
        within [start, end]."""
        return tuple(self.conn.execute(
            "SELECT count(*), min(period_start), max(period_end) FROM observations "
            "WHERE indicator_id = ? AND status = 'active' AND period_end >= ? AND period_end <= ?",
            (indicator_id, start or "0000-01-01", end or "9999-12-31")).fetchone())

    def _aggregated(self, where: list[str], params: list, grain: str) -> list[dict]:
        """Active observations per indicator and bucket (the bucket of each period's end).

        Rows of the same period (disagreeing sources) are first merged into their hull. Then a flow
        sums its periods and is given as a rate per 30 days of the days they cover ("sum-rate"), so
        that any grain compares with a per-30-days baseline; a level keeps its latest period's value.
        `low`/`high` bound the value (approx widened by the indicator's tolerance); `open_low` /
        `open_high` say that a bound is open (at most / at least), its number then being meaningless.
        """
        d = self.sql
        bucket = _bucket(d, grain, "period_end")
        last = {name: d.last_of_group(name, "period_end DESC, period_start")
                for name in ("v", "lo", "hi", "olo", "ohi")}
        sql = f"""
            WITH rows AS (
                SELECT o.indicator_id, o.period_start, o.period_end, i.basis,
                       coalesce(o.value, (o.value_low + o.value_high) / 2.0) AS v,
                       {low_sql(d, _TOLERANCE, "NULL")} AS lo, {high_sql(d, _TOLERANCE, "NULL")} AS hi,
                       CASE WHEN o.qualifier = 'at_most' THEN 1 ELSE 0 END AS olo,
                       CASE WHEN o.qualifier = 'at_least' THEN 1 ELSE 0 END AS ohi
                FROM indicators i {self.sql.join_in_order} observations o ON o.indicator_id = i.id
                WHERE o.status = 'active' AND {' AND '.join(where)}
            ), periods AS (
                SELECT indicator_id, {d.any_of_group("basis")} AS basis, period_start, period_end, {bucket} AS bucket,
                       {d.days("period_start", "period_end")} AS days, count(*) AS n,
                       avg(v) AS v, min(lo) AS lo, max(hi) AS hi, max(olo) AS olo, max(ohi) AS ohi
                FROM rows GROUP BY indicator_id, period_end, period_start  -- the index order: no sort
            )
            SELECT indicator_id, {d.any_of_group("basis")} AS basis, bucket, sum(n) AS n, sum(days) AS days,
                   sum(v) AS sum_v, sum(lo) AS sum_lo, sum(hi) AS sum_hi, sum(olo) AS any_olo, sum(ohi) AS any_ohi,
                   {last["v"]} AS last_v, {last["lo"]} AS last_lo, {last["hi"]} AS last_hi,
                   {last["olo"]} AS last_olo, {last["ohi"]} AS last_ohi,
                   max(period_end) AS last_end  -- the only max(): the bare columns come from its row
            FROM periods GROUP BY indicator_id, bucket ORDER BY indicator_id, bucket"""
        out = []
        for r in self.query(sql, params):
            if r["basis"] == RATE:
                per30 = 30.0 / r["days"]
                olo, ohi = bool(r["any_olo"]), bool(r["any_ohi"])
                value, low, high = r["sum_v"] * per30, r["sum_lo"], r["sum_hi"]
                low = None if olo or low is None else low * per30
                high = None if ohi or high is None else high * per30
            else:
                olo, ohi = bool(r["last_olo"]), bool(r["last_ohi"])
                value = r["last_v"]
                low = None if olo else r["last_lo"]
                high = None if ohi else r["last_hi"]
            out.append({"indicator_id": r["indicator_id"], "bucket": r["bucket"], "last_end": r["last_end"],
                        "value": value, "low": low, "high": high, "open_low": olo, "open_high": ohi,
                        "observations": r["n"], "days": int(r["days"]),
                        "basis": r["basis"]})
        return out
