-- Issue 26: accounts a customer can recover, and the mail outbox.

-- An address is verified once its owner followed a link sent to it. Accounts that existed
-- before this migration start unverified; nothing is refused for that unless
-- REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT is turned on.
ALTER TABLE users ADD COLUMN IF NOT EXISTS email_verified boolean NOT NULL DEFAULT false;

-- Single-use links (password reset, address verification, address change): only the SHA-256 of
-- the token is stored. One live token per user and purpose, so a new request replaces the old.
CREATE TABLE IF NOT EXISTS account_tokens (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('reset', 'verify', 'email_change')),
  -- The address the link was sent to: the one verified, or the new one of an address change.
  email text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  UNIQUE (user_id, purpose)
);
CREATE INDEX IF NOT EXISTS account_tokens_expiry ON account_tokens (expires_at);

-- Every mail is a row written in the same transaction as the change that causes it; a worker
-- renders and delivers the due ones (docs/mail.md).
CREATE TABLE IF NOT EXISTS outbox (
  id text PRIMARY KEY,
  template text NOT NULL,
  recipient text NOT NULL,
  -- What the template needs, frozen when the change committed.
  data jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- When a pending row is next due; a claimed row is pushed past its lease.
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS outbox_by_status ON outbox (status, created_at DESC, id);
