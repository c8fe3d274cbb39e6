-- Issue 12: a login attempt takes its slot before the password is checked, with one atomic
-- upsert per (address, email) window, instead of counting failures recorded after the check
-- (which a concurrent burst passed whole). The failure log it replaces held nothing durable.
CREATE TABLE login_attempts (
  key      text PRIMARY KEY,
  count    integer NOT NULL,
  reset_at timestamptz NOT NULL
);
CREATE INDEX login_attempts_reset ON login_attempts (reset_at);
DROP TABLE login_failures;
