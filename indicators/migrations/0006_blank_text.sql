-- A reason, a resolution or who acknowledged is never blank: the text the triggers of 0002 and 0004 took had
-- only spaces stripped, so a tab, a no-break space, a line break or a zero-width character passed for a reason.
-- Here every Unicode space (White_Space) and the zero-width characters (U+180E, U+200B-U+200D, U+2060, U+FEFF)
-- are stripped before the length is taken, as indicators/model/validation.py strips them; the triggers are
-- otherwise those of 0002 and 0004.

DROP TRIGGER observations_one_status_move;

CREATE TRIGGER observations_one_status_move BEFORE UPDATE ON observations
WHEN coalesce(NOT (
    OLD.status = 'active' AND NEW.status IN ('superseded', 'retracted')
    AND OLD.status_changed_at IS NULL AND OLD.status_reason IS NULL
    AND NEW.status_changed_at IS NOT NULL AND length(trim(NEW.status_reason, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 6158, 8203, 8204, 8205, 8288, 65279))) > 0
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

DROP TRIGGER alerts_resolve_and_acknowledge_once;

CREATE TRIGGER alerts_resolve_and_acknowledge_once BEFORE UPDATE ON alerts
WHEN coalesce(NOT (
    NEW.id IS OLD.id AND NEW.key IS OLD.key AND NEW.rule IS OLD.rule AND NEW.indicator_id IS OLD.indicator_id
    AND NEW.source IS OLD.source AND NEW.opened_at IS OLD.opened_at AND NEW.title IS OLD.title
    AND NEW.explanation IS OLD.explanation AND NEW.detail IS OLD.detail
    AND ((NEW.resolved_at IS OLD.resolved_at AND NEW.resolution IS OLD.resolution)
         OR (OLD.resolved_at IS NULL AND OLD.resolution IS NULL AND NEW.resolved_at IS NOT NULL
             AND length(trim(NEW.resolution, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 6158, 8203, 8204, 8205, 8288, 65279))) > 0))
    AND ((NEW.acknowledged_by IS OLD.acknowledged_by AND NEW.acknowledged_at IS OLD.acknowledged_at)
         OR (OLD.acknowledged_by IS NULL AND OLD.acknowledged_at IS NULL AND NEW.acknowledged_at IS NOT NULL
             AND length(trim(NEW.acknowledged_by, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 6158, 8203, 8204, 8205, 8288, 65279))) > 0))
), 1)
BEGIN
    SELECT RAISE(ABORT, 'alerts are a log: an alert is resolved once (time and why) and acknowledged once (who and when); nothing else changes');
END;
