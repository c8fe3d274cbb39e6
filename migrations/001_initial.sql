-- Ids are text (UUIDs we issue): an unknown or odd id in a request is a plain miss, not a cast error.
-- Money is integer cents; time is timestamptz. `seq` columns give a stable creation order.

CREATE TABLE users (
  id            text PRIMARY KEY,
  email         text NOT NULL UNIQUE CHECK (email = lower(email)),
  password_hash text NOT NULL,
  first_name    text NOT NULL,
  last_name     text NOT NULL,
  address       text NOT NULL,
  is_admin      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);

CREATE TABLE products (
  id          text PRIMARY KEY,
  seq         bigserial NOT NULL UNIQUE,
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  stock_qty   integer NOT NULL CHECK (stock_qty >= 0),
  active      boolean NOT NULL DEFAULT true,
  image_url   text,
  created_at  timestamptz NOT NULL,
  -- Accent- and case-folded forms, computed by the application on every write.
  name_key    text NOT NULL,
  search_text text NOT NULL
);
CREATE INDEX products_name_order ON products (name_key, seq);
CREATE INDEX products_price_order ON products (price_cents, seq);

CREATE TABLE cart_items (
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  product_id text NOT NULL REFERENCES products (id),
  quantity   integer NOT NULL CHECK (quantity > 0),
  seq        bigserial NOT NULL,
  PRIMARY KEY (user_id, product_id)
);

CREATE TABLE orders (
  id                 text PRIMARY KEY,
  seq                bigserial NOT NULL UNIQUE,
  user_id            text NOT NULL REFERENCES users (id),
  items              jsonb NOT NULL,
  status             text NOT NULL CHECK (status IN ('CREE', 'VALIDEE', 'PAYEE', 'EXPEDIEE', 'LIVREE', 'ANNULEE', 'REMBOURSEE')),
  total_cents        integer NOT NULL CHECK (total_cents >= 0),
  shipping_address   text,
  created_at         timestamptz NOT NULL,
  validated_at       timestamptz,
  paid_at            timestamptz,
  shipped_at         timestamptz,
  delivered_at       timestamptz,
  cancelled_at       timestamptz,
  refunded_at        timestamptz,
  delivery           jsonb,
  invoice_id         text,
  payment_id         text,
  refunded_cents     integer NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0 AND refunded_cents <= total_cents),
  -- Set while a charge is with the gateway; a claim older than a minute is considered abandoned.
  payment_claimed_at timestamptz,
  history            jsonb NOT NULL
);
CREATE INDEX orders_user_order ON orders (user_id, seq);
CREATE INDEX orders_status_order ON orders (status, seq);

CREATE TABLE payments (
  id                text PRIMARY KEY,
  seq               bigserial NOT NULL UNIQUE,
  order_id          text NOT NULL REFERENCES orders (id),
  user_id           text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('charge', 'refund')),
  amount_cents      integer NOT NULL,
  succeeded         boolean NOT NULL,
  card_last4        text,
  gateway_reference text,
  created_at        timestamptz NOT NULL
);
CREATE INDEX payments_order_id ON payments (order_id, seq);

CREATE TABLE invoice_counters (
  year        integer PRIMARY KEY,
  last_number integer NOT NULL
);

CREATE TABLE invoices (
  id                   text PRIMARY KEY,
  number               text NOT NULL UNIQUE,
  order_id             text NOT NULL UNIQUE REFERENCES orders (id),
  user_id              text NOT NULL,
  lines                jsonb NOT NULL,
  total_cents          integer NOT NULL,
  vat_rate_percent     numeric NOT NULL,
  total_excl_vat_cents integer NOT NULL,
  vat_cents            integer NOT NULL,
  issued_at            timestamptz NOT NULL
);

CREATE TABLE idempotency_keys (
  key          text PRIMARY KEY,
  request_hash text NOT NULL,
  response     jsonb,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

CREATE TABLE support_threads (
  id         text PRIMARY KEY,
  seq        bigserial NOT NULL UNIQUE,
  user_id    text NOT NULL REFERENCES users (id),
  order_id   text REFERENCES orders (id),
  subject    text NOT NULL,
  closed     boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE INDEX support_threads_user ON support_threads (user_id, seq);

CREATE TABLE support_messages (
  id             text PRIMARY KEY,
  seq            bigserial NOT NULL UNIQUE,
  thread_id      text NOT NULL REFERENCES support_threads (id) ON DELETE CASCADE,
  author_user_id text,
  author_name    text NOT NULL,
  body           text NOT NULL,
  created_at     timestamptz NOT NULL
);
CREATE INDEX support_messages_thread ON support_messages (thread_id, seq);

CREATE TABLE login_failures (
  key text NOT NULL,
  at  timestamptz NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
