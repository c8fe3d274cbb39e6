-- Issue 14: uploaded images live in the database when it is configured, so every instance
-- behind a load balancer serves every image (they were files in each instance's UPLOAD_DIR).
-- Names are generated (UUID + extension) and never reused, so a row is never updated.
CREATE TABLE images (
  name         text PRIMARY KEY,
  content_type text NOT NULL,
  size_bytes   integer NOT NULL CHECK (size_bytes = octet_length(bytes)),
  bytes        bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
