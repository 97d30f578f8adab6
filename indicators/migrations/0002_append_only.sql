-- Append-only, closed on every side: no INSERT OR REPLACE can overwrite a row (REPLACE deletes without
-- firing delete triggers), an observation's status moves once from active with its reason and time set
-- in that same change, events and archived payloads never change, and a finished collector run is
-- never rewritten. Collector runs gain the status 'interrupted' (a run whose process was killed).

-- observations -------------------------------------------------------------------------------------

CREATE TRIGGER observations_no_replace BEFORE INSERT ON observations
WHEN EXISTS (SELECT 1 FROM observations WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'observations are append-only: a row with this id exists and is never replaced');
END;

CREATE TRIGGER observations_start_active BEFORE INSERT ON observations
WHEN coalesce(NOT (NEW.status = 'active' AND NEW.status_changed_at IS NULL AND NEW.status_reason IS NULL), 1)
BEGIN
    SELECT RAISE(ABORT, 'observations are append-only: a new row starts active, without a status change');
END;

CREATE TRIGGER observations_one_status_move BEFORE UPDATE ON observations
WHEN coalesce(NOT (
    OLD.status = 'active' AND NEW.status IN ('superseded', 'retracted')
    AND OLD.status_changed_at IS NULL AND OLD.status_reason IS NULL
    AND NEW.status_changed_at IS NOT NULL AND length(trim(NEW.status_reason)) > 0
    AND NEW.id IS OLD.id AND NEW.indicator_id IS OLD.indicator_id
    AND NEW.period_start IS OLD.period_start AND NEW.period_end IS OLD.period_end
    AND NEW.value IS OLD.value AND NEW.value_low IS OLD.value_low AND NEW.value_high IS OLD.value_high
    AND NEW.qualifier IS OLD.qualifier AND NEW.source_url IS OLD.source_url AND NEW.citation IS OLD.citation
    AND NEW.collector IS OLD.collector AND NEW.entered_by IS OLD.entered_by AND NEW.entered_at IS OLD.entered_at
    AND NEW.supersedes IS OLD.supersedes AND NEW.note IS OLD.note
    AND NEW.note_confidential IS OLD.note_confidential AND NEW.source_confidential IS OLD.source_confidential
    AND NEW.payload_sha256 IS OLD.payload_sha256 AND NEW.run_id IS OLD.run_id
), 1)
BEGIN
    SELECT RAISE(ABORT, 'observations are append-only: an active row may be superseded or retracted once, with its reason and time set in that same change; nothing else changes');
END;

-- events ---------------------------------------------------------------------------------------------

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM events WHERE date_start = NEW.date_start AND label = NEW.label)
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: this event exists and is never replaced');
END;

-- archived payloads ----------------------------------------------------------------------------------

CREATE TRIGGER raw_payloads_no_update BEFORE UPDATE ON raw_payloads
BEGIN
    SELECT RAISE(ABORT, 'archived payloads are kept untouched');
END;

CREATE TRIGGER raw_payloads_no_delete BEFORE DELETE ON raw_payloads
BEGIN
    SELECT RAISE(ABORT, 'archived payloads are kept untouched');
END;

CREATE TRIGGER raw_payloads_no_replace BEFORE INSERT ON raw_payloads
WHEN EXISTS (SELECT 1 FROM raw_payloads WHERE sha256 = NEW.sha256)
  OR EXISTS (SELECT 1 FROM raw_payloads WHERE rowid = NEW.rowid)
BEGIN
    SELECT RAISE(ABORT, 'archived payloads are kept untouched: this payload exists and is never replaced');
END;

-- collector runs: the status 'interrupted', then the log rules ---------------------------------------
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt. Observations refer to it:
-- with foreign keys deferred, dropping the old table counts their references as broken, and putting the
-- same rows back into the new table (after it takes the name) counts them as whole again.

PRAGMA defer_foreign_keys = ON;

CREATE TABLE collector_runs_new (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'interrupted')),
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
    OLD.status = 'running' AND NEW.status IN ('ok', 'failed', 'interrupted') AND NEW.finished_at IS NOT NULL
    AND NEW.id IS OLD.id AND NEW.source IS OLD.source AND NEW.started_at IS OLD.started_at
    AND NEW.params IS OLD.params
), 1)
BEGIN
    SELECT RAISE(ABORT, 'collector runs are a log: a running run may be finished once; a finished one is never rewritten');
END;
