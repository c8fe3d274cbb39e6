-- Issue 12: at most N open support threads per customer. The count lives on the user's row,
-- so "take a slot and insert" is one statement whose UPDATE locks that row: concurrent
-- openings by one customer are counted one after the other, across instances.
ALTER TABLE users ADD COLUMN open_threads integer NOT NULL DEFAULT 0;
UPDATE users u SET open_threads = (
  SELECT count(*) FROM support_threads t WHERE t.user_id = u.id AND NOT t.closed
);
