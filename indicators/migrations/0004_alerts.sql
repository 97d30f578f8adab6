-- Alerts and what changed. An alert is opened once for a condition (its key: rule, subject and direction);
-- it is resolved once, when the condition ends, with the time and why, and acknowledged once, by an editor,
-- with who and when; nothing else of it ever changes and no row is deleted or replaced. At most one alert
-- per key is open at a time. Webhook deliveries are a log: one row per attempt at one event, never rewritten.
-- Observations gain an index on when they were entered, so that "what was added this week" is a range.

CREATE INDEX observations_entered ON observations (entered_at);

CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    rule TEXT NOT NULL CHECK (rule IN ('change', 'run', 'stale', 'collector')),
    indicator_id TEXT,
    source TEXT,
    opened_at TEXT NOT NULL,
    title TEXT NOT NULL,
    explanation TEXT NOT NULL,
    detail TEXT NOT NULL,
    resolved_at TEXT,
    resolution TEXT,
    acknowledged_by TEXT,
    acknowledged_at TEXT
);
CREATE UNIQUE INDEX alerts_one_open ON alerts (key) WHERE resolved_at IS NULL;
CREATE INDEX alerts_by_opened ON alerts (opened_at);

CREATE TRIGGER alerts_no_delete BEFORE DELETE ON alerts
BEGIN
    SELECT RAISE(ABORT, 'alerts are a log: an alert is resolved, never deleted');
END;

CREATE TRIGGER alerts_start_open BEFORE INSERT ON alerts
WHEN EXISTS (SELECT 1 FROM alerts WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM alerts WHERE key = NEW.key AND resolved_at IS NULL)
  OR coalesce(NOT (NEW.resolved_at IS NULL AND NEW.resolution IS NULL AND NEW.acknowledged_by IS NULL
                   AND NEW.acknowledged_at IS NULL), 1)
BEGIN
    SELECT RAISE(ABORT, 'alerts are a log: a new alert starts open and unacknowledged, once per open condition, and no row is replaced');
END;

CREATE TRIGGER alerts_resolve_and_acknowledge_once BEFORE UPDATE ON alerts
WHEN coalesce(NOT (
    NEW.id IS OLD.id AND NEW.key IS OLD.key AND NEW.rule IS OLD.rule AND NEW.indicator_id IS OLD.indicator_id
    AND NEW.source IS OLD.source AND NEW.opened_at IS OLD.opened_at AND NEW.title IS OLD.title
    AND NEW.explanation IS OLD.explanation AND NEW.detail IS OLD.detail
    AND ((NEW.resolved_at IS OLD.resolved_at AND NEW.resolution IS OLD.resolution)
         OR (OLD.resolved_at IS NULL AND OLD.resolution IS NULL AND NEW.resolved_at IS NOT NULL
             AND length(trim(NEW.resolution)) > 0))
    AND ((NEW.acknowledged_by IS OLD.acknowledged_by AND NEW.acknowledged_at IS OLD.acknowledged_at)
         OR (OLD.acknowledged_by IS NULL AND OLD.acknowledged_at IS NULL AND NEW.acknowledged_at IS NOT NULL
             AND length(trim(NEW.acknowledged_by)) > 0))
), 1)
BEGIN
    SELECT RAISE(ABORT, 'alerts are a log: an alert is resolved once (time and why) and acknowledged once (who and when); nothing else changes');
END;

CREATE TABLE alert_deliveries (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL REFERENCES alerts (id),
    event TEXT NOT NULL CHECK (event IN ('opened', 'resolved')),
    channel TEXT NOT NULL,
    attempted_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error TEXT
);
CREATE INDEX alert_deliveries_by_alert ON alert_deliveries (alert_id, event);

CREATE TRIGGER alert_deliveries_no_update BEFORE UPDATE ON alert_deliveries
BEGIN
    SELECT RAISE(ABORT, 'alert deliveries are a log: rows are never changed');
END;

CREATE TRIGGER alert_deliveries_no_delete BEFORE DELETE ON alert_deliveries
BEGIN
    SELECT RAISE(ABORT, 'alert deliveries are a log: rows are never deleted');
END;

CREATE TRIGGER alert_deliveries_no_replace BEFORE INSERT ON alert_deliveries
WHEN EXISTS (SELECT 1 FROM alert_deliveries WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'alert deliveries are a log: no row is replaced');
END;
