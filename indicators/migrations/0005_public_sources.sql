-- The overview counts each indicator's distinct public sources among the figures in force: an index holding
-- exactly those pairs answers it without reading the table.

CREATE INDEX observations_public_sources ON observations (indicator_id, source_url)
    WHERE status = 'active' AND source_confidential = 0;
