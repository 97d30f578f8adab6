-- The initial schema: catalogue, append-only observations, events, collector runs and raw payloads.

CREATE TABLE indicators (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    family TEXT NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('flow', 'level')),
    worse_when TEXT NOT NULL CHECK (worse_when IN ('up', 'down', 'none')),
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

CREATE TABLE raw_payloads (
    sha256 TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    status INTEGER,
    fetched_at TEXT NOT NULL,
    content_type TEXT,
    size INTEGER NOT NULL,
    compression TEXT NOT NULL,
    body BLOB NOT NULL
);

CREATE TABLE collector_runs (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
    rows_added INTEGER NOT NULL DEFAULT 0,
    rows_revised INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    params TEXT
);
CREATE INDEX collector_runs_by_source ON collector_runs (source, started_at);

CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    indicator_id TEXT NOT NULL REFERENCES indicators (id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    value REAL,
    value_low REAL,
    value_high REAL,
    qualifier TEXT NOT NULL CHECK (qualifier IN ('exact', 'approx', 'at_least', 'at_most', 'range')),
    source_url TEXT NOT NULL,
    citation TEXT,
    collector TEXT,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'superseded', 'retracted')),
    supersedes INTEGER REFERENCES observations (id),
    status_changed_at TEXT,
    status_reason TEXT,
    note TEXT,
    note_confidential INTEGER NOT NULL DEFAULT 0,
    source_confidential INTEGER NOT NULL DEFAULT 0,
    payload_sha256 TEXT REFERENCES raw_payloads (sha256),
    run_id INTEGER REFERENCES collector_runs (id),
    CHECK (period_end >= period_start)
);
-- The dashboard's two questions: an indicator's series by period, and its latest active values.
CREATE INDEX observations_by_period ON observations (indicator_id, period_end, period_start);
CREATE INDEX observations_active_latest ON observations (indicator_id, period_end, period_start)
    WHERE status = 'active';
-- Duplicate checks and collector upserts look up the active row for an indicator, period and source.
CREATE INDEX observations_active_key ON observations (indicator_id, period_start, period_end, source_url)
    WHERE status = 'active';
CREATE INDEX observations_status_changed ON observations (status_changed_at)
    WHERE status_changed_at IS NOT NULL;
CREATE INDEX observations_supersedes ON observations (supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX observations_payload ON observations (payload_sha256) WHERE payload_sha256 IS NOT NULL;

-- Append-only: no row is deleted, no figure or provenance changes; only an active row's status may move.
CREATE TRIGGER observations_no_delete BEFORE DELETE ON observations
BEGIN
    SELECT RAISE(ABORT, 'observations are append-only: retract instead of deleting');
END;
CREATE TRIGGER observations_frozen BEFORE UPDATE OF
    id, indicator_id, period_start, period_end, value, value_low, value_high, qualifier, source_url,
    citation, collector, entered_by, entered_at, supersedes, note, note_confidential,
    source_confidential, payload_sha256, run_id ON observations
BEGIN
    SELECT RAISE(ABORT, 'observations are append-only: correct with a new revision');
END;
CREATE TRIGGER observations_status_once BEFORE UPDATE OF status ON observations
WHEN OLD.status != 'active' OR NEW.status = 'active'
BEGIN
    SELECT RAISE(ABORT, 'only an active observation can be superseded or retracted, once');
END;

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    date_start TEXT NOT NULL,
    date_end TEXT NOT NULL,
    label TEXT NOT NULL,
    family TEXT,
    description TEXT,
    source_url TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    UNIQUE (date_start, label)
);
CREATE INDEX events_by_date ON events (date_start);
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
