-- The kind of number widens beyond flow and level (cumulative, edition, occasional, modelled, list_size), and
-- each indicator's comparison basis is kept beside it: the charts aggregate on the basis (a rate per 30 days
-- only for a basis per 30 days), so that points, the baseline rule and the axis share one unit.

ALTER TABLE indicators DROP CONSTRAINT indicators_kind_check,
    ADD CONSTRAINT indicators_kind_check
        CHECK (kind IN ('flow', 'level', 'cumulative', 'edition', 'occasional', 'modelled', 'list_size')),
    ADD COLUMN basis TEXT COLLATE "C" NOT NULL DEFAULT 'level'
        CHECK (basis IN ('per_30_days', 'level', 'per_edition', 'per_year'));

UPDATE indicators SET basis = 'per_30_days' WHERE kind = 'flow';
