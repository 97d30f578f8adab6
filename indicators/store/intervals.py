"""The qualifier → interval rule of baseline.interval_of, as SQL, for the queries that aggregate in the database.

One home for the SQL side: the series of the charts and the extremes of what changed both use these
fragments, and tests/indicators/test_store_series.py holds them to the Python rule for every qualifier and sign.
"""
from __future__ import annotations


def low_sql(sql, tolerance: str, unit_min: str) -> str:
    """The lowest value an observation `o` admits, in dialect `sql`; `unit_min` NULL leaves "at most" open."""
    return (f"CASE o.qualifier WHEN 'range' THEN o.value_low WHEN 'at_most' THEN {unit_min} "
            f"WHEN 'approx' THEN CASE WHEN {unit_min} IS NULL THEN o.value - abs(o.value) * {tolerance} "
            f"ELSE {sql.greatest(f'o.value - abs(o.value) * {tolerance}', unit_min)} END ELSE o.value END")


def high_sql(sql, tolerance: str, unit_max: str) -> str:
    """The highest value an observation `o` admits, in dialect `sql`; `unit_max` NULL leaves "at least" open."""
    return (f"CASE o.qualifier WHEN 'range' THEN o.value_high WHEN 'at_least' THEN {unit_max} "
            f"WHEN 'approx' THEN CASE WHEN {unit_max} IS NULL THEN o.value + abs(o.value) * {tolerance} "
            f"ELSE {sql.least(f'o.value + abs(o.value) * {tolerance}', unit_max)} END ELSE o.value END")
