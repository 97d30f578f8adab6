-- A reason, a resolution or who acknowledged is never blank, as indicators/migrations/0006_blank_text.sql for
-- SQLite: every Unicode space (White_Space) and the zero-width characters (U+180E, U+200B-U+200D, U+2060, U+FEFF)
-- are stripped before the length is taken (trim() took only spaces), by one function the triggers share.

CREATE FUNCTION blank(text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT length(btrim($1, U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000\180E\200B\200C\200D\2060\FEFF')) = 0
$$;

DROP TRIGGER observations_one_status_move ON observations;

CREATE TRIGGER observations_one_status_move BEFORE UPDATE ON observations FOR EACH ROW
    WHEN (NOT coalesce(
        OLD.status = 'active' AND NEW.status IN ('superseded', 'retracted')
        AND OLD.status_changed_at IS NULL AND OLD.status_reason IS NULL
        AND NEW.status_changed_at IS NOT NULL AND NOT blank(NEW.status_reason)
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

DROP TRIGGER alerts_resolve_and_acknowledge_once ON alerts;

CREATE TRIGGER alerts_resolve_and_acknowledge_once BEFORE UPDATE ON alerts FOR EACH ROW
    WHEN (NOT coalesce(
        (NEW.id, NEW.key, NEW.rule, NEW.indicator_id, NEW.source, NEW.opened_at, NEW.title, NEW.explanation,
         NEW.detail)
        IS NOT DISTINCT FROM
            (OLD.id, OLD.key, OLD.rule, OLD.indicator_id, OLD.source, OLD.opened_at, OLD.title, OLD.explanation,
             OLD.detail)
        AND ((NEW.resolved_at, NEW.resolution) IS NOT DISTINCT FROM (OLD.resolved_at, OLD.resolution)
             OR (OLD.resolved_at IS NULL AND OLD.resolution IS NULL AND NEW.resolved_at IS NOT NULL
                 AND NOT blank(NEW.resolution)))
        AND ((NEW.acknowledged_by, NEW.acknowledged_at) IS NOT DISTINCT FROM (OLD.acknowledged_by, OLD.acknowledged_at)
             OR (OLD.acknowledged_by IS NULL AND OLD.acknowledged_at IS NULL AND NEW.acknowledged_at IS NOT NULL
                 AND NOT blank(NEW.acknowledged_by))), FALSE))
    EXECUTE FUNCTION refuse_write('alerts are a log: an alert is resolved once (time and why) and acknowledged once (who and when); nothing else changes');
