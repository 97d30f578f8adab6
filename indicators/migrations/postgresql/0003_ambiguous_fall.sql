-- worse_when gains 'up_fall_ambiguous': a rise reads as weaker legitimacy, a fall only with its context.

ALTER TABLE indicators DROP CONSTRAINT indicators_worse_when_check,
    ADD CONSTRAINT indicators_worse_when_check
        CHECK (worse_when IN ('up', 'down', 'none', 'up_fall_ambiguous'));
