-- Stock moves made by the API are no longer announced by a trigger, one notification per
-- transaction: a transaction that notifies holds a database-wide lock from its commit until the
-- commit is flushed, so every checkout committed alone. The API now announces its own updates
-- (an edit in its own statement, stock moves in batches after commit: StockAnnouncer), and says
-- so on each of its connections (SET ecommerce.announces_updates = on). The update trigger stays
-- for everyone else: psql, scripts, later migrations. Inserts and deletes keep theirs.
DROP TRIGGER products_changed ON products;

CREATE TRIGGER products_changed AFTER INSERT OR DELETE ON products
  FOR EACH ROW EXECUTE FUNCTION products_notify();

CREATE TRIGGER products_updated AFTER UPDATE ON products
  FOR EACH ROW WHEN (current_setting('ecommerce.announces_updates', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION products_notify();
