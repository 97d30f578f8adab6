-- worse_when gains 'up_fall_ambiguous': a rise reads as weaker legitimacy, a fall only with its context.
-- SQLite cannot change a CHECK constraint in place, so the catalogue's mirror is rebuilt: with foreign keys
-- deferred, dropping the old table counts the observations' references as broken, and putting the same rows
-- back into the new table (after it takes the name) counts them as whole again.

PRAGMA defer_foreign_keys = ON;

CREATE TABLE indicators_new (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    family TEXT NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('flow', 'level')),
    worse_when TEXT NOT NULL CHECK (worse_when IN ('up', 'down', 'none', 'up_fall_ambiguous')),
    cadence TEXT NOT NULL,
    definition TEXT NOT NULL,
    paper_context TEXT,
    sources TEXT,
    approx_tolerance REAL,
    baseline_pin TEXT,
    collector TEXT,
    params TEXT,
    position INTEGER
);

CREATE TEMP TABLE indicators_copy AS SELECT * FROM main.indicators;

DROP TABLE main.indicators;

ALTER TABLE main.indicators_new RENAME TO indicators;

INSERT INTO main.indicators SELECT * FROM temp.indicators_copy;

DROP TABLE temp.indicators_copy;
