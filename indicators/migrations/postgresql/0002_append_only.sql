-- Append-only, closed on every side, as indicators/migrations/0002_append_only.sql for SQLite: an observation's
-- status moves once from active with its reason and time set in that same change, events and archived payloads
-- never change, and a finished collector run is never rewritten. Collector runs gain the status 'interrupted'.
-- SQLite's triggers against INSERT OR REPLACE have no counterpart here: PostgreSQL has no REPLACE, a second row
-- with the same key is refused by the key itself, and INSERT … ON CONFLICT DO UPDATE fires the UPDATE triggers.

-- observations -------------------------------------------------------------------------------------

CREATE TRIGGER observations_start_active BEFORE INSERT ON observations FOR EACH ROW
    WHEN (NOT coalesce(NEW.status = 'active' AND NEW.status_changed_at IS NULL AND NEW.status_reason IS NULL, FALSE))
    EXECUTE FUNCTION refuse_write('observations are append-only: a new row starts active, without a status change');

CREATE TRIGGER observations_one_status_move BEFORE UPDATE ON observations FOR EACH ROW
    WHEN (NOT coalesce(
        OLD.status = 'active' AND NEW.status IN ('superseded', 'retracted')
        AND OLD.status_changed_at IS NULL AND OLD.status_reason IS NULL
        AND NEW.status_changed_at IS NOT NULL AND length(trim(NEW.status_reason)) > 0
        AND (NEW.id, NEW.indicator_id, NEW.period_start, NEW.period_end, NEW.value, NEW.value_low, NEW.value_high,
             NEW.qualifier, NEW.source_url, NEW.citation, NEW.collector, NEW.entered_by, NEW.entered_at,
             NEW.supersedes, NEW.note, NEW.note_confidential, NEW.source_confidential, NEW.payload_sha256,
             NEW.run_id)
        IS NOT DISTINCT FROM
            (OLD.id, OLD.indicator_id, OLD.period_start, OLD.period_end, OLD.value, OLD.value_low, OLD.value_high,
             OLD.qualifier, OLD.source_url, OLD.citation, OLD.collector, OLD.entered_by, OLD.entered_at,
             OLD.supersedes, OLD.note, OLD.note_confidential, OLD.source_confidential, OLD.payload_sha256,
             OLD.run_id), FALSE))
    EXECUTE FUNCTION refuse_write('observations are append-only: an active row may be superseded or retracted once, with its reason and time set in that same change; nothing else changes');

-- events ---------------------------------------------------------------------------------------------

CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW
    EXECUTE FUNCTION refuse_write('events are append-only');

-- archived payloads ----------------------------------------------------------------------------------

CREATE TRIGGER raw_payloads_no_update BEFORE UPDATE ON raw_payloads FOR EACH ROW
    EXECUTE FUNCTION refuse_write('archived payloads are kept untouched');
CREATE TRIGGER raw_payloads_no_delete BEFORE DELETE ON raw_payloads FOR EACH ROW
    EXECUTE FUNCTION refuse_write('archived payloads are kept untouched');
CREATE TRIGGER raw_payloads_no_truncate BEFORE TRUNCATE ON raw_payloads FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_write('archived payloads are kept untouched');

-- collector runs: the status 'interrupted', then the log rules ---------------------------------------

ALTER TABLE collector_runs DROP CONSTRAINT collector_runs_status_check,
    ADD CONSTRAINT collector_runs_status_check CHECK (status IN ('running', 'ok', 'failed', 'interrupted'));

CREATE TRIGGER collector_runs_no_delete BEFORE DELETE ON collector_runs FOR EACH ROW
    EXECUTE FUNCTION refuse_write('collector runs are a log: rows are never deleted');
CREATE TRIGGER collector_runs_no_truncate BEFORE TRUNCATE ON collector_runs FOR EACH STATEMENT
    EXECUTE FUNCTION refuse_write('collector runs are a log: rows are never deleted');

CREATE TRIGGER collector_runs_start_running BEFORE INSERT ON collector_runs FOR EACH ROW
    WHEN (NOT coalesce(NEW.status = 'running' AND NEW.finished_at IS NULL, FALSE))
    EXECUTE FUNCTION refuse_write('collector runs are a log: a new run starts running, and no row is replaced');

CREATE TRIGGER collector_runs_finish_once BEFORE UPDATE ON collector_runs FOR EACH ROW
    WHEN (NOT coalesce(
        OLD.status = 'running' AND NEW.status IN ('ok', 'failed', 'interrupted') AND NEW.finished_at IS NOT NULL
        AND (NEW.id, NEW.source, NEW.started_at, NEW.params) IS NOT DISTINCT FROM
            (OLD.id, OLD.source, OLD.started_at, OLD.params), FALSE))
    EXECUTE FUNCTION refuse_write('collector runs are a log: a running run may be finished once; a finished one is never rewritten');
