-- Issue 12: the sweeper looks for orders still CREE or VALIDEE created before a cutoff,
-- oldest first, a bounded batch per pass.
CREATE INDEX orders_status_created ON orders (status, created_at);
