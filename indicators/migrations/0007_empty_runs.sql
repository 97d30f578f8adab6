-- A run that found nothing is not a failed one: the service answered, and had no figures for the windows asked
-- (IODA's `[[]]`, OONI's empty `result`, Wikimedia's 404 for a range without data). Collector runs gain the
-- status 'empty'; it never counts toward the "collector failing" rule. The table is rebuilt as in 0002 (SQLite
-- cannot change a CHECK constraint in place), with its index and its log rules, which admit 'empty' as an end.

PRAGMA defer_foreign_keys = ON;

CREATE TABLE collector_runs_new (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'empty', 'failed', 'interrupted')),
    rows_added INTEGER NOT NULL DEFAULT 0,
    rows_revised INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    params TEXT
);

CREATE TEMP TABLE collector_runs_copy AS
SELECT id, source, started_at, finished_at, status, rows_added, rows_revised, error, params
FROM main.collector_runs;

DROP TABLE main.collector_runs;

ALTER TABLE main.collector_runs_new RENAME TO collector_runs;

INSERT INTO main.collector_runs (id, source, started_at, finished_at, status, rows_added, rows_revised, error,
                                 params)
SELECT id, source, started_at, finished_at, status, rows_added, rows_revised, error, params
FROM temp.collector_runs_copy;

DROP TABLE temp.collector_runs_copy;

CREATE INDEX collector_runs_by_source ON collector_runs (source, started_at);

CREATE TRIGGER collector_runs_no_delete BEFORE DELETE ON collector_runs
BEGIN
    SELECT RAISE(ABORT, 'collector runs are a log: rows are never deleted');
END;

CREATE TRIGGER collector_runs_start_running BEFORE INSERT ON collector_runs
WHEN EXISTS (SELECT 1 FROM collector_runs WHERE id = NEW.id)
  OR coalesce(NOT (NEW.status = 'running' AND NEW.finished_at IS NULL), 1)
BEGIN
    SELECT RAISE(ABORT, 'collector runs are a log: a new run starts running, and no row is replaced');
END;

CREATE TRIGGER collector_runs_finish_once BEFORE UPDATE ON collector_runs
WHEN coalesce(NOT (
    OLD.status = 'running' AND NEW.status IN ('ok', 'empty', 'failed', 'interrupted') AND NEW.finished_at IS NOT NULL
    AND NEW.id IS OLD.id AND NEW.source IS OLD.source AND NEW.started_at IS OLD.started_at
    AND NEW.params IS OLD.params
), 1)
BEGIN
    SELECT RAISE(ABORT, 'collector runs are a log: a running run may be finished once; a finished one is never rewritten');
END;
