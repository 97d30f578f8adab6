-- The kind of number widens beyond flow and level (cumulative, edition, occasional, modelled, list_size), and
-- each indicator's comparison basis is kept beside it: the charts aggregate on the basis (a rate per 30 days
-- only for a basis per 30 days), so that points, the baseline rule and the axis share one unit.
-- The mirror is rebuilt as in 0003 (SQLite cannot change a CHECK constraint in place); `barometer init`
-- writes each indicator's kind and basis from the catalogue right after.

PRAGMA defer_foreign_keys = ON;

CREATE TABLE indicators_new (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    family TEXT NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('flow', 'level', 'cumulative', 'edition', 'occasional', 'modelled',
                                       'list_size')),
    worse_when TEXT NOT NULL CHECK (worse_when IN ('up', 'down', 'none', 'up_fall_ambiguous')),
    cadence TEXT NOT NULL,
    definition TEXT NOT NULL,
    paper_context TEXT,
    sources TEXT,
    approx_tolerance REAL,
    baseline_pin TEXT,
    collector TEXT,
    params TEXT,
    position INTEGER,
    basis TEXT NOT NULL DEFAULT 'level' CHECK (basis IN ('per_30_days', 'level', 'per_edition', 'per_year'))
);

CREATE TEMP TABLE indicators_copy AS SELECT * FROM main.indicators;

DROP TABLE main.indicators;

ALTER TABLE main.indicators_new RENAME TO indicators;

INSERT INTO main.indicators
    SELECT *, CASE kind WHEN 'flow' THEN 'per_30_days' ELSE 'level' END FROM temp.indicators_copy;

DROP TABLE temp.indicators_copy;
