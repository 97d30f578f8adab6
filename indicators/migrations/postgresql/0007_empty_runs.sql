-- A run that found nothing is not a failed one, as indicators/migrations/0007_empty_runs.sql for SQLite:
-- collector runs gain the status 'empty', and the log rule admits it as an end.

ALTER TABLE collector_runs DROP CONSTRAINT collector_runs_status_check,
    ADD CONSTRAINT collector_runs_status_check CHECK (status IN ('running', 'ok', 'empty', 'failed', 'interrupted'));

DROP TRIGGER collector_runs_finish_once ON collector_runs;

CREATE TRIGGER collector_runs_finish_once BEFORE UPDATE ON collector_runs FOR EACH ROW
    WHEN (NOT coalesce(
        OLD.status = 'running' AND NEW.status IN ('ok', 'empty', 'failed', 'interrupted') AND NEW.finished_at IS NOT NULL
        AND (NEW.id, NEW.source, NEW.started_at, NEW.params) IS NOT DISTINCT FROM
            (OLD.id, OLD.source, OLD.started_at, OLD.params), FALSE))
    EXECUTE FUNCTION refuse_write('collector runs are a log: a running run may be finished once; a finished one is never rewritten');
